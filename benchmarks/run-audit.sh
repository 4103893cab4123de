#!/usr/bin/env bash
# What the audit trail costs a warm loadTable (see benchmarks/README.md, "Audit trail"): in one run,
# Floe's packaged server on a real PostgreSQL with audit off (FLOE_AUDIT_ENABLED=false, a benchmark
# setting only), audit on (one event per decision) and audit on with read aggregation
# (FLOE_AUDIT_AGGREGATE_READS_WINDOW), 16 clients loading the same table. Reports throughput and
# ratios, floe.audit.events.dropped (must be 0) and audit rows added per phase.
# Report: benchmarks/results/audit-<date>.md. About 4 minutes on 2 cores, build included.
#
#   benchmarks/run-audit.sh [--measure-seconds 30] [--warmup-seconds 15] [--aggregate-window PT1S] [--clients 16]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
. scripts/find-jdk.sh
jdk="${JAVA_HOME:?scripts/find-jdk.sh sets JAVA_HOME}"

echo "== building Floe (catalog-server) and the benchmark module"
./mvnw -B -q -Pbenchmarks -DskipTests package -pl catalog-server,benchmarks -am

classes="benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)"
rm -rf benchmarks/target/audit-work
"$jdk/bin/java" -Xms256m -Xmx1g -cp "$classes" dev.floe.bench.AuditBench \
  --floe-jar catalog-server/target/quarkus-app/quarkus-run.jar \
  --reference-classpath benchmarks/target/reference.classpath \
  --work benchmarks/target/audit-work \
  --out benchmarks/results \
  --warmup-seconds 15 \
  --measure-seconds 30 \
  --server-jvm-opts "-Xmx1g" \
  "$@"
