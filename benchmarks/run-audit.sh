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

. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
run_floe_bench AuditBench audit-work \
  --warmup-seconds 15 \
  --measure-seconds 30 \
  --server-jvm-opts "-Xmx1g" \
  "$@"
