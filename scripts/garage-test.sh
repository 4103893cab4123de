#!/usr/bin/env bash
# Runs Floe's S3 integration tests (ITS3*) against Garage instead of S3Proxy.
#
# Builds Garage with cargo the first time (into ~/.cache/floe/garage-<version>; 2.1.0 took 742 s
# on a busy 2-core machine; the time is printed), starts a single-node Garage on loopback ports, creates an
# access key allowed to create buckets, and runs the tests with the key in the environment that
# FloeTestServer hands to the Floe server (FLOE_IT_S3_*). Needs cargo, a JDK 25 and the ports free.
#
#   scripts/garage-test.sh                 # build if needed, then test
#   GARAGE_VERSION=2.1.0 scripts/garage-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

version="${GARAGE_VERSION:-2.1.0}"
root="${GARAGE_ROOT:-$HOME/.cache/floe/garage-$version}"
garage="$root/bin/garage"

if [ ! -x "$garage" ]; then
  command -v cargo >/dev/null || { echo "garage-test: cargo is needed to build Garage" >&2; exit 1; }
  started=$(date +%s)
  cargo install garage --version "$version" --locked --root "$root"
  echo "garage-test: built Garage $version in $(( $(date +%s) - started )) s"
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
s3_port=$(free_port)
rpc_port=$(free_port)
admin_port=$(free_port)
work=$(mktemp -d)
config="$work/garage.toml"
cat > "$config" <<TOML
metadata_dir = "$work/meta"
data_dir = "$work/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$rpc_port"
rpc_public_addr = "127.0.0.1:$rpc_port"
rpc_secret = "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$s3_port"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:$admin_port"
TOML

"$garage" -c "$config" server > "$work/garage.log" 2>&1 &
garage_pid=$!
cleanup() {
  kill "$garage_pid" 2>/dev/null || true
  wait "$garage_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  if "$garage" -c "$config" status >/dev/null 2>&1; then break; fi
  sleep 0.2
done
node=$("$garage" -c "$config" node id -q | cut -d@ -f1)
"$garage" -c "$config" layout assign -z dc1 -c 1G "$node" >/dev/null
"$garage" -c "$config" layout apply --version 1 >/dev/null
key_info=$("$garage" -c "$config" key create floe-it)
access_key=$(printf '%s\n' "$key_info" | awk -F': *' '/Key ID/ {print $2; exit}' | tr -d ' ')
secret_key=$(printf '%s\n' "$key_info" | awk -F': *' '/Secret key/ {print $2; exit}' | tr -d ' ')
[ -n "$access_key" ] && [ -n "$secret_key" ] || { echo "garage-test: cannot read the key from: $key_info" >&2; exit 1; }
"$garage" -c "$config" key allow --create-bucket floe-it >/dev/null
echo "garage-test: Garage $version on http://127.0.0.1:$s3_port (region garage)"

export FLOE_IT_S3_ACCESS_KEY_ID="$access_key"
export FLOE_IT_S3_SECRET_ACCESS_KEY="$secret_key"
./mvnw -B verify -pl catalog-server -am -Dit.test='ITS3*' -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfloe.it.s3.endpoint="http://127.0.0.1:$s3_port" -Dfloe.it.s3.region=garage "$@"
