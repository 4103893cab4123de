# A sample rule beyond the built-in RBAC: writing data to a confidential table.
#
# A table tagged "confidential" (or with a tag below it, such as "confidential.finance") may have
# its data written (any operation that needs TABLE_WRITE_DATA on it: UPDATE_TABLE with DATA
# changes, COMMIT_TRANSACTION, PURGE_TABLE) only by a caller holding one of the principal roles
# listed in the setting
#
#   data.floe.settings.confidential_writer_roles   (an array of principal role names)
#
# set for example with PUT /v1/data/floe/settings {"confidential_writer_roles": ["data_stewards"]}.
# Without the setting nobody may write confidential tables (fail closed). The caller still needs
# the RBAC privileges; this rule only ever turns an allow into a deny.
package floe.authz

default confidential_writer_roles := []

confidential_writer_roles := data.floe.settings.confidential_writer_roles

confidential_tag(tag) if tag == "confidential"

confidential_tag(tag) if startswith(tag, "confidential.")

confidential_writer if {
	some principal_role in input.principal_roles
	principal_role in confidential_writer_roles
}

policy_denials contains reason if {
	some requirement in requirements
	requirement.kind == "privilege"
	requirement.privilege == "TABLE_WRITE_DATA"
	target := input.targets[requirement.target]
	some tag in target.tags
	confidential_tag(tag)
	not confidential_writer
	reason := sprintf(
		"%s denied for %s: table %s is tagged %s and only the roles %v may write its data",
		[input.operation, input.principal.name, concat(".", target.path), tag, confidential_writer_roles],
	)
}
