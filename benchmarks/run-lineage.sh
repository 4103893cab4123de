#!/usr/bin/env bash
# Lineage (see benchmarks/README.md, "Lineage"): in one run, Floe's packaged server on a real
# PostgreSQL: OpenLineage ingest at 16 closed-loop clients against the floor of an authenticated
# GET (count accepted = count stored), then depth-5 upstream queries on a graph of 10,000 datasets
# and 50,000 edges. Report: benchmarks/results/lineage-<date>.md. About 3 minutes on 2 cores,
# build included.
#
#   benchmarks/run-lineage.sh [--measure-seconds 30] [--warmup-seconds 10] [--clients 16] [--query-clients 4] [--datasets 10000]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
. scripts/find-jdk.sh
jdk="${JAVA_HOME:?scripts/find-jdk.sh sets JAVA_HOME}"

echo "== building Floe (catalog-server) and the benchmark module"
./mvnw -B -q -Pbenchmarks -DskipTests package -pl catalog-server,benchmarks -am

classes="benchmarks/target/classes:$(cat benchmarks/target/harness.classpath)"
rm -rf benchmarks/target/lineage-work
"$jdk/bin/java" -Xms256m -Xmx1g -cp "$classes" dev.floe.bench.LineageBench \
  --floe-jar catalog-server/target/quarkus-app/quarkus-run.jar \
  --reference-classpath benchmarks/target/reference.classpath \
  --work benchmarks/target/lineage-work \
  --out benchmarks/results \
  --warmup-seconds 10 \
  --measure-seconds 30 \
  --server-jvm-opts "-Xmx1g" \
  "$@"
