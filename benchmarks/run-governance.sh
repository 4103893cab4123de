#!/usr/bin/env bash
# The governance evaluation benchmark (see benchmarks/README.md, "Governance evaluation"):
# GovernanceEvaluator in process on a 250-column fixture, then POST /api/governance/v1/evaluate
# against Floe's packaged server on a real PostgreSQL. Report: benchmarks/results/governance.md.
#
#   benchmarks/run-governance.sh [--measure-seconds 20]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
. scripts/find-jdk.sh
jdk="${JAVA_HOME:?scripts/find-jdk.sh sets JAVA_HOME}"

echo "== building Floe (catalog-server) and the benchmark module"
./mvnw -B -q -Pbenchmarks -DskipTests package -pl catalog-server,benchmarks -am

classes="benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)"
rm -rf benchmarks/target/governance-work
"$jdk/bin/java" -Xms256m -Xmx1g -cp "$classes" dev.floe.bench.GovernanceBench \
  --floe-jar catalog-server/target/quarkus-app/quarkus-run.jar \
  --reference-classpath benchmarks/target/reference.classpath \
  --work benchmarks/target/governance-work \
  --out benchmarks/results \
  "$@"
