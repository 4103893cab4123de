#!/usr/bin/env bash
# Installs the seed platform with Floe at its centre on a Kubernetes cluster (kubectl's current
# context), in one namespace, with the values files of charts/examples/:
#   PostgreSQL (Floe's and Keycloak's databases), Garage (the warehouse bucket and key), Keycloak
#   (realm floe), Floe (3 nodes), Trino (catalog `lake` governed by Floe, Floe's plugin, OpenLineage
#   to Floe), Dagster (OpenLineage to Floe), and OPA when WITH_OPA=1.
# Secrets are generated here once (random), stored only in the cluster, and never printed; run it
# again to upgrade (existing Secrets are kept). Needs kubectl, helm, openssl, curl and jq.
#
#   FLOE_IMAGE=registry.example.com/lakehouse/floe:0.1.0-SNAPSHOT \
#   GARAGE_CHART=<garage checkout>/script/helm/garage scripts/deploy-all.sh
#
# FLOE_IMAGE: Floe's image (deploy/target/floe-image.tar pushed to your registry, e.g. with
# `skopeo copy oci-archive:deploy/target/floe-image.tar docker://$FLOE_IMAGE`). NAMESPACE (default lakehouse) must match
# the service names in charts/examples (*.lakehouse.svc).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
examples="$here/charts/examples"
namespace="${NAMESPACE:-lakehouse}"
floe_image="${FLOE_IMAGE:?set FLOE_IMAGE to Floe's image in your registry (repository:tag)}"
garage_chart="${GARAGE_CHART:?set GARAGE_CHART to Garage's chart directory (script/helm/garage of a Garage checkout)}"
with_opa="${WITH_OPA:-0}"

for tool in kubectl helm openssl curl jq; do
  command -v "$tool" >/dev/null || { echo "deploy-all: needs $tool" >&2; exit 1; }
done
kube() { kubectl -n "$namespace" "$@"; }
random() { openssl rand -hex "${1:-24}"; }
# secret NAME KEY=VALUE...: created once, kept on later runs
secret() {
  local name="$1"; shift
  if ! kube get secret "$name" >/dev/null 2>&1; then
    local args=()
    for pair in "$@"; do args+=(--from-literal="$pair"); done
    kube create secret generic "$name" "${args[@]}" >/dev/null
    echo "deploy-all: created Secret $name"
  fi
}
secret_value() { kube get secret "$1" -o jsonpath="{.data.$2}" | base64 -d; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null
helm repo add codecentric https://codecentric.github.io/helm-charts >/dev/null
helm repo add trino https://trinodb.github.io/charts >/dev/null
helm repo add dagster https://dagster-io.github.io/helm >/dev/null
[ "$with_opa" = 1 ] && helm repo add opa https://open-policy-agent.github.io/kube-mgmt/charts >/dev/null
helm repo update >/dev/null

echo "deploy-all: PostgreSQL"
secret floe-database password="$(random)" postgres-password="$(random)"
secret keycloak-database password="$(random)"
helm upgrade --install floe-postgresql bitnami/postgresql -n "$namespace" -f "$examples/postgresql-values.yaml" --wait
keycloak_password="$(secret_value keycloak-database password)"
kube exec floe-postgresql-0 -- env PGPASSWORD="$(secret_value floe-database postgres-password)" psql -U postgres -v ON_ERROR_STOP=0 -q \
  -c "CREATE ROLE keycloak LOGIN PASSWORD '$keycloak_password'" -c "CREATE DATABASE keycloak OWNER keycloak" 2>/dev/null || true

echo "deploy-all: Garage"
helm upgrade --install garage "$garage_chart" -n "$namespace" -f "$examples/garage-values.yaml" --wait
garage() { kube exec garage-0 -- /garage "$@"; }
if garage layout show 2>/dev/null | grep -q "No nodes"; then
  node_id=$(garage node id -q | cut -d@ -f1)
  garage layout assign -z seed -c 50G "$node_id" >/dev/null
  garage layout apply --version 1 >/dev/null
fi
secret floe-garage-key access-key-id="GK$(random 12)" secret-access-key="$(random 32)"
access_key="$(secret_value floe-garage-key access-key-id)"
garage key info "$access_key" >/dev/null 2>&1 || garage key import --yes -n floe "$access_key" "$(secret_value floe-garage-key secret-access-key)" >/dev/null
garage bucket info lakehouse >/dev/null 2>&1 || garage bucket create lakehouse >/dev/null
garage bucket allow --read --write --owner lakehouse --key "$access_key" >/dev/null

echo "deploy-all: Keycloak"
secret keycloak-admin username=admin password="$(random)"
kube create configmap floe-keycloak-realm --from-file=floe-realm.json="$here/docs/keycloak/floe-realm.json" \
  --dry-run=client -o yaml | kube apply -f - >/dev/null
helm upgrade --install keycloak codecentric/keycloakx -n "$namespace" -f "$examples/keycloak-values.yaml" --wait --timeout 10m

if [ "$with_opa" = 1 ]; then
  echo "deploy-all: OPA with Floe's Rego bundle"
  kube create configmap floe-rego $(for f in "$here"/policy/src/main/resources/floe/rego/*.rego; do printf -- '--from-file=%s ' "$f"; done) \
    --dry-run=client -o yaml | kubectl label --local -f - openpolicyagent.org/policy=rego -o yaml | kube apply -f - >/dev/null
  helm upgrade --install opa opa/opa-kube-mgmt -n "$namespace" -f "$examples/opa-values.yaml" --wait
  opa_settings=(--set floe.authorization.type=opa --set floe.authorization.opaUrl=http://opa."$namespace".svc:8181)
else
  opa_settings=()
fi

echo "deploy-all: Floe"
secret floe-bootstrap credentials="root:$(random)"
if ! kube get secret floe-audit-signing-key >/dev/null 2>&1; then
  key_dir=$(mktemp -d); trap 'rm -rf "$key_dir"' EXIT
  openssl genpkey -algorithm ed25519 -out "$key_dir/private.pem"
  openssl pkey -in "$key_dir/private.pem" -pubout -out "$key_dir/public.pem"
  cat "$key_dir/private.pem" "$key_dir/public.pem" > "$key_dir/signing-key.pem"
  kube create secret generic floe-audit-signing-key --from-file=signing-key.pem="$key_dir/signing-key.pem" >/dev/null
  echo "deploy-all: created Secret floe-audit-signing-key (keep a copy of its public half for audit-verify)"
fi
helm upgrade --install floe "$here/charts/floe" -n "$namespace" -f "$examples/floe-values.yaml" \
  --set image.repository="${floe_image%:*}" --set image.tag="${floe_image##*:}" "${opa_settings[@]}" --wait --timeout 10m

# the catalog `lake` on Garage and Trino's trusted-engine principal, through Floe's management API
kube port-forward svc/floe 18181:8181 >/dev/null 2>&1 &
forward=$!; trap 'kill $forward 2>/dev/null || true' EXIT
sleep 3
root_credentials="$(secret_value floe-bootstrap credentials)"
floe_api=http://127.0.0.1:18181
token=$(curl -sf "$floe_api/api/catalog/v1/oauth/tokens" -d grant_type=client_credentials \
  -d client_id="${root_credentials%%:*}" -d client_secret="${root_credentials#*:}" -d scope=PRINCIPAL_ROLE:ALL | jq -r .access_token)
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
M=$floe_api/api/management/v1
api "$M/catalogs/lake" >/dev/null 2>&1 || api -X POST "$M/catalogs" -d '{"name": "lake", "storage-root": "s3://lakehouse/warehouse",
  "properties": {"s3.endpoint": "http://garage.'"$namespace"'.svc:3900", "s3.region": "garage",
                 "s3.path-style-access": "true", "s3.credentials": "env:GARAGE"}}' >/dev/null
if ! kube get secret trino-floe >/dev/null 2>&1; then
  engine=$(api -X POST "$M/principals" -d '{"name": "trino_engine"}')
  api -X POST "$M/principal-roles" -d '{"name": "trino_engines", "trusted-engine": true}' >/dev/null || true
  api -X PUT "$M/principals/trino_engine/principal-roles/trino_engines" >/dev/null
  client_id=$(jq -r .credentials.\"client-id\" <<<"$engine"); client_secret=$(jq -r .credentials.\"client-secret\" <<<"$engine")
  lineage=$(api -X POST "$M/principals" -d '{"name": "trino_lineage"}')
  secret trino-floe FLOE_TRINO_CLIENT_ID="$client_id" FLOE_TRINO_CLIENT_SECRET="$client_secret" \
    FLOE_TRINO_CREDENTIAL="$client_id:$client_secret" \
    FLOE_TRINO_LINEAGE_KEY="$(jq -r '.credentials."client-id" + ":" + .credentials."client-secret"' <<<"$lineage")" \
    GARAGE_ACCESS_KEY_ID="$access_key" GARAGE_SECRET_ACCESS_KEY="$(secret_value floe-garage-key secret-access-key)"
fi
kill $forward 2>/dev/null || true

echo "deploy-all: Trino"
# the plugin's init containers run Floe's image: the example's placeholder replaced by FLOE_IMAGE
trino_values=$(mktemp); sed "s#registry.example.com/lakehouse/floe:0.1.0-SNAPSHOT#$floe_image#" "$examples/trino-values.yaml" > "$trino_values"
helm upgrade --install trino trino/trino -n "$namespace" -f "$trino_values" --wait --timeout 10m
rm -f "$trino_values"

echo "deploy-all: Dagster"
if ! kube get secret dagster-floe >/dev/null 2>&1; then
  kube port-forward svc/floe 18181:8181 >/dev/null 2>&1 &
  forward=$!
  sleep 3
  lineage=$(api -X POST "$M/principals" -d '{"name": "dagster_lineage"}')
  secret dagster-floe OPENLINEAGE_API_KEY="$(jq -r '.credentials."client-id" + ":" + .credentials."client-secret"' <<<"$lineage")"
  kill $forward 2>/dev/null || true
fi
helm upgrade --install dagster dagster/dagster -n "$namespace" -f "$examples/dagster-values.yaml" --wait --timeout 10m

"$here/scripts/status.sh"
