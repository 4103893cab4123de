#!/usr/bin/env bash
# Verifies Floe's audit hash chain straight from PostgreSQL, without the server (docs/audit.md):
#
#   PGPASSWORD=... scripts/audit-verify.sh --jdbc-url jdbc:postgresql://db:5432/floe --user floe \
#       --public-key audit-checkpoint-key.pub.pem [--checkpoints-file audit-checkpoints.jsonl]
#
# Exit status: 0 every record and checkpoint verifies, 1 a problem was found (named by sequence
# number), 2 bad arguments or the database could not be read. Needs a built Floe
# (./mvnw -DskipTests package): it runs the verifier of the audit module on the server's libraries.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lib="$root/catalog-server/target/quarkus-app/lib/main"
if [ ! -d "$lib" ]; then
  echo "audit-verify: $lib is missing; build Floe first (./mvnw -DskipTests package)" >&2
  exit 2
fi
. "$root/scripts/find-jdk.sh"
exec "$JAVA_HOME/bin/java" -cp "$lib/*" dev.floe.audit.chain.VerifyChainCommand "$@"
