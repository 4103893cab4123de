#!/usr/bin/env bash
# Shows the seed platform that scripts/deploy-all.sh installed: releases, pods, and Floe's own view
# (readiness of every node, the catalogs) through a port-forward. Needs kubectl, helm, curl.
set -euo pipefail
namespace="${NAMESPACE:-lakehouse}"
echo "== releases"
helm list -n "$namespace"
echo "== pods"
kubectl -n "$namespace" get pods -o wide
echo "== Floe nodes (readiness)"
for pod in $(kubectl -n "$namespace" get pods -l app.kubernetes.io/name=floe -o name); do
  ready=$(kubectl -n "$namespace" get "$pod" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')
  echo "$pod ready=$ready"
done
echo "== Floe health"
kubectl -n "$namespace" port-forward svc/floe 18181:8181 >/dev/null 2>&1 &
forward=$!
trap 'kill $forward 2>/dev/null || true' EXIT
sleep 2
curl -s http://127.0.0.1:18181/q/health/ready || echo "Floe is not reachable"
echo
