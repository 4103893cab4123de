#!/usr/bin/env bash
# End to end (issue 12): Floe on its embedded default and a real Trino 476 with Floe's packaged
# plugin, started from scratch in a temporary work directory, then Floe's governance through
# Trino's CLI and Floe's management API:
#
#   setup (as root, through the ungoverned catalog "admin"): schema lake.sales, table customers
#   with EU and US rows; principal roles analysts, engineers, contractors (Floe maps a Trino group
#   to the principal role of the same name); grants; tag pii.email on customers.email; mask
#   email_domain on tag pii.email and row filter region = 'EU', both for analysts
#   checks (through the governed catalog "lake"): alice (analysts) sees masked e-mails and EU
#   rows only; bob (engineers) the raw data; carol (contractors) Access Denied; the audit trail
#   holds alice's DATA_ACCESS event with masked-columns=email; with Floe stopped the governed
#   catalog fails closed (the plugin denies with "Floe policy service unavailable"; a SELECT
#   already fails in the Iceberg connector, which reads Floe's REST catalog) while tpch still
#   answers
#
# Users are not authenticated: Trino listens on plain HTTP and takes the user the CLI names
# (--user); Trino's file password authenticator needs HTTPS. Groups come from Trino's file
# group provider. Exits non-zero, naming the check, on the first failure; stops everything it
# started on exit. Needs curl, jq, unzip, tar and a JDK 25 (scripts/find-jdk.sh).
#
#   scripts/trino-e2e.sh            uses the built server and plugin (builds them when missing)
#   scripts/trino-e2e.sh --build    builds both first (./mvnw package, no tests)
#   FLOE_E2E_KEEP=1 ...             keeps the work directory (logs) after a successful run
#   FLOE_TRINO_PLUGIN_DIR=<floe/>   the plugin unpacked (what ./mvnw verify passes); or
#   FLOE_TRINO_PLUGIN_ZIP=<zip>     another zip than trino-plugin/target/floe-trino-plugin-*.zip
set -euo pipefail

lt_work="$(mktemp -d "${TMPDIR:-/tmp}/floe-trino-e2e.XXXXXX")"
. "$(dirname "${BASH_SOURCE[0]}")/lib-trino.sh"

e2e_started=$(date +%s)
e2e_status=1
e2e_exit() {
  lt_cleanup
  if [ "$e2e_status" = 0 ] && [ -z "${FLOE_E2E_KEEP:-}" ]; then
    rm -rf "$lt_work"
  else
    echo "trino-e2e: logs kept in $lt_work (floe.log, trino/trino.log)" >&2
  fi
}
trap e2e_exit EXIT
trap 'exit 130' INT TERM

lt_require_tools
if [ "${1:-}" = "--build" ]; then
  lt_log "building Floe's server and Trino plugin"
  "$lt_repo/mvnw" -B -q -pl catalog-server,trino-plugin -am package -DskipTests >&2
fi

# expect_rows DESCRIPTION EXPECTED ACTUAL
expect_rows() {
  if [ "$2" != "$3" ]; then
    printf 'expected:\n%s\nactual:\n%s\n' "$2" "$3" >&2
    lt_fail "$1"
  fi
  lt_log "ok: $1"
}

# expect_failure DESCRIPTION MESSAGE USER SQL: the query must fail with MESSAGE in its error
expect_failure() {
  local output
  if output="$(lt_sql "$3" "$4" 2>&1)"; then
    printf '%s\n' "$output" >&2
    lt_fail "$1: the query succeeded"
  fi
  if ! grep -qF -- "$2" <<<"$output"; then
    printf '%s\n' "$output" >&2
    lt_fail "$1: the error does not say '$2'"
  fi
  lt_log "ok: $1 ($(grep -F -- "$2" <<<"$output" | head -1 | cut -c1-160))"
}

# ---- start ---------------------------------------------------------------------------------------
lt_log "work directory $lt_work"
lt_start_floe
lt_trusted_engine trino_engine
lt_start_trino "analysts:alice
engineers:bob
contractors:carol"

# ---- setup ---------------------------------------------------------------------------------------
lt_sql setup "CREATE SCHEMA admin.sales" >/dev/null
lt_sql setup "CREATE TABLE admin.sales.customers AS SELECT * FROM (VALUES
  (1, 'ann@shop.eu', 'EU'), (2, 'bo@shop.us', 'US'), (3, 'cy@mail.eu', 'EU'), (4, 'di@corp.us', 'US'))
  AS t(id, email, region)" >/dev/null
lt_log "created admin.sales.customers (2 EU rows, 2 US rows)"

catalog=/catalogs/lakehouse
for role in analysts engineers contractors; do
  lt_floe_api 201 POST /principal-roles "{\"name\": \"$role\"}" >/dev/null
done
# analysts and engineers read the schema sales; contractors get nothing
for role in analysts engineers; do
  lt_floe_api 201 POST "$catalog/catalog-roles" "{\"name\": \"${role}_readers\"}" >/dev/null
  lt_floe_api 201 PUT "/principal-roles/$role/catalog-roles/lakehouse/${role}_readers" >/dev/null
  for privilege in TABLE_READ_DATA TABLE_READ_PROPERTIES NAMESPACE_READ_PROPERTIES TABLE_LIST NAMESPACE_LIST; do
    lt_floe_api 201 POST "$catalog/catalog-roles/${role}_readers/grants" \
      "{\"privilege\": \"$privilege\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"sales\"]}}" >/dev/null
  done
done
lt_floe_api 201 POST "$catalog/tag-assignments" \
  '{"tag": "pii.email", "namespace": ["sales"], "table": "customers", "column": "email"}' >/dev/null
lt_floe_api 201 POST "$catalog/column-masks" \
  '{"target": {"tag": "pii.email"}, "mask": {"function": "email_domain"}, "audience": [{"kind": "principal-role", "name": "analysts"}]}' >/dev/null
lt_floe_api 201 POST "$catalog/row-filters" \
  "{\"namespace\": [\"sales\"], \"table\": \"customers\", \"expression\": \"region = 'EU'\", \"audience\": [{\"kind\": \"principal-role\", \"name\": \"analysts\"}]}" >/dev/null
lt_log "Floe: principal roles, grants, tag pii.email, mask email_domain and row filter for analysts"

# ---- checks --------------------------------------------------------------------------------------
query="SELECT id, email, region FROM lake.sales.customers ORDER BY id"
expect_rows "alice (analysts) sees masked e-mails and EU rows only" \
  "$(printf '1\t*****@shop.eu\tEU\n3\t*****@mail.eu\tEU')" "$(lt_sql alice "$query")"
expect_rows "bob (engineers) sees the raw data" \
  "$(printf '1\tann@shop.eu\tEU\n2\tbo@shop.us\tUS\n3\tcy@mail.eu\tEU\n4\tdi@corp.us\tUS')" "$(lt_sql bob "$query")"
expect_failure "carol (contractors) is denied" "Access Denied" carol "$query"

# alice's read reaches the audit trail through the plugin's event listener (sent asynchronously)
deadline=$(( $(date +%s) + 30 ))
while :; do
  events="$(lt_floe_api 200 GET '/audit/events?kind=DATA_ACCESS&principal=alice&pageSize=100')"
  event="$(jq -c '[.events[] | select(.resource == "table:lakehouse.sales.customers"
    and .details["masked-columns"] == "email")][0] // empty' <<<"$events")"
  [ -z "$event" ] || break
  [ "$(date +%s)" -lt "$deadline" ] || { printf '%s\n' "$events" >&2; lt_fail "no DATA_ACCESS event of alice with masked-columns=email after 30 s"; }
  sleep 0.5
done
[ "$(jq -r .details[\"row-filters\"] <<<"$event")" != null ] && grep -q region <<<"$(jq -r '.details["row-filters"]' <<<"$event")" \
  || { printf '%s\n' "$event" >&2; lt_fail "alice's DATA_ACCESS event does not name the region row filter"; }
lt_log "ok: the audit trail holds alice's DATA_ACCESS event (masked-columns=email, row filter on region)"

# ---- Floe down: fail closed ----------------------------------------------------------------------
# Trino asks the access control before the connector for SHOW TABLES, CREATE SCHEMA and CREATE
# VIEW: the plugin denies with its message. A SELECT resolves the table in the Iceberg connector
# first, which cannot reach Floe's REST catalog either ("Failed to load view ..."): it fails
# before the plugin is asked, and returns nothing.
lt_stop_floe
lt_log "Floe stopped"
expect_failure "the governed catalog fails closed without Floe (SHOW TABLES, the plugin's denial)" \
  "Floe policy service unavailable" alice "SHOW TABLES FROM lake.sales"
expect_failure "the governed catalog fails closed without Floe (CREATE SCHEMA, the plugin's denial)" \
  "Floe policy service unavailable" bob "CREATE SCHEMA lake.marketing"
expect_failure "a SELECT on the governed catalog fails without Floe (in the Iceberg connector)" \
  "failed" alice "$query"
expect_rows "tpch (ungoverned) still answers without Floe" "25" "$(lt_sql alice "SELECT count(*) FROM tpch.tiny.nation")"

e2e_status=0
echo "trino-e2e: all checks passed in $(( $(date +%s) - e2e_started )) s"
