#!/usr/bin/env bash
# Floe vs Iceberg's reference REST catalog server, side by side, in one run (see benchmarks/README.md).
#
#   benchmarks/run.sh            full suite (about 25 minutes on a quiet 2-core machine, build included)
#   benchmarks/run.sh --quick    short smoke run of every scenario (about 8 minutes)
#   benchmarks/run.sh --scenarios core        the original suite alone (about 13 minutes)
#
# Builds Floe's packaged server and the benchmark module with ./mvnw, then runs the harness.
# Results: benchmarks/results/latest.md, latest.json, latest.png. Work files and server logs:
# benchmarks/target/bench-work/. Other harness options (see Settings.java) pass through, e.g.
#   --only floe,reference | --all-scenarios (floe-opa too) | --server-jvm-opts "-Xmx1g"
#   --floe-extra-jvm-opts "-XX:StartFlightRecording=..."
#   --open-rates 1000,2000 | --pg-synchronous-commit false | --no-metrics-reporting
#   --scenarios core,floor,two-nodes,scale | --scale-tables 100000 | --staleness-samples 200
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

# nginx and wrk for the floor scenario (Debian's packages nginx-light and wrk), installed when
# missing and the floor scenario is selected (the default); without them that scenario fails and
# the report says so
floor=1
previous=""
for arg in "$@"; do
  if [ "$previous" = "--scenarios" ] && [[ ",$arg," != *,floor,* ]]; then floor=0; fi
  previous="$arg"
done
floor_args=()
if [ "$floor" = 1 ]; then
  if ! command -v nginx >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1; then
    echo "== installing nginx and wrk (Debian packages nginx-light, wrk)"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wrk >/dev/null \
        || echo "run.sh: could not install nginx-light and wrk: the floor scenario will fail" >&2
    else
      echo "run.sh: nginx or wrk missing and apt-get not usable here (needs root): the floor scenario will fail" >&2
    fi
  fi
  if command -v nginx >/dev/null 2>&1; then floor_args+=(--nginx-binary "$(command -v nginx)"); fi
  if command -v wrk >/dev/null 2>&1; then floor_args+=(--wrk-binary "$(command -v wrk)"); fi
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
  ${floor_args[@]+"${floor_args[@]}"} \
  "$@"

finished=$(date +%s)
echo "== done in $((finished - started)) s (build $((built - started)) s, suite $((finished - built)) s)"
echo "   report: benchmarks/results/latest.md  latest.json  latest.png  scale.png"
