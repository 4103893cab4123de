#!/usr/bin/env bash
# Floe's Trino plugin: latency it adds to a query, and evaluation calls per query.
#
# On one Floe (embedded default) and one Trino 476 with Floe's plugin, set up like
# scripts/trino-e2e.sh (scripts/lib-trino.sh): a 250-column, 1-row table with 50 columns tagged
# and masked for analysts and a row filter for analysts; then, through Trino's JDBC driver
# (benchmarks/trino/TrinoPluginLatency.java), run by run interleaved:
#   ungoverned     SELECT * through the ungoverned catalog (admin), as alice
#   governed-warm  SELECT * through the governed catalog (lake), as alice again and again
#   governed-cold  SELECT * through lake as a new user of group analysts each time (cache miss)
#   governed-unmasked-warm  SELECT * through lake as bob (group engineers: may read, no mask or
#                  filter reaches him): the plugin's decisions without Trino applying masks
# and Floe's floe_governance_evaluation_seconds_count before and after each governed query.
# Report: benchmarks/results/trino-plugin.md.
#
#   benchmarks/run-trino-plugin.sh [RUNS (default 200)] [WARMUP (default 30)]
set -euo pipefail

runs="${1:-200}"
warmup="${2:-30}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lt_work="$repo/benchmarks/target/trino-plugin-work"
rm -rf "$lt_work"
mkdir -p "$lt_work"
. "$repo/scripts/lib-trino.sh"
trap lt_cleanup EXIT
trap 'exit 130' INT TERM
lt_require_tools

jdbc="$lt_cache/trino-jdbc-$lt_trino_version.jar"
[ -f "$jdbc" ] || lt_maven_copy "io.trino:trino-jdbc:$lt_trino_version"

lt_start_floe
lt_trusted_engine trino_engine
groups="engineers:bob
analysts:alice"
for i in $(seq 0 $((runs + warmup - 1))); do
  groups="$groups,cold$i"
done
lt_start_trino "$groups"

# the 250-column table (values 'v<i>'), 50 columns (c0, c5, ..., c245) tagged pii.phone
columns="$(for i in $(seq 0 249); do printf "'v%d' AS c%d, " "$i" "$i"; done)"
lt_sql setup "CREATE SCHEMA admin.bench" >/dev/null 2>&1
lt_sql setup "CREATE TABLE admin.bench.wide AS SELECT ${columns%, }" >/dev/null 2>&1
catalog=/catalogs/lakehouse
lt_floe_api 201 POST "$catalog/catalog-roles" '{"name": "bench_readers"}' >/dev/null
for role in analysts engineers; do
  lt_floe_api 201 POST /principal-roles "{\"name\": \"$role\"}" >/dev/null
  lt_floe_api 201 PUT "/principal-roles/$role/catalog-roles/lakehouse/bench_readers" >/dev/null
done
for privilege in TABLE_READ_DATA TABLE_READ_PROPERTIES NAMESPACE_READ_PROPERTIES; do
  lt_floe_api 201 POST "$catalog/catalog-roles/bench_readers/grants" \
    "{\"privilege\": \"$privilege\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"bench\"]}}" >/dev/null
done
for i in $(seq 0 5 245); do
  lt_floe_api 201 POST "$catalog/tag-assignments" \
    "{\"tag\": \"pii.phone\", \"namespace\": [\"bench\"], \"table\": \"wide\", \"column\": \"c$i\"}" >/dev/null
done
lt_floe_api 201 POST "$catalog/column-masks" \
  '{"target": {"tag": "pii.phone"}, "mask": {"function": "show_last", "characters": 1}, "audience": [{"kind": "principal-role", "name": "analysts"}]}' >/dev/null
lt_floe_api 201 POST "$catalog/row-filters" \
  "{\"namespace\": [\"bench\"], \"table\": \"wide\", \"expression\": \"c1 = 'v1'\", \"audience\": [{\"kind\": \"principal-role\", \"name\": \"analysts\"}]}" >/dev/null

# the masks apply: c0 shows its last character only, c1 is not masked
row="$(lt_sql alice "SELECT c0, c1 FROM lake.bench.wide" 2>/dev/null)"
[ "$row" = "$(printf '*0\tv1')" ] || lt_fail "lake.bench.wide is not masked for alice: $row"
row="$(lt_sql bob "SELECT c0, c1 FROM lake.bench.wide" 2>/dev/null)"
[ "$row" = "$(printf 'v0\tv1')" ] || lt_fail "lake.bench.wide is not raw for bob: $row"

lt_log "measuring: $warmup warm-up and $runs measured runs of each series"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
results="$("$lt_java" -cp "$jdbc" "$repo/benchmarks/trino/TrinoPluginLatency.java" \
  "jdbc:trino://127.0.0.1:$TRINO_PORT" "$FLOE_URL" lake.bench.wide admin.bench.wide alice cold bob "$warmup" "$runs")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "$results"

field() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s { print $c }' <<<"$results"; }
added_p50="$(awk -v g="$(field governed-warm 2)" -v u="$(field ungoverned 2)" 'BEGIN { printf "%.1f", g - u }')"
added_p99="$(awk -v g="$(field governed-warm 4)" -v u="$(field ungoverned 4)" 'BEGIN { printf "%.1f", g - u }')"
added_cold_p50="$(awk -v g="$(field governed-cold 2)" -v u="$(field ungoverned 2)" 'BEGIN { printf "%.1f", g - u }')"
added_cold_p99="$(awk -v g="$(field governed-cold 4)" -v u="$(field ungoverned 4)" 'BEGIN { printf "%.1f", g - u }')"
added_plain_p50="$(awk -v g="$(field governed-unmasked-warm 2)" -v u="$(field ungoverned 2)" 'BEGIN { printf "%.1f", g - u }')"
added_plain_p99="$(awk -v g="$(field governed-unmasked-warm 4)" -v u="$(field ungoverned 4)" 'BEGIN { printf "%.1f", g - u }')"
masks_p50="$(awk -v g="$(field governed-warm 2)" -v u="$(field governed-unmasked-warm 2)" 'BEGIN { printf "%.1f", g - u }')"

mkdir -p "$repo/benchmarks/results"
{
  echo "# Floe's Trino plugin: added latency and evaluation calls"
  echo
  echo "$(date -u +%Y-%m-%d), \`benchmarks/run-trino-plugin.sh $runs $warmup\` on $(nproc) cores"
  echo "(load average $load_before before, $load_after after); Trino 476 single node (-Xmx2G) and"
  echo "Floe (embedded PostgreSQL) on the same machine, JDK $("$lt_java" -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')."
  echo
  echo "Query: \`SELECT * FROM <catalog>.bench.wide\`, a 250-column, 1-row Iceberg table on Floe; for"
  echo "analysts 50 columns are masked (\`show_last\` 1) and a row filter (\`c1 = 'v1'\`) applies."
  echo "Client-side latency through Trino's JDBC driver, every row read; the four series run"
  echo "interleaved, $runs measured runs each after $warmup warm-up runs."
  echo
  echo "- **ungoverned**: catalog \`admin\` (same Floe catalog, not governed: no plugin decisions, no masks)"
  echo "- **governed-warm**: catalog \`lake\` (governed), the same user every time: the plugin's shared cache"
  echo "  answers (\`floe.cache.max-ttl\` 30 s)"
  echo "- **governed-cold**: catalog \`lake\`, a user not seen before every time (same group): the plugin asks Floe"
  echo "- **governed-unmasked-warm**: catalog \`lake\` as bob (engineers: may read, no mask or filter reaches him),"
  echo "  the same user every time: the plugin's decisions without Trino applying masks"
  echo
  echo "| series | p50 ms | p90 ms | p99 ms | mean ms | evaluation calls per query (min / max / mean) |"
  echo "|---|---|---|---|---|---|"
  for series in ungoverned governed-warm governed-cold governed-unmasked-warm; do
    echo "| $series | $(field "$series" 2) | $(field "$series" 3) | $(field "$series" 4) | $(field "$series" 5) | $(field "$series" 6) / $(field "$series" 7) / $(field "$series" 8) |"
  done
  echo
  echo "Added by governance (governed minus ungoverned, which includes Trino applying the 50 masks and"
  echo "the filter): warm p50 **$added_p50 ms**, p99 $added_p99 ms; cold (one evaluation call) p50"
  echo "$added_cold_p50 ms, p99 $added_cold_p99 ms. Target: at most 5 ms added at p50 warm, 1"
  echo "evaluation call per query (0 when cached). Without masks or filter (bob), the plugin's decisions"
  echo "alone: p50 $added_plain_p50 ms, p99 $added_plain_p99 ms added. governed-warm minus"
  echo "governed-unmasked-warm (both answered from the plugin's cache, no call to Floe) is Trino applying the"
  echo "50 masks and the filter: p50 $masks_p50 ms."
  echo
  echo "A warm series' calls above 0 are the shared cache's TTL running out during the run (one call per"
  echo "user per 30 s). p90 and p99 follow the machine's load (load averages above): compare the p50s."
} > "$repo/benchmarks/results/trino-plugin.md"
lt_log "report: benchmarks/results/trino-plugin.md"
