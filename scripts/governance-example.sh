#!/usr/bin/env bash
# The README's worked governance example ("Worked example: PII e-mail for analysts"), step by step
# against a running Floe, checking every answer. Exits non-zero at the first answer that is not what
# the README says.
#
#   scripts/governance-example.sh
#
# FLOE_URL          the server (default http://localhost:8181)
# FLOE_DATA_DIR     where the root credentials are, in root-credentials (default ./floe-data);
#                   or FLOE_BOOTSTRAP_CREDENTIALS=<client-id>:<secret>
#
# Needs curl and python3. Creates namespace sales, table orders, tag pii.email.work, principal role
# analysts, catalog role sales_readers and principal alice: run it on a Floe that has none of them
# (a fresh FLOE_DATA_DIR).
set -euo pipefail

FLOE="${FLOE_URL:-http://localhost:8181}"
M="$FLOE/api/management/v1"

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

if [ -n "${FLOE_BOOTSTRAP_CREDENTIALS:-}" ]; then
  client_id="${FLOE_BOOTSTRAP_CREDENTIALS%%:*}"
  client_secret="${FLOE_BOOTSTRAP_CREDENTIALS#*:}"
else
  credentials="${FLOE_DATA_DIR:-floe-data}/root-credentials"
  [ -r "$credentials" ] || fail "cannot read $credentials (set FLOE_DATA_DIR or FLOE_BOOTSTRAP_CREDENTIALS)"
  client_id="$(sed -n 's/^client_id=//p' "$credentials")"
  client_secret="$(sed -n 's/^client_secret=//p' "$credentials")"
fi

body="$(mktemp)"
trap 'rm -f "$body"' EXIT

# call EXPECTED_STATUS curl-arguments...: the answer's body on standard output
call() {
  local expected="$1" status
  shift
  status="$(curl -s -o "$body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@")" ||
    fail "curl $* (is Floe running at $FLOE?)"
  [ "$status" = "$expected" ] || fail "curl $* answered $status, expected $expected: $(cat "$body")"
  cat "$body"
}

# check PYTHON-EXPRESSION MESSAGE: the expression over the JSON answer `a` on standard input must be true
check() {
  python3 -c '
import json, sys
text = sys.stdin.read()
if not text:
    sys.exit(3)  # the call failed and said why
a = json.loads(text)
if not eval("(" + sys.argv[1] + ")"):
    sys.exit("unexpected answer (" + sys.argv[2] + "): " + json.dumps(a))
' "$1" "$2" || { [ $? = 3 ] && exit 1; fail "$2"; }
}

step() {
  echo "== $*"
}

step "1. a root token; namespace sales and table orders in catalog lakehouse"
tokens="$(curl -s "$FLOE/api/catalog/v1/oauth/tokens" \
  -d grant_type=client_credentials -d client_id="$client_id" -d client_secret="$client_secret" \
  -d scope=PRINCIPAL_ROLE:ALL)" || fail "no answer from $FLOE/api/catalog/v1/oauth/tokens (is Floe running?)"
TOKEN="$(echo "$tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("access_token", ""))' 2>/dev/null)" || TOKEN=""
[ -n "$TOKEN" ] || fail "no token from $FLOE/api/catalog/v1/oauth/tokens: $tokens"
call 200 "$FLOE/api/catalog/v1/lakehouse/namespaces" -d '{"namespace": ["sales"]}' |
  check 'a["namespace"] == ["sales"]' "namespace sales"
call 200 "$FLOE/api/catalog/v1/lakehouse/namespaces/sales/tables" -d '{"name": "orders", "schema": {"type": "struct", "fields": [
    {"id": 1, "name": "id", "required": true, "type": "long"},
    {"id": 2, "name": "email", "required": false, "type": "string"},
    {"id": 3, "name": "region", "required": false, "type": "string"},
    {"id": 4, "name": "amount", "required": false, "type": "double"}]}}' |
  check '[f["name"] for f in a["metadata"]["schemas"][0]["fields"]] == ["id", "email", "region", "amount"]' "table orders"

step "2. pii.email is defined from the start; define pii.email.work below it"
call 200 "$M/tags/pii.email" | check 'a["name"] == "pii.email"' "tag pii.email"
call 201 "$M/tags" -d '{"name": "pii.email.work", "description": "Work e-mail address"}' |
  check 'a["name"] == "pii.email.work" and a["version"] == 1' "tag pii.email.work"

step "3. tag column sales.orders.email with pii.email"
call 201 "$M/catalogs/lakehouse/tag-assignments" \
  -d '{"tag": "pii.email", "namespace": ["sales"], "table": "orders", "column": "email"}' |
  check 'a["tag"] == "pii.email" and a["column"] == "email" and a["field-id"] == 2' "tag assignment"

step "4. principal role analysts reads namespace sales; mask pii.email columns for analysts"
call 201 "$M/principal-roles" -d '{"name": "analysts"}' | check 'a["name"] == "analysts"' "principal role"
call 201 "$M/catalogs/lakehouse/catalog-roles" -d '{"name": "sales_readers"}' | check 'a["name"] == "sales_readers"' "catalog role"
call 201 "$M/catalogs/lakehouse/catalog-roles/sales_readers/grants" \
  -d '{"privilege": "TABLE_READ_DATA", "securable": {"type": "namespace", "namespace": ["sales"]}}' |
  check 'a["privilege"] == "TABLE_READ_DATA" and a["pending"] is False' "grant"
call 201 -X PUT "$M/principal-roles/analysts/catalog-roles/lakehouse/sales_readers" |
  check '{"catalog": "lakehouse", "name": "sales_readers"} in a["catalog-roles"]' "catalog role assignment"
mask="$(call 201 "$M/catalogs/lakehouse/column-masks" -d '{"target": {"tag": "pii.email"}, "mask": {"function": "email_domain"},
     "audience": [{"kind": "principal-role", "name": "analysts"}]}')"
echo "$mask" | check 'a["target"] == {"tag": "pii.email"} and a["mask"] == {"function": "email_domain"}' "column mask"
mask_id="$(echo "$mask" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"

step "5. analysts see only rows of region EU"
filter="$(call 201 "$M/catalogs/lakehouse/row-filters" -d "{\"namespace\": [\"sales\"], \"table\": \"orders\", \"expression\": \"region = 'EU'\",
     \"audience\": [{\"kind\": \"principal-role\", \"name\": \"analysts\"}]}")"
echo "$filter" | check 'a["expression"] == "\"region\" = '"'EU'"'"' "row filter"
filter_id="$(echo "$filter" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"

step "6. principal alice, an analyst: what does she see of sales.orders?"
call 201 "$M/principals" -d '{"name": "alice"}' | check 'a["name"] == "alice"' "principal alice"
call 201 -X PUT "$M/principals/alice/principal-roles/analysts" | check 'a["principal-roles"] == ["analysts"]' "alice in analysts"
alice='a["selectAllowed"] is True
  and a["visibleColumns"] == ["id", "email", "region", "amount"]
  and a["rowFilter"] == "\"region\" = '"'EU'"'"
  and [(m["column"], m["fieldId"], m["policyId"]) for m in a["masks"]] == [("email", 2, '"$mask_id"')]
  and "regexp_extract(\"email\"" in a["masks"][0]["expression"]
  and {"id": '"$filter_id"', "version": 1, "effect": "ROW_FILTER"} in a["appliedPolicies"]'
answer="$(call 200 "$M/catalogs/lakehouse/namespaces/sales/tables/orders/effective-access?user=alice")"
echo "$answer"
echo "$answer" | check "$alice" "effective access of alice: the email_domain mask and the region filter"
call 200 "$FLOE/api/governance/v1/evaluate" -d '{"identity": {"user": "alice", "groups": [], "principalRoles": []},
     "catalog": "lakehouse",
     "tables": [{"namespace": ["sales"], "name": "orders", "allColumns": true}]}' |
  check "len(a[\"tables\"]) == 1 and [a := a[\"tables\"][0]] and ($alice)" "evaluation for alice"
call 200 "$M/catalogs/lakehouse/namespaces/sales/tables/orders/effective-access" |
  check 'a["selectAllowed"] is True and "rowFilter" not in a and a["masks"] == []' "root (not an analyst) sees everything"

echo "OK: alice sees sales.orders with email masked (email_domain, mask $mask_id) and rows where region = 'EU' (filter $filter_id)"
