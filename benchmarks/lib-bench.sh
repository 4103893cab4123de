# Sourced by the run-*.sh scripts of a single Floe benchmark class: builds Floe (catalog-server)
# and the benchmark module, then runs the class against the packaged server.
#
#   run_floe_bench CLASS WORK-NAME [ARGS...]   (ARGS go to the class after the common ones)
set -euo pipefail

run_floe_bench() {
  local class="$1" work="$2"
  shift 2
  local repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$repo"
  . scripts/find-jdk.sh
  local jdk="${JAVA_HOME:?scripts/find-jdk.sh sets JAVA_HOME}"

  echo "== building Floe (catalog-server) and the benchmark module"
  ./mvnw -B -q -Pbenchmarks -DskipTests package -pl catalog-server,benchmarks -am

  local classes="benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)"
  rm -rf "benchmarks/target/$work"
  "$jdk/bin/java" -Xms256m -Xmx1g -cp "$classes" "dev.floe.bench.$class" \
    --floe-jar catalog-server/target/quarkus-app/quarkus-run.jar \
    --reference-classpath benchmarks/target/reference.classpath \
    --work "benchmarks/target/$work" \
    --out benchmarks/results \
    "$@"
}
