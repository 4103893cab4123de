#!/usr/bin/env bash
# Lineage (see benchmarks/README.md, "Lineage"): in one run, Floe's packaged server on a real
# PostgreSQL: OpenLineage ingest at 16 closed-loop clients against the floor of an authenticated
# GET (count accepted = count stored), then depth-5 upstream queries on a graph of 10,000 datasets
# and 50,000 edges. Report: benchmarks/results/lineage-<date>.md. About 3 minutes on 2 cores,
# build included.
#
#   benchmarks/run-lineage.sh [--measure-seconds 30] [--warmup-seconds 10] [--clients 16] [--query-clients 4] [--datasets 10000]
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
run_floe_bench LineageBench lineage-work \
  --warmup-seconds 10 \
  --measure-seconds 30 \
  --server-jvm-opts "-Xmx1g" \
  "$@"
