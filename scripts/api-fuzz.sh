#!/usr/bin/env bash
# The API contract check (issue 18): Floe's packaged server on its embedded default, then
#   1. openapi-spec-validator on the served /q/openapi (the management, governance and lineage APIs)
#      and on the served Iceberg REST document /api/catalog/openapi.yaml
#   2. schemathesis, from /q/openapi, against the live server with the root principal's bearer
#      token: every operation, positive and negative examples, a bounded number each
#      (FLOE_FUZZ_MAX_EXAMPLES, default 15), and stateful sequences (create, then use).
# Fails on any server error (5xx), an answer that violates its schema or its documented status
# codes or media type, a request outside the schema that is accepted, or a wrong Allow header.
# Not checked: positive_data_acceptance (names, SQL and storage roots have rules no schema can
# state fully, so a schema-valid request may rightly be a 400), and the authorization checks
# (the token is root's: it may do everything).
# Operations that would lock the run out (rotating, disabling or dropping its own principal) run
# without the stateful phase, which reuses names from answers (root among them). A last run as a
# principal without privileges checks the refusals (4xx as documented, no 5xx).
#
#   scripts/api-fuzz.sh             uses the built server (builds it when missing)
#   FLOE_FUZZ_KEEP=1 ...            keeps the work directory (server log, schemathesis reports)
# Tools: a venv with schemathesis and openapi-spec-validator in ${FLOE_CACHE_DIR:-~/.cache/floe}
# (installed once from the Python package index). Needs python3 with venv, curl, jq, a JDK 25.
set -euo pipefail

lt_work="$(mktemp -d "${TMPDIR:-/tmp}/floe-api-fuzz.XXXXXX")"
. "$(dirname "${BASH_SOURCE[0]}")/lib-trino.sh"

schemathesis_version=4.32.5
validator_version=0.9.0
max_examples="${FLOE_FUZZ_MAX_EXAMPLES:-15}"
started=$(date +%s)
status=1
fuzz_exit() {
  lt_cleanup
  if [ "$status" = 0 ] && [ -z "${FLOE_FUZZ_KEEP:-}" ]; then
    rm -rf "$lt_work"
  else
    echo "api-fuzz: logs kept in $lt_work (floe.log, schemathesis*.log, reports/)" >&2
  fi
}
trap fuzz_exit EXIT
trap 'exit 130' INT TERM

for tool in curl jq python3; do
  command -v "$tool" >/dev/null 2>&1 || lt_fail "this script needs '$tool' on the PATH"
done

# the tools, once: a venv cannot be moved (its scripts name its path), so it is built in place
# and marked complete at the end
venv="$lt_cache/tools/api-fuzz-st$schemathesis_version-osv$validator_version"
if [ ! -f "$venv/.complete" ]; then
  lt_log "installing schemathesis $schemathesis_version and openapi-spec-validator $validator_version into $venv (once)"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" || lt_fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install -q --disable-pip-version-check \
    "schemathesis==$schemathesis_version" "openapi-spec-validator==$validator_version" >&2 \
    || lt_fail "installing schemathesis and openapi-spec-validator failed"
  touch "$venv/.complete"
fi

lt_start_floe

# 1. the documents are valid OpenAPI
curl -sf "$FLOE_URL/q/openapi?format=json" -o "$lt_work/openapi.json" || lt_fail "GET /q/openapi failed"
curl -sf "$FLOE_URL/api/catalog/openapi.yaml" -o "$lt_work/iceberg-openapi.yaml" || lt_fail "GET /api/catalog/openapi.yaml failed"
"$venv/bin/openapi-spec-validator" --subschema-errors all "$lt_work/openapi.json" >&2 || lt_fail "/q/openapi is not a valid OpenAPI document"
"$venv/bin/openapi-spec-validator" --subschema-errors all "$lt_work/iceberg-openapi.yaml" >&2 \
  || lt_fail "/api/catalog/openapi.yaml is not a valid OpenAPI document"
operations="$(jq '[.paths[] | keys[] | select(. == "get" or . == "put" or . == "post" or . == "patch" or . == "delete")] | length' "$lt_work/openapi.json")"
lt_log "ok: both OpenAPI documents are valid ($operations operations in /q/openapi)"

# 2. schemathesis against the live server, with some things in place for it to find: the names
# scripts/api-fuzz.toml gives it (a namespace, a nested one and a table in lakehouse, a principal,
# roles, a tag on a column)
iceberg() {
  local out status
  out="$(mktemp)"
  status="$(curl -s -o "$out" -w '%{http_code}' -X POST -H "Authorization: Bearer $FLOE_ROOT_TOKEN" \
    -H 'Content-Type: application/json' --data "$2" "$FLOE_URL/api/catalog/v1/lakehouse$1")"
  [ "$status" = 200 ] || { cat "$out" >&2; rm -f "$out"; lt_fail "POST $1 answered $status"; }
  rm -f "$out"
}
iceberg /namespaces '{"namespace": ["fuzz"]}'
iceberg /namespaces '{"namespace": ["fuzz", "nested"]}'
iceberg /namespaces/fuzz/tables '{"name": "customers", "schema": {"type": "struct", "schema-id": 0, "fields": [
  {"id": 1, "name": "email", "required": false, "type": "string"},
  {"id": 2, "name": "region", "required": false, "type": "string"},
  {"id": 3, "name": "amount", "required": false, "type": "double"}]}}'
user="$(lt_floe_api 201 POST /principals '{"name": "fuzz_user"}')"
user_id="$(jq -r '.credentials["client-id"]' <<<"$user")"
user_secret="$(jq -r '.credentials["client-secret"]' <<<"$user")"
lt_floe_api 201 POST /principal-roles '{"name": "fuzz_analysts"}' >/dev/null
lt_floe_api 201 PUT /principals/fuzz_user/principal-roles/fuzz_analysts >/dev/null
lt_floe_api 201 POST /catalogs/lakehouse/catalog-roles '{"name": "fuzz_readers"}' >/dev/null
lt_floe_api 201 POST /catalogs/lakehouse/tag-assignments \
  '{"tag": "pii.email", "namespace": ["fuzz"], "table": "customers", "column": "email"}' >/dev/null
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance
checks="$checks,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method"
checks="$checks,allow_header_conformance,use_after_free,ensure_resource_availability"
self_lockout='^/api/management/v1/principals/\{principal\}(/rotate)?$'
# st_run NAME CLIENT-ID SECRET ARGS...: one schemathesis run as that client; its summary in
# schemathesis-NAME.log
st_run() {
  local name="$1" client_id="$2" secret="$3"
  shift 3
  lt_log "schemathesis ($name): up to $max_examples examples an operation"
  local rc=0 token
  # a fresh token for each run: nothing the first run did may leave the second without one
  token="$(lt_floe_token "$client_id" "$secret")"
  # from the work directory: schemathesis keeps a cache (.schemathesis/) where it runs
  (cd "$lt_work" && "$venv/bin/schemathesis" --config-file "$lt_repo/scripts/api-fuzz.toml" run "$FLOE_URL/q/openapi" --url "$FLOE_URL" \
    -H "Authorization: Bearer $token" \
    --checks "$checks" --max-examples "$max_examples" --seed 18 --workers 2 \
    --request-timeout 30 --no-color --generation-database none \
    --report junit --report-junit-path "$lt_work/reports/schemathesis-$name.xml" \
    "$@") > "$lt_work/schemathesis-$name.log" 2>&1 || rc=$?
  sed -n '/^=* SUMMARY =*$/,$p' "$lt_work/schemathesis-$name.log" >&2
  if [ "$rc" != 0 ]; then
    sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$lt_work/schemathesis-$name.log" | head -200 >&2
    lt_fail "schemathesis ($name) found failures (full log: $lt_work/schemathesis-$name.log)"
  fi
}
mkdir -p "$lt_work/reports"
st_run all "$FLOE_ROOT_ID" "$FLOE_ROOT_SECRET" --exclude-path-regex "$self_lockout"
st_run own-principal "$FLOE_ROOT_ID" "$FLOE_ROOT_SECRET" --include-path-regex "$self_lockout" --phases examples,coverage,fuzzing
# a principal without privileges (fuzz_analysts holds no catalog role): refusals are 4xx as
# documented, never a 5xx; its own principal's paths are service administrators' only
st_run unprivileged "$user_id" "$user_secret" --phases coverage,fuzzing

status=0
lt_log "api-fuzz: passed in $(( $(date +%s) - started )) s"
