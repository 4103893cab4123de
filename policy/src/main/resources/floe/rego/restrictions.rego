# Row filters and column masks OPA adds to Floe's governance evaluation (with
# floe.authorization.type=opa), and two sample rules that use them.
#
# Entry point (Data API), asked once per evaluation with every table and column of it
# (dev.floe.policy.opa.OpaRestrictions):
#   POST /v1/data/floe/authz/restrictions  -> {"row_filters": [...], "column_masks": [...]}
#
# Input (every name is data, never Rego text):
#   {"principal": {"name": "ana"}, "principal_roles": ["analysts"], "groups": ["eu"],
#    "catalog": "lake",
#    "tables": [{"namespace": ["sales"], "name": "orders", "path": ["lake", "sales", "orders"],
#                "tags": ["confidential"],
#                "schema": [{"name": "id", "field_id": 1, "type": "long"},
#                           {"name": "region", "field_id": 2, "type": "string"}, ...],
#                "columns": [{"name": "phone", "field_id": 3, "type": "string",
#                             "trino_type": "varchar", "tags": ["confidential", "pii.phone"]}]}]}
#   "tables" are the tables the caller may select from; "schema" is every top-level column of a
#   table's current schema (Iceberg types); "columns" are the columns the query touches that Floe
#   lets the caller see. A table's "tags" are its own and its containers'; a column's, its own and
#   its table's. "trino_type" is null for a nested type.
#
# Answer:
#   row_filters:  {"table": <index into input.tables>, "expression": <boolean Trino SQL>}
#   column_masks: {"table": <index>, "column": <index into that table's columns>,
#                  "mask": {"function": "NULLIFY" | "REDACT" ["value"] | "HASH" | "SHOW_LAST"
#                           "characters" | "EMAIL_DOMAIN" | "YEAR_ONLY" | "ROUND" "digits" |
#                           "BUCKET" "width"}}
#              or {"table": <index>, "column": <index>, "expression": <Trino SQL>}
#
# How Floe uses the answer: every filter is added to Floe's own with AND; a mask applies only to
# a column Floe leaves unmasked (no mask policy, or one that exempts the caller), since Trino takes
# one mask per column and Floe's mask stays. Expressions are parsed with Trino's parser and their
# column names resolved against the current schema (unquoted names match without case). A library
# mask is rendered for the column's type by Floe (a type it does not serve is invalid); an SQL
# "expression" mask is used as written and must have exactly the column's Trino type ("trino_type"):
# that is the policy author's responsibility, Trino fails the query otherwise. Anything Floe cannot
# use for a table (an unparsable filter, an unknown column, a library mask of another type) denies
# that table; a malformed answer, or no answer, denies every table of the evaluation.
package floe.authz

restrictions := {"row_filters": row_filters, "column_masks": column_masks}

# Add entries to these two sets from your own files in package floe.authz. Without any entry (and
# without the settings below) OPA adds nothing and evaluations answer exactly as the built-in ones.

# ------------------------------------------------------------------------------------------------
# Sample 1, a row filter: a caller in a group listed in the setting
#
#   data.floe.settings.region_by_group   (an object: group name -> region value)
#
# sees only the rows of a table with a "region" column whose region is one of its groups' regions.
# PUT /v1/data/floe/settings {"region_by_group": {"eu": "EU"}} gives a caller in group "eu" the
# filter region IN ('EU') on every table that has a region column. Callers in no listed group, and
# tables without such a column, get no filter.

default region_by_group := {}

region_by_group := data.floe.settings.region_by_group

caller_regions := sort([region |
	some group in input.groups
	region := region_by_group[group]
])

sql_string(text) := concat("", ["'", replace(text, "'", "''"), "'"])

row_filters contains {"table": index, "expression": expression} if {
	count(caller_regions) > 0
	some index, table in input.tables
	some column in table.schema
	lower(column.name) == "region"
	expression := sprintf("region IN (%s)", [concat(", ", [sql_string(region) | some region in caller_regions])])
}

# ------------------------------------------------------------------------------------------------
# Sample 2, a column mask: once the setting
#
#   data.floe.settings.phone_viewer_groups   (an array of group names)
#
# is set, a column tagged "pii.phone" (or a tag below it) is masked for every caller in none of
# those groups: strings keep their last 4 characters, other types become NULL.
# PUT /v1/data/floe/settings {"phone_viewer_groups": ["support"]}. Without the setting this rule
# masks nothing.

phone_viewer if {
	some group in input.groups
	group in data.floe.settings.phone_viewer_groups
}

phone_tag(tag) if tag == "pii.phone"

phone_tag(tag) if startswith(tag, "pii.phone.")

column_masks contains {"table": table_index, "column": column_index, "mask": phone_mask(column)} if {
	data.floe.settings.phone_viewer_groups
	not phone_viewer
	some table_index, table in input.tables
	some column_index, column in table.columns
	some tag in column.tags
	phone_tag(tag)
}

phone_mask(column) := {"function": "SHOW_LAST", "characters": 4} if column.type == "string"

phone_mask(column) := {"function": "NULLIFY"} if column.type != "string"
