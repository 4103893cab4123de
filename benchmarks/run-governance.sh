#!/usr/bin/env bash
# The governance evaluation benchmark (see benchmarks/README.md, "Governance evaluation"):
# GovernanceEvaluator in process on a 250-column fixture, then POST /api/governance/v1/evaluate
# against Floe's packaged server on a real PostgreSQL. Report: benchmarks/results/governance.md.
#
#   benchmarks/run-governance.sh [--measure-seconds 20]
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib-bench.sh"
run_floe_bench GovernanceBench governance-work \
  "$@"
