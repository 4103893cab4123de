#!/usr/bin/env bash
# Floe vs Iceberg's reference REST catalog server, side by side, in one run (see benchmarks/README.md).
#
#   benchmarks/run.sh            full suite (about 8 minutes on 2 cores, build included)
#   benchmarks/run.sh --quick    short smoke run of every scenario (about 2 minutes)
#
# Builds Floe's packaged server and the benchmark module with ./mvnw, then runs the harness.
# Results: benchmarks/results/latest.md, latest.json, latest.png. Work files and server logs:
# benchmarks/target/bench-work/. Other harness options (see Settings.java) pass through, e.g.
#   --only floe,reference | --all-scenarios (floe-opa too) | --server-jvm-opts "-Xmx1g"
#   --floe-extra-jvm-opts "-XX:StartFlightRecording=..."
#   --open-rates 1000,2000 | --pg-synchronous-commit false | --no-metrics-reporting
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
started=$(date +%s)

# the JDK ./mvnw uses: JAVA_HOME when 25+, else the newest 25+ under /usr/lib/jvm, /opt
find_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -f "$candidate/release" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  echo "$best"
}
jdk="$(find_jdk)"
if [ -z "$jdk" ]; then
  echo "run.sh: needs a JDK 25 or newer (as ./mvnw does)" >&2
  exit 1
fi

echo "== building Floe (catalog-server) and the benchmark module"
./mvnw -B -q -Pbenchmarks -DskipTests package -pl catalog-server,benchmarks -am
built=$(date +%s)
echo "   built in $((built - started)) s"

# OPA for the floe-opa server (Floe with FLOE_AUTHORIZATION_TYPE=opa); without it that run fails
# and the report says so, the others still run
opa_binary=""
if scripts/install-opa.sh; then
  opa_binary="$(go env GOPATH)/bin/opa"
  command -v "$opa_binary" >/dev/null 2>&1 || opa_binary="$(command -v opa || true)"
else
  echo "run.sh: OPA not installed (scripts/install-opa.sh failed): floe-opa will not run" >&2
fi

classes="benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)"
echo "== running the suite (JDK: $jdk)"
"$jdk/bin/java" -Xms512m -Xmx1g -Djava.awt.headless=true -cp "$classes" dev.floe.bench.BenchMain \
  --floe-jar catalog-server/target/quarkus-app/quarkus-run.jar \
  --reference-classpath benchmarks/target/reference.classpath \
  --work benchmarks/target/bench-work \
  --out benchmarks/results \
  --opa-binary "$opa_binary" \
  --opa-policy policy/src/main/resources/floe/rego \
  "$@"

finished=$(date +%s)
echo "== done in $((finished - started)) s (build $((built - started)) s, suite $((finished - built)) s)"
echo "   report: benchmarks/results/latest.md  latest.json  latest.png"
