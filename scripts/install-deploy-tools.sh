#!/usr/bin/env bash
# Installs the tools the deploy module's tests run, once, into a cache directory:
#   helm     go install helm.sh/helm/v3/cmd/helm@vVERSION  → TOOLS/helm-VERSION/helm
#   checkov  a Python venv with checkov==VERSION            → TOOLS/checkov-VERSION/bin/checkov
# Idempotent: does nothing for a tool already there. Needs Go and Python 3 (with venv).
#
#   install-deploy-tools.sh TOOLS-DIR HELM-VERSION CHECKOV-VERSION
set -euo pipefail
tools="$1"
helm_version="$2"
checkov_version="$3"
mkdir -p "$tools"

helm_dir="$tools/helm-$helm_version"
if [ ! -x "$helm_dir/helm" ]; then
  command -v go >/dev/null 2>&1 || { echo "install-deploy-tools: helm needs Go (go install)" >&2; exit 1; }
  echo "install-deploy-tools: building helm $helm_version with go install (once, a minute or two)" >&2
  rm -rf "$helm_dir.tmp"
  GOBIN="$helm_dir.tmp" go install "helm.sh/helm/v3/cmd/helm@v$helm_version"
  rm -rf "$helm_dir" && mv "$helm_dir.tmp" "$helm_dir"
fi

checkov_dir="$tools/checkov-$checkov_version"
# a venv cannot be moved (its scripts name its path): built in place, marked complete at the end
if [ ! -f "$checkov_dir/.complete" ]; then
  echo "install-deploy-tools: installing checkov $checkov_version into a venv (once, about a minute)" >&2
  rm -rf "$checkov_dir"
  python3 -m venv "$checkov_dir"
  "$checkov_dir/bin/pip" install -q --disable-pip-version-check "checkov==$checkov_version"
  touch "$checkov_dir/.complete"
fi
echo "install-deploy-tools: helm $("$helm_dir/helm" version --template '{{.Version}}'), checkov $("$checkov_dir/bin/checkov" --version)"
