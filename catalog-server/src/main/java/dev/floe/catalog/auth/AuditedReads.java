package dev.floe.catalog.auth;

import dev.floe.policy.Operation;

/**
 * The operations whose allowed decisions may be aggregated in the audit trail ({@code
 * floe.audit.aggregate-reads-window}): reads of catalog objects that change nothing and hand out
 * nothing that writes. Loads, listings and existence checks of catalogs, namespaces, tables and
 * views; signing and vending for reads ({@code READ_TABLE_DATA}, {@code
 * LOAD_TABLE_WITH_READ_DELEGATION}); the tag list.
 *
 * <p>Not reads here: everything that changes something (metrics reports are stored), that hands out
 * write access ({@code WRITE_TABLE_DATA}, {@code LOAD_TABLE_WITH_WRITE_DELEGATION}, asked on every
 * vending load), and the reads of access control and the audit trail itself (roles, grants,
 * principals, policies, audit events): rare, and each one is worth its own event.
 */
public final class AuditedReads {
  private AuditedReads() {}

  /** Whether an allowed {@code operation} may be folded with others into one audit event. */
  public static boolean aggregatable(Operation operation) {
    return switch (operation) {
      case GET_CONFIG,
          LIST_NAMESPACES,
          LOAD_NAMESPACE,
          NAMESPACE_EXISTS,
          LIST_TABLES,
          LOAD_TABLE,
          TABLE_EXISTS,
          LIST_VIEWS,
          LOAD_VIEW,
          VIEW_EXISTS,
          READ_TABLE_DATA,
          LOAD_TABLE_WITH_READ_DELEGATION,
          LIST_CATALOGS,
          GET_CATALOG,
          LIST_METRICS_REPORTS,
          LIST_TAGS ->
          true;
      case CREATE_NAMESPACE,
          DROP_NAMESPACE,
          UPDATE_NAMESPACE_PROPERTIES,
          CREATE_TABLE,
          STAGE_CREATE_TABLE,
          UPDATE_TABLE,
          DROP_TABLE,
          PURGE_TABLE,
          RENAME_TABLE,
          REGISTER_TABLE,
          REPORT_METRICS,
          COMMIT_TRANSACTION,
          CREATE_VIEW,
          REPLACE_VIEW,
          DROP_VIEW,
          RENAME_VIEW,
          REGISTER_VIEW,
          WRITE_TABLE_DATA,
          LOAD_TABLE_WITH_WRITE_DELEGATION,
          CREATE_CATALOG,
          UPDATE_CATALOG,
          DROP_CATALOG,
          LIST_CATALOG_ROLES,
          CREATE_CATALOG_ROLE,
          DROP_CATALOG_ROLE,
          ASSIGN_CATALOG_ROLE,
          UNASSIGN_CATALOG_ROLE,
          LIST_GRANTS,
          GRANT,
          REVOKE,
          LIST_PRINCIPALS,
          CREATE_PRINCIPAL,
          UPDATE_PRINCIPAL,
          DROP_PRINCIPAL,
          LIST_PRINCIPAL_ROLES,
          CREATE_PRINCIPAL_ROLE,
          DROP_PRINCIPAL_ROLE,
          ASSIGN_PRINCIPAL_ROLE,
          UNASSIGN_PRINCIPAL_ROLE,
          LIST_AUDIT_EVENTS,
          CREATE_TAG,
          UPDATE_TAG,
          DROP_TAG,
          LIST_TAG_ASSIGNMENTS,
          ASSIGN_TAG,
          UNASSIGN_TAG,
          LIST_ROW_FILTERS,
          CREATE_ROW_FILTER,
          UPDATE_ROW_FILTER,
          DROP_ROW_FILTER,
          LIST_COLUMN_MASKS,
          CREATE_COLUMN_MASK,
          UPDATE_COLUMN_MASK,
          DROP_COLUMN_MASK,
          LIST_SCHEMA_CONTRACTS,
          CREATE_SCHEMA_CONTRACT,
          UPDATE_SCHEMA_CONTRACT,
          DROP_SCHEMA_CONTRACT,
          LIST_PII_PROPOSALS,
          START_PII_SCAN,
          DECIDE_PII_PROPOSAL ->
          false;
    };
  }
}
