# Floe's authorization policy for Open Policy Agent (Rego v1).
#
# It gives exactly the answers of Floe's built-in RBAC (dev.floe.policy.rbac.RbacAuthorizer) from
# the same grant data, plus the sample rule in confidential.rego. policy/README.md describes the
# model; the Java sources (Privilege, Operation, Authorizer) are the reference this file mirrors.
#
# Entry points (Data API):
#   POST /v1/data/floe/authz/decision         -> {allow, outcome, reason, grants}
#   POST /v1/data/floe/authz/visible_indexes  -> indexes of the visible targets (one listing page)
#
# Input (sent by dev.floe.policy.opa.OpaAuthorizer; every name is data, never Rego text):
#   {"principal": {"name": "alice", "disabled": false},
#    "principal_roles": ["analysts"],
#    "operation": "LOAD_TABLE",
#    "targets": [{"type": "TABLE", "path": ["lake", "sales", "orders"],
#                 "keys": ["[\"CATALOG\",\"lake\"]", "[\"NAMESPACE\",\"lake\",\"sales\"]",
#                          "[\"TABLE\",\"lake\",\"sales\",\"orders\"]"],
#                 "tags": ["pii"], "changes": []}]}
#   "keys" are the lookup keys of the target's chain (catalog, namespaces, the target itself) into
#   data.floe.grants.index; Floe computes them so that the policy never builds keys from names.
#
# Data (published by Floe with PUT /v1/data/floe/grants):
#   {"version": 7,
#    "service_administrator_roles": ["service_admin"],
#    "principal_roles": {"analysts": [{"catalog": "lake", "role": "reader"}]},
#    "catalog_roles": {"lake": {"reader": [{"privilege": "TABLE_READ_DATA",
#                                           "securable": {"type": "NAMESPACE", "path": ["lake", "sales"]}}]}},
#    "index": {"lake": {"reader": {"on": {<key>: [<grant>...]}, "within": {<key>: [<grant>...]},
#                                  "reveals": {<key>: [<type>...]}}}}}
#   "catalog_roles" lists every grant; "index" holds the same grants by the key of the securable
#   they are on ("on") and by the key of that securable and of every container above it ("within"),
#   and the types they reveal below the securable they are on ("reveals").
package floe.authz

# ------------------------------------------------------------------------------------------------
# The model: privileges and what they imply (Privilege.implied(), closed transitively)

implied := {
	"CATALOG_MANAGE_ACCESS": {"CATALOG_MANAGE_ACCESS"},
	"CATALOG_MANAGE_POLICIES": {"CATALOG_MANAGE_POLICIES"},
	"CATALOG_MANAGE_CONTENT": {
		"CATALOG_MANAGE_CONTENT", "CATALOG_READ_PROPERTIES", "CATALOG_WRITE_PROPERTIES", "NAMESPACE_CREATE", "NAMESPACE_LIST", "NAMESPACE_DROP", "NAMESPACE_READ_PROPERTIES", "NAMESPACE_WRITE_PROPERTIES", "TABLE_CREATE", "TABLE_LIST", "TABLE_READ_DATA", "TABLE_WRITE_DATA", "TABLE_READ_PROPERTIES", "TABLE_WRITE_PROPERTIES", "TABLE_DROP", "VIEW_CREATE", "VIEW_LIST", "VIEW_READ_PROPERTIES", "VIEW_WRITE_PROPERTIES", "VIEW_DROP",
	},
	"CATALOG_READ_PROPERTIES": {"CATALOG_READ_PROPERTIES"},
	"CATALOG_WRITE_PROPERTIES": {"CATALOG_WRITE_PROPERTIES", "CATALOG_READ_PROPERTIES"},
	"NAMESPACE_CREATE": {"NAMESPACE_CREATE"},
	"NAMESPACE_LIST": {"NAMESPACE_LIST"},
	"NAMESPACE_DROP": {"NAMESPACE_DROP"},
	"NAMESPACE_READ_PROPERTIES": {"NAMESPACE_READ_PROPERTIES"},
	"NAMESPACE_WRITE_PROPERTIES": {"NAMESPACE_WRITE_PROPERTIES", "NAMESPACE_READ_PROPERTIES"},
	"TABLE_CREATE": {"TABLE_CREATE"},
	"TABLE_LIST": {"TABLE_LIST"},
	"TABLE_READ_DATA": {"TABLE_READ_DATA", "TABLE_READ_PROPERTIES"},
	"TABLE_WRITE_DATA": {"TABLE_WRITE_DATA", "TABLE_READ_DATA", "TABLE_READ_PROPERTIES"},
	"TABLE_READ_PROPERTIES": {"TABLE_READ_PROPERTIES"},
	"TABLE_WRITE_PROPERTIES": {"TABLE_WRITE_PROPERTIES", "TABLE_READ_PROPERTIES"},
	"TABLE_DROP": {"TABLE_DROP"},
	"VIEW_CREATE": {"VIEW_CREATE"},
	"VIEW_LIST": {"VIEW_LIST"},
	"VIEW_READ_PROPERTIES": {"VIEW_READ_PROPERTIES"},
	"VIEW_WRITE_PROPERTIES": {"VIEW_WRITE_PROPERTIES", "VIEW_READ_PROPERTIES"},
	"VIEW_DROP": {"VIEW_DROP"},
}

# What a privilege (with everything it implies) reveals below the object it is granted on
# (Privilege.revealedTypes()): namespace privileges reveal namespaces, table privileges
# namespaces and tables, view privileges namespaces and views, catalog privileges nothing
# (CATALOG_MANAGE_CONTENT implies all content privileges and so reveals everything).
revealed := {
	"CATALOG_MANAGE_ACCESS": set(),
	"CATALOG_MANAGE_POLICIES": set(),
	"CATALOG_MANAGE_CONTENT": {"NAMESPACE", "TABLE", "VIEW"},
	"CATALOG_READ_PROPERTIES": set(),
	"CATALOG_WRITE_PROPERTIES": set(),
	"NAMESPACE_CREATE": {"NAMESPACE"},
	"NAMESPACE_LIST": {"NAMESPACE"},
	"NAMESPACE_DROP": {"NAMESPACE"},
	"NAMESPACE_READ_PROPERTIES": {"NAMESPACE"},
	"NAMESPACE_WRITE_PROPERTIES": {"NAMESPACE"},
	"TABLE_CREATE": {"NAMESPACE", "TABLE"},
	"TABLE_LIST": {"NAMESPACE", "TABLE"},
	"TABLE_READ_DATA": {"NAMESPACE", "TABLE"},
	"TABLE_WRITE_DATA": {"NAMESPACE", "TABLE"},
	"TABLE_READ_PROPERTIES": {"NAMESPACE", "TABLE"},
	"TABLE_WRITE_PROPERTIES": {"NAMESPACE", "TABLE"},
	"TABLE_DROP": {"NAMESPACE", "TABLE"},
	"VIEW_CREATE": {"NAMESPACE", "VIEW"},
	"VIEW_LIST": {"NAMESPACE", "VIEW"},
	"VIEW_READ_PROPERTIES": {"NAMESPACE", "VIEW"},
	"VIEW_WRITE_PROPERTIES": {"NAMESPACE", "VIEW"},
	"VIEW_DROP": {"NAMESPACE", "VIEW"},
}

# ------------------------------------------------------------------------------------------------
# The operations (Operation.requirements): which targets they take, and what they need.
#   arity:  "none" | "one" | "two" (source, destination) | "many" (one or more)
#   types:  the securable types every target must have
#   needs:  [{target: index or "each", anchor: "self" | "parent" | "catalog", need}] where need is
#           a privilege, "VISIBLE", "SERVICE_ADMINISTRATOR" (target and anchor unused) or
#           "COMMIT" (TABLE_WRITE_DATA for DATA changes, TABLE_WRITE_PROPERTIES for METADATA
#           changes or none)

operations := {
	"GET_CONFIG": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"LIST_NAMESPACES": {"arity": "one", "types": {"CATALOG", "NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"CREATE_NAMESPACE": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "parent", "need": "NAMESPACE_CREATE"}]},
	"LOAD_NAMESPACE": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "NAMESPACE_READ_PROPERTIES"}]},
	"NAMESPACE_EXISTS": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"DROP_NAMESPACE": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "NAMESPACE_DROP"}]},
	"UPDATE_NAMESPACE_PROPERTIES": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "NAMESPACE_WRITE_PROPERTIES"}]},
	"LIST_TABLES": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"CREATE_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "parent", "need": "TABLE_CREATE"}]},
	"STAGE_CREATE_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "parent", "need": "TABLE_CREATE"}]},
	"LOAD_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_PROPERTIES"}]},
	"TABLE_EXISTS": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"UPDATE_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "COMMIT"}]},
	"DROP_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_DROP"}]},
	"PURGE_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_DROP"}, {"target": 0, "anchor": "self", "need": "TABLE_WRITE_DATA"}]},
	"RENAME_TABLE": {"arity": "two", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_DROP"}, {"target": 1, "anchor": "parent", "need": "TABLE_CREATE"}]},
	"REGISTER_TABLE": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "parent", "need": "TABLE_CREATE"}]},
	"REPORT_METRICS": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_PROPERTIES"}]},
	"COMMIT_TRANSACTION": {"arity": "many", "types": {"TABLE"}, "needs": [{"target": "each", "anchor": "self", "need": "COMMIT"}]},
	"LIST_VIEWS": {"arity": "one", "types": {"NAMESPACE"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"CREATE_VIEW": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "parent", "need": "VIEW_CREATE"}]},
	"LOAD_VIEW": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "self", "need": "VIEW_READ_PROPERTIES"}]},
	"VIEW_EXISTS": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "self", "need": "VISIBLE"}]},
	"REPLACE_VIEW": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "self", "need": "VIEW_WRITE_PROPERTIES"}]},
	"DROP_VIEW": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "self", "need": "VIEW_DROP"}]},
	"RENAME_VIEW": {"arity": "two", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "self", "need": "VIEW_DROP"}, {"target": 1, "anchor": "parent", "need": "VIEW_CREATE"}]},
	"READ_TABLE_DATA": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_DATA"}]},
	"WRITE_TABLE_DATA": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_WRITE_DATA"}]},
	"LOAD_TABLE_WITH_READ_DELEGATION": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_PROPERTIES"}, {"target": 0, "anchor": "self", "need": "TABLE_READ_DATA"}]},
	"LOAD_TABLE_WITH_WRITE_DELEGATION": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_PROPERTIES"}, {"target": 0, "anchor": "self", "need": "TABLE_READ_DATA"}, {"target": 0, "anchor": "self", "need": "TABLE_WRITE_DATA"}]},
	"REGISTER_VIEW": {"arity": "one", "types": {"VIEW"}, "needs": [{"target": 0, "anchor": "parent", "need": "VIEW_CREATE"}]},
	"LIST_CATALOGS": {"arity": "none", "types": set(), "needs": []},
	"CREATE_CATALOG": {"arity": "one", "types": {"CATALOG"}, "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"GET_CATALOG": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_READ_PROPERTIES"}]},
	"UPDATE_CATALOG": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_WRITE_PROPERTIES"}]},
	"DROP_CATALOG": {"arity": "one", "types": {"CATALOG"}, "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"LIST_METRICS_REPORTS": {"arity": "one", "types": {"TABLE"}, "needs": [{"target": 0, "anchor": "self", "need": "TABLE_READ_PROPERTIES"}]},
	"LIST_CATALOG_ROLES": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"CREATE_CATALOG_ROLE": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"DROP_CATALOG_ROLE": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"ASSIGN_CATALOG_ROLE": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"UNASSIGN_CATALOG_ROLE": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"LIST_GRANTS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_ACCESS"}]},
	"GRANT": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_ACCESS"}]},
	"REVOKE": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_ACCESS"}]},
	"LIST_PRINCIPALS": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"CREATE_PRINCIPAL": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"UPDATE_PRINCIPAL": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"DROP_PRINCIPAL": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"LIST_PRINCIPAL_ROLES": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"CREATE_PRINCIPAL_ROLE": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"DROP_PRINCIPAL_ROLE": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"ASSIGN_PRINCIPAL_ROLE": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"UNASSIGN_PRINCIPAL_ROLE": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"LIST_AUDIT_EVENTS": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"LIST_TAGS": {"arity": "none", "types": set(), "needs": []},
	"CREATE_TAG": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"UPDATE_TAG": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"DROP_TAG": {"arity": "none", "types": set(), "needs": [{"need": "SERVICE_ADMINISTRATOR"}]},
	"LIST_TAG_ASSIGNMENTS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_POLICIES"}]},
	"LIST_ROW_FILTERS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_POLICIES"}]},
	"LIST_COLUMN_MASKS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_POLICIES"}]},
	"ASSIGN_TAG": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"UNASSIGN_TAG": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"CREATE_ROW_FILTER": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"UPDATE_ROW_FILTER": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"DROP_ROW_FILTER": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"CREATE_COLUMN_MASK": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"UPDATE_COLUMN_MASK": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"DROP_COLUMN_MASK": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"LIST_SCHEMA_CONTRACTS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_POLICIES"}]},
	"CREATE_SCHEMA_CONTRACT": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"UPDATE_SCHEMA_CONTRACT": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"DROP_SCHEMA_CONTRACT": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"LIST_PII_PROPOSALS": {"arity": "one", "types": {"CATALOG"}, "needs": [{"target": 0, "anchor": "self", "need": "CATALOG_MANAGE_POLICIES"}]},
	"START_PII_SCAN": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
	"DECIDE_PII_PROPOSAL": {"arity": "one", "types": {"CATALOG", "NAMESPACE", "TABLE", "VIEW"}, "needs": [{"target": 0, "anchor": "catalog", "need": "CATALOG_MANAGE_POLICIES"}]},
}

# The listings (Operation.listedType()): the type of the entries visible_indexes filters.
listings := {
	"LIST_CATALOGS": "CATALOG",
	"LIST_NAMESPACES": "NAMESPACE",
	"LIST_TABLES": "TABLE",
	"LIST_VIEWS": "VIEW",
}

# ------------------------------------------------------------------------------------------------
# Securables: {"type": ..., "path": [catalog, namespace levels..., name]}

securable(target) := {"type": target.type, "path": target.path, "keys": target.keys}

# The container of s at depth length (1 is the catalog), or s itself at its own depth. A securable
# here carries "keys": the lookup key of every element of its chain, catalog first, computed by
# Floe (see data.floe.grants.index).
prefix(s, length) := s if length == count(s.path)

prefix(s, length) := {"type": "CATALOG", "path": [s.path[0]], "keys": [s.keys[0]]} if {
	length == 1
	length < count(s.path)
}

prefix(s, length) := {"type": "NAMESPACE", "path": array.slice(s.path, 0, length), "keys": array.slice(s.keys, 0, length)} if {
	length > 1
	length < count(s.path)
}

parent(s) := prefix(s, count(s.path) - 1)

anchored("self", s) := s

anchored("parent", s) := parent(s)

anchored("catalog", s) := prefix(s, 1)

own_key(s) := s.keys[count(s.keys) - 1]

well_formed_securable(s) if {
	is_string(s.type)
	is_array(s.path)
	every level in s.path {
		is_string(level)
		level != ""
	}
	count(s.path) >= {"CATALOG": 1, "NAMESPACE": 2, "TABLE": 3, "VIEW": 3}[s.type]
	not catalog_path_too_long(s)
	is_array(s.keys)
	count(s.keys) == count(s.path)
}

catalog_path_too_long(s) if {
	s.type == "CATALOG"
	count(s.path) > 1
}

# ------------------------------------------------------------------------------------------------
# The caller's grants: principal roles -> catalog roles -> grants
#
# data.floe.grants.index[catalog][role] holds each catalog role's grants by lookup key:
#   "on":     key -> the grants on the securable with that key
#   "within": key -> the grants on that securable or anywhere inside it
#   "reveals": key -> the types the grants on that securable reveal below it (see revealed)
# so that a decision looks grants up instead of scanning them.

caller_catalog_roles contains assignment if {
	some principal_role in input.principal_roles
	some assignment in data.floe.grants.principal_roles[principal_role]
}

caller_roles_in[assignment.catalog] contains assignment.role if some assignment in caller_catalog_roles

service_administrator if {
	some principal_role in input.principal_roles
	principal_role in data.floe.grants.service_administrator_roles
}

explained(role, entry) := {"catalog_role": role, "privilege": entry.privilege, "securable": entry.securable}

# the grants giving privilege on s: on s or above it, implying privilege
grants_for(s, privilege) := {explained(role, entry) |
	some role in caller_roles_in[s.path[0]]
	some key in s.keys
	some entry in data.floe.grants.index[s.path[0]][role].on[key]
	privilege in implied[entry.privilege]
}

# the grants making s visible: on s or inside it, or above it revealing s's type
visibility_grants(s) := {explained(role, entry) |
	some role in caller_roles_in[s.path[0]]
	some entry in data.floe.grants.index[s.path[0]][role].within[own_key(s)]
} | {explained(role, entry) |
	some role in caller_roles_in[s.path[0]]
	some depth, key in s.keys
	depth < count(s.keys) - 1
	some entry in data.floe.grants.index[s.path[0]][role].on[key]
	s.type in revealed[entry.privilege]
}

visible(s) if {
	s.type == "CATALOG"
	service_administrator
}

# as visibility_grants(s) is not empty, but stops at the first grant found
visible(s) if {
	some role in caller_roles_in[s.path[0]]
	data.floe.grants.index[s.path[0]][role].within[own_key(s)]
}

visible(s) if {
	some role in caller_roles_in[s.path[0]]
	some depth, key in s.keys
	depth < count(s.keys) - 1
	s.type in data.floe.grants.index[s.path[0]][role].reveals[key]
}

principal_disabled if input.principal.disabled == true

# ------------------------------------------------------------------------------------------------
# Requirements of this input: {kind, target, securable, privilege}

operation := operations[input.operation]

well_formed if {
	operation.arity == "none"
	count(input.targets) == 0
}

well_formed if {
	operation.arity == "one"
	count(input.targets) == 1
	targets_fit
}

well_formed if {
	operation.arity == "two"
	count(input.targets) == 2
	targets_fit
}

well_formed if {
	operation.arity == "many"
	count(input.targets) >= 1
	targets_fit
}

targets_fit if {
	every target in input.targets {
		well_formed_securable(securable(target))
		target.type in operation.types
		every change in target.changes {
			input.operation in {"UPDATE_TABLE", "COMMIT_TRANSACTION"}
			change in {"DATA", "METADATA"}
		}
	}
}

applies_to(need, _) if need.target == "each"

applies_to(need, index) if need.target == index

commit_privileges(target) := {privilege |
	some change in target.changes
	privilege := {"DATA": "TABLE_WRITE_DATA", "METADATA": "TABLE_WRITE_PROPERTIES"}[change]
} | {"TABLE_WRITE_PROPERTIES" | count(target.changes) == 0}

requirements contains requirement if {
	some need in operation.needs
	not need.need in {"VISIBLE", "SERVICE_ADMINISTRATOR", "COMMIT"}
	some index, target in input.targets
	applies_to(need, index)
	requirement := {
		"kind": "privilege", "target": index,
		"securable": anchored(need.anchor, securable(target)), "privilege": need.need,
	}
}

requirements contains requirement if {
	some need in operation.needs
	need.need == "COMMIT"
	some index, target in input.targets
	applies_to(need, index)
	some privilege in commit_privileges(target)
	requirement := {"kind": "privilege", "target": index, "securable": securable(target), "privilege": privilege}
}

requirements contains requirement if {
	some need in operation.needs
	need.need == "VISIBLE"
	some index, target in input.targets
	applies_to(need, index)
	requirement := {"kind": "visible", "target": index, "securable": anchored(need.anchor, securable(target))}
}

requirements contains {"kind": "service_administrator"} if {
	some need in operation.needs
	need.need == "SERVICE_ADMINISTRATOR"
}

unmet contains requirement if {
	some requirement in requirements
	requirement.kind == "privilege"
	count(grants_for(requirement.securable, requirement.privilege)) == 0
}

unmet contains requirement if {
	some requirement in requirements
	requirement.kind == "visible"
	not visible(requirement.securable)
}

unmet contains requirement if {
	some requirement in requirements
	requirement.kind == "service_administrator"
	not service_administrator
}

# securables of unmet requirements the caller may not know of: answer "not found"
hidden contains requirement.securable if {
	some requirement in unmet
	requirement.kind != "service_administrator"
	not visible(requirement.securable)
}

allowing_grants contains grant if {
	some requirement in requirements
	requirement.kind == "privilege"
	some grant in grants_for(requirement.securable, requirement.privilege)
}

allowing_grants contains grant if {
	some requirement in requirements
	requirement.kind == "visible"
	some grant in visibility_grants(requirement.securable)
}

# ------------------------------------------------------------------------------------------------
# Answers

describe(requirement) := sprintf("%s on %s %s", [requirement.privilege, lower(requirement.securable.type), concat(".", requirement.securable.path)]) if {
	requirement.kind == "privilege"
} else := sprintf("%s %s visible", [lower(requirement.securable.type), concat(".", requirement.securable.path)]) if {
	requirement.kind == "visible"
} else := "a service administrator role"

unmet_description := concat(", ", sort([describe(requirement) | some requirement in unmet]))

decision := deny(sprintf("%s denied: principal %s is disabled", [input.operation, input.principal.name])) if {
	principal_disabled
} else := deny(sprintf("%v is not an operation this policy knows", [input.operation])) if {
	not operations[input.operation]
} else := deny(sprintf("%s denied: targets do not fit the operation", [input.operation])) if {
	not well_formed
} else := not_found(sprintf("%s not found for %s: missing %s", [input.operation, input.principal.name, unmet_description])) if {
	count(hidden) > 0
} else := deny(sprintf("%s denied for %s: missing %s", [input.operation, input.principal.name, unmet_description])) if {
	count(unmet) > 0
} else := deny(concat("; ", sort(policy_denials))) if {
	count(policy_denials) > 0
} else := allow(sprintf("%s allowed for %s", [input.operation, input.principal.name]))

deny(reason) := {"allow": false, "outcome": "DENY", "reason": reason, "grants": []}

not_found(reason) := {"allow": false, "outcome": "NOT_FOUND", "reason": reason, "grants": []}

allow(reason) := {"allow": true, "outcome": "ALLOW", "reason": reason, "grants": allowing_grants}

# Rules beyond RBAC add reasons to this set (see confidential.rego); any reason turns an allow
# into a deny. They never turn a deny into an allow.
# policy_denials contains reason if { ... }

# One listing page: the indexes of the targets the caller may see.
visible_indexes contains index if {
	not principal_disabled
	listed := listings[input.operation]
	some index, target in input.targets
	target.type == listed
	well_formed_securable(securable(target))
	visible(securable(target))
}
