#!/usr/bin/env bash
# Time and memory of a PII scan of one table of 100 columns x ROWS rows (default 1,000,000):
# starts Floe on its embedded default in a temporary data directory, writes the table
# (benchmarks/pii/PiiScanTiming.java, 10 Parquet files), starts a scan (POST pii-scans) and polls
# it until done; samples the server's resident memory during the scan.
#
#   benchmarks/run-pii-scan.sh [ROWS]
set -euo pipefail
rows="${1:-1000000}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
. scripts/find-jdk.sh
[ -f catalog-server/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -pl catalog-server -am package -DskipTests
work="$(mktemp -d "${TMPDIR:-/tmp}/floe-pii-bench.XXXXXX")"
port=$(( 20000 + RANDOM % 20000 ))
FLOE_DATA_DIR="$work/data" QUARKUS_HTTP_PORT=$port ./floe > "$work/floe.log" 2>&1 &
floe_pid=$!
trap 'kill $floe_pid 2>/dev/null; wait $floe_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
credential="$(sed -n 's/^client_id=//p' "$work/data/root-credentials"):$(sed -n 's/^client_secret=//p' "$work/data/root-credentials")"
server_pid=$(pgrep -P $floe_pid java || echo $floe_pid)
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$server_pid/status; }
echo "server RSS before: $(rss) MiB"
( peak=0; while kill -0 $server_pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo $peak > "$work/peak"; sleep 0.1; done ) &
"$JAVA_HOME/bin/java" -Xmx2g -cp "catalog-server/target/quarkus-app/lib/main/*" benchmarks/pii/PiiScanTiming.java "http://localhost:$port" "$credential" "$rows"
echo "server RSS after: $(rss) MiB, peak while writing and scanning: $(cat "$work/peak") MiB"
du -sh "$work/data/warehouse" 2>/dev/null | sed 's/^/table files: /' || true
