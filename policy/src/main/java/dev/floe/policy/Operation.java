package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Requirement.HasPrivilege;
import dev.floe.policy.Requirement.IsServiceAdministrator;
import dev.floe.policy.Requirement.IsVisible;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a caller can ask Floe to do: the unit of authorization and audit.
 *
 * <p>The first group is the Iceberg REST catalog API; the second is the management API. {@link #requirements} maps an operation and
 * its targets to what the caller needs; {@code policy/README.md} has the same table.
 *
 * <table>
 *   <caption>Targets and requirements ("parent" is the namespace or catalog that holds the
 *   target; "visible" is the visibility rule of {@link Authorizer})</caption>
 *   <tr><th>operation</th><th>targets</th><th>needs</th></tr>
 *   <tr><td>GET_CONFIG</td><td>catalog</td><td>catalog visible</td></tr>
 *   <tr><td>LIST_NAMESPACES</td><td>catalog or namespace</td><td>visible (entries filtered)</td></tr>
 *   <tr><td>CREATE_NAMESPACE</td><td>new namespace</td><td>NAMESPACE_CREATE on parent</td></tr>
 *   <tr><td>LOAD_NAMESPACE</td><td>namespace</td><td>NAMESPACE_READ_PROPERTIES</td></tr>
 *   <tr><td>NAMESPACE_EXISTS</td><td>namespace</td><td>visible</td></tr>
 *   <tr><td>DROP_NAMESPACE</td><td>namespace</td><td>NAMESPACE_DROP</td></tr>
 *   <tr><td>UPDATE_NAMESPACE_PROPERTIES</td><td>namespace</td><td>NAMESPACE_WRITE_PROPERTIES</td></tr>
 *   <tr><td>LIST_TABLES</td><td>namespace</td><td>visible (entries filtered)</td></tr>
 *   <tr><td>CREATE_TABLE, STAGE_CREATE_TABLE, REGISTER_TABLE</td><td>new table</td><td>TABLE_CREATE on parent</td></tr>
 *   <tr><td>LOAD_TABLE, REPORT_METRICS, LIST_METRICS_REPORTS</td><td>table</td><td>TABLE_READ_PROPERTIES</td></tr>
 *   <tr><td>TABLE_EXISTS</td><td>table</td><td>visible</td></tr>
 *   <tr><td>READ_TABLE_DATA</td><td>table</td><td>TABLE_READ_DATA</td></tr>
 *   <tr><td>WRITE_TABLE_DATA</td><td>table</td><td>TABLE_WRITE_DATA</td></tr>
 *   <tr><td>LOAD_TABLE_WITH_READ_DELEGATION</td><td>table</td><td>TABLE_READ_PROPERTIES and TABLE_READ_DATA</td></tr>
 *   <tr><td>LOAD_TABLE_WITH_WRITE_DELEGATION</td><td>table</td><td>TABLE_READ_PROPERTIES, TABLE_READ_DATA and TABLE_WRITE_DATA</td></tr>
 *   <tr><td>UPDATE_TABLE</td><td>table</td><td>TABLE_WRITE_DATA if the commit changes {@link TableChange#DATA};
 *       TABLE_WRITE_PROPERTIES if it changes {@link TableChange#METADATA} or says nothing</td></tr>
 *   <tr><td>COMMIT_TRANSACTION</td><td>one or more tables</td><td>as UPDATE_TABLE, for each table</td></tr>
 *   <tr><td>DROP_TABLE</td><td>table</td><td>TABLE_DROP</td></tr>
 *   <tr><td>PURGE_TABLE</td><td>table</td><td>TABLE_DROP and TABLE_WRITE_DATA</td></tr>
 *   <tr><td>RENAME_TABLE</td><td>source table, destination table</td><td>TABLE_DROP on source, TABLE_CREATE on the destination's parent</td></tr>
 *   <tr><td>LIST_VIEWS</td><td>namespace</td><td>visible (entries filtered)</td></tr>
 *   <tr><td>CREATE_VIEW, REGISTER_VIEW</td><td>new view</td><td>VIEW_CREATE on parent</td></tr>
 *   <tr><td>LOAD_VIEW</td><td>view</td><td>VIEW_READ_PROPERTIES</td></tr>
 *   <tr><td>VIEW_EXISTS</td><td>view</td><td>visible</td></tr>
 *   <tr><td>REPLACE_VIEW</td><td>view</td><td>VIEW_WRITE_PROPERTIES</td></tr>
 *   <tr><td>DROP_VIEW</td><td>view</td><td>VIEW_DROP</td></tr>
 *   <tr><td>RENAME_VIEW</td><td>source view, destination view</td><td>VIEW_DROP on source, VIEW_CREATE on the destination's parent</td></tr>
 *   <tr><td>LIST_CATALOGS</td><td>none</td><td>nothing (entries filtered)</td></tr>
 *   <tr><td>CREATE_CATALOG, DROP_CATALOG</td><td>catalog</td><td>service administrator</td></tr>
 *   <tr><td>GET_CATALOG</td><td>catalog</td><td>CATALOG_READ_PROPERTIES</td></tr>
 *   <tr><td>UPDATE_CATALOG</td><td>catalog</td><td>CATALOG_WRITE_PROPERTIES</td></tr>
 *   <tr><td>LIST_CATALOG_ROLES, CREATE_CATALOG_ROLE, DROP_CATALOG_ROLE, ASSIGN_CATALOG_ROLE,
 *       UNASSIGN_CATALOG_ROLE, LIST_GRANTS</td><td>catalog</td><td>CATALOG_MANAGE_ACCESS</td></tr>
 *   <tr><td>GRANT, REVOKE</td><td>the securable of the grant</td><td>CATALOG_MANAGE_ACCESS on its catalog</td></tr>
 *   <tr><td>LIST_PRINCIPALS, CREATE_PRINCIPAL, UPDATE_PRINCIPAL, DROP_PRINCIPAL, LIST_PRINCIPAL_ROLES,
 *       CREATE_PRINCIPAL_ROLE, DROP_PRINCIPAL_ROLE, ASSIGN_PRINCIPAL_ROLE, UNASSIGN_PRINCIPAL_ROLE</td>
 *       <td>none</td><td>service administrator</td></tr>
 *   <tr><td>LIST_AUDIT_EVENTS</td><td>none</td><td>service administrator</td></tr>
 *   <tr><td>LIST_TAGS</td><td>none</td><td>nothing (any authenticated caller)</td></tr>
 *   <tr><td>CREATE_TAG, UPDATE_TAG, DROP_TAG</td><td>none</td><td>service administrator</td></tr>
 *   <tr><td>LIST_TAG_ASSIGNMENTS, LIST_ROW_FILTERS, LIST_COLUMN_MASKS, LIST_SCHEMA_CONTRACTS,
 *       LIST_PII_PROPOSALS</td><td>catalog</td><td>CATALOG_MANAGE_POLICIES</td></tr>
 *   <tr><td>ASSIGN_TAG, UNASSIGN_TAG, CREATE_ROW_FILTER, UPDATE_ROW_FILTER, DROP_ROW_FILTER,
 *       CREATE_COLUMN_MASK, UPDATE_COLUMN_MASK, DROP_COLUMN_MASK, CREATE_SCHEMA_CONTRACT,
 *       UPDATE_SCHEMA_CONTRACT, DROP_SCHEMA_CONTRACT, START_PII_SCAN, DECIDE_PII_PROPOSAL</td><td>the securable the
 *       assignment or policy is on (the catalog for a mask on a tag)</td><td>CATALOG_MANAGE_POLICIES on its catalog</td></tr>
 * </table>
 */
public enum Operation {
  // Iceberg REST catalog API
  GET_CONFIG,
  LIST_NAMESPACES,
  CREATE_NAMESPACE,
  LOAD_NAMESPACE,
  NAMESPACE_EXISTS,
  DROP_NAMESPACE,
  UPDATE_NAMESPACE_PROPERTIES,
  LIST_TABLES,
  CREATE_TABLE,
  STAGE_CREATE_TABLE,
  LOAD_TABLE,
  TABLE_EXISTS,
  UPDATE_TABLE,
  DROP_TABLE,
  PURGE_TABLE,
  RENAME_TABLE,
  REGISTER_TABLE,
  REPORT_METRICS,
  COMMIT_TRANSACTION,
  LIST_VIEWS,
  CREATE_VIEW,
  LOAD_VIEW,
  VIEW_EXISTS,
  REPLACE_VIEW,
  DROP_VIEW,
  RENAME_VIEW,
  REGISTER_VIEW,
  /** Reading a table's files directly: signing GET/HEAD requests, vending read credentials. */
  READ_TABLE_DATA,
  /** Writing a table's files directly: signing PUT/POST/DELETE requests, vending write credentials. */
  WRITE_TABLE_DATA,
  /** Loading a table with vended credentials that read its files: one decision for the intent. */
  LOAD_TABLE_WITH_READ_DELEGATION,
  /** Loading a table with vended credentials that read and write its files. */
  LOAD_TABLE_WITH_WRITE_DELEGATION,

  // management API: catalogs
  LIST_CATALOGS,
  CREATE_CATALOG,
  GET_CATALOG,
  UPDATE_CATALOG,
  DROP_CATALOG,
  LIST_METRICS_REPORTS,

  // management API: catalog roles and grants (inside one catalog)
  LIST_CATALOG_ROLES,
  CREATE_CATALOG_ROLE,
  DROP_CATALOG_ROLE,
  ASSIGN_CATALOG_ROLE,
  UNASSIGN_CATALOG_ROLE,
  LIST_GRANTS,
  GRANT,
  REVOKE,

  // management API: principals and principal roles (service-wide)
  LIST_PRINCIPALS,
  CREATE_PRINCIPAL,
  UPDATE_PRINCIPAL,
  DROP_PRINCIPAL,
  LIST_PRINCIPAL_ROLES,
  CREATE_PRINCIPAL_ROLE,
  DROP_PRINCIPAL_ROLE,
  ASSIGN_PRINCIPAL_ROLE,
  UNASSIGN_PRINCIPAL_ROLE,

  // management API: audit (service-wide)
  LIST_AUDIT_EVENTS,

  // management API: governance; tag definitions are service-wide
  LIST_TAGS,
  CREATE_TAG,
  UPDATE_TAG,
  DROP_TAG,
  // tag assignments, row filters and column masks (inside one catalog)
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
  // schema contracts on namespaces and tables (inside one catalog)
  LIST_SCHEMA_CONTRACTS,
  CREATE_SCHEMA_CONTRACT,
  UPDATE_SCHEMA_CONTRACT,
  DROP_SCHEMA_CONTRACT,
  // PII detection: scanning reads data to classify it, a policy task (inside one catalog)
  LIST_PII_PROPOSALS,
  START_PII_SCAN,
  DECIDE_PII_PROPOSAL;

  private static final Set<SecurableType> CATALOG = EnumSet.of(SecurableType.CATALOG);
  private static final Set<SecurableType> NAMESPACE = EnumSet.of(SecurableType.NAMESPACE);
  private static final Set<SecurableType> TABLE = EnumSet.of(SecurableType.TABLE);
  private static final Set<SecurableType> VIEW = EnumSet.of(SecurableType.VIEW);
  private static final Set<SecurableType> CONTAINER =
      EnumSet.of(SecurableType.CATALOG, SecurableType.NAMESPACE);
  private static final Set<SecurableType> ANY = EnumSet.allOf(SecurableType.class);

  /**
   * What the caller needs for this operation on {@code targets}, in target order.
   *
   * @throws IllegalArgumentException when the targets do not fit the operation (wrong count or
   *     type): a bug in the caller, not an authorization result
   */
  public List<Requirement> requirements(List<Target> targets) {
    requireNonNull(targets, "targets is null");
    return switch (this) {
      case GET_CONFIG -> List.of(new IsVisible(single(targets, CATALOG)));
      case LIST_NAMESPACES -> List.of(new IsVisible(single(targets, CONTAINER)));
      case CREATE_NAMESPACE ->
          List.of(onParent(single(targets, NAMESPACE), Privilege.NAMESPACE_CREATE));
      case LOAD_NAMESPACE ->
          List.of(new HasPrivilege(single(targets, NAMESPACE), Privilege.NAMESPACE_READ_PROPERTIES));
      case NAMESPACE_EXISTS -> List.of(new IsVisible(single(targets, NAMESPACE)));
      case DROP_NAMESPACE ->
          List.of(new HasPrivilege(single(targets, NAMESPACE), Privilege.NAMESPACE_DROP));
      case UPDATE_NAMESPACE_PROPERTIES ->
          List.of(
              new HasPrivilege(single(targets, NAMESPACE), Privilege.NAMESPACE_WRITE_PROPERTIES));
      case LIST_TABLES, LIST_VIEWS -> List.of(new IsVisible(single(targets, NAMESPACE)));
      case CREATE_TABLE, STAGE_CREATE_TABLE, REGISTER_TABLE ->
          List.of(onParent(single(targets, TABLE), Privilege.TABLE_CREATE));
      case LOAD_TABLE, REPORT_METRICS, LIST_METRICS_REPORTS ->
          List.of(new HasPrivilege(single(targets, TABLE), Privilege.TABLE_READ_PROPERTIES));
      case TABLE_EXISTS -> List.of(new IsVisible(single(targets, TABLE)));
      case READ_TABLE_DATA ->
          List.of(new HasPrivilege(single(targets, TABLE), Privilege.TABLE_READ_DATA));
      case WRITE_TABLE_DATA ->
          List.of(new HasPrivilege(single(targets, TABLE), Privilege.TABLE_WRITE_DATA));
      case LOAD_TABLE_WITH_READ_DELEGATION -> {
        Securable table = single(targets, TABLE);
        yield List.of(
            new HasPrivilege(table, Privilege.TABLE_READ_PROPERTIES),
            new HasPrivilege(table, Privilege.TABLE_READ_DATA));
      }
      case LOAD_TABLE_WITH_WRITE_DELEGATION -> {
        Securable table = single(targets, TABLE);
        yield List.of(
            new HasPrivilege(table, Privilege.TABLE_READ_PROPERTIES),
            new HasPrivilege(table, Privilege.TABLE_READ_DATA),
            new HasPrivilege(table, Privilege.TABLE_WRITE_DATA));
      }
      case UPDATE_TABLE -> {
        single(targets, TABLE);
        yield commitRequirements(targets);
      }
      case COMMIT_TRANSACTION -> {
        if (targets.isEmpty()) {
          throw new IllegalArgumentException(this + " needs at least one table target");
        }
        checkTypes(targets, TABLE);
        yield commitRequirements(targets);
      }
      case DROP_TABLE -> List.of(new HasPrivilege(single(targets, TABLE), Privilege.TABLE_DROP));
      case PURGE_TABLE -> {
        Securable table = single(targets, TABLE);
        yield List.of(
            new HasPrivilege(table, Privilege.TABLE_DROP),
            new HasPrivilege(table, Privilege.TABLE_WRITE_DATA));
      }
      case RENAME_TABLE -> {
        List<Securable> pair = pair(targets, TABLE);
        yield List.of(
            new HasPrivilege(pair.get(0), Privilege.TABLE_DROP),
            onParent(pair.get(1), Privilege.TABLE_CREATE));
      }
      case CREATE_VIEW, REGISTER_VIEW ->
          List.of(onParent(single(targets, VIEW), Privilege.VIEW_CREATE));
      case LOAD_VIEW ->
          List.of(new HasPrivilege(single(targets, VIEW), Privilege.VIEW_READ_PROPERTIES));
      case VIEW_EXISTS -> List.of(new IsVisible(single(targets, VIEW)));
      case REPLACE_VIEW ->
          List.of(new HasPrivilege(single(targets, VIEW), Privilege.VIEW_WRITE_PROPERTIES));
      case DROP_VIEW -> List.of(new HasPrivilege(single(targets, VIEW), Privilege.VIEW_DROP));
      case RENAME_VIEW -> {
        List<Securable> pair = pair(targets, VIEW);
        yield List.of(
            new HasPrivilege(pair.get(0), Privilege.VIEW_DROP),
            onParent(pair.get(1), Privilege.VIEW_CREATE));
      }
      case LIST_CATALOGS -> {
        none(targets);
        yield List.of();
      }
      case CREATE_CATALOG, DROP_CATALOG -> {
        single(targets, CATALOG);
        yield List.of(new IsServiceAdministrator());
      }
      case GET_CATALOG ->
          List.of(new HasPrivilege(single(targets, CATALOG), Privilege.CATALOG_READ_PROPERTIES));
      case UPDATE_CATALOG ->
          List.of(new HasPrivilege(single(targets, CATALOG), Privilege.CATALOG_WRITE_PROPERTIES));
      case LIST_CATALOG_ROLES,
          CREATE_CATALOG_ROLE,
          DROP_CATALOG_ROLE,
          ASSIGN_CATALOG_ROLE,
          UNASSIGN_CATALOG_ROLE,
          LIST_GRANTS ->
          List.of(new HasPrivilege(single(targets, CATALOG), Privilege.CATALOG_MANAGE_ACCESS));
      case GRANT, REVOKE ->
          List.of(
              new HasPrivilege(
                  single(targets, ANY).catalogSecurable(), Privilege.CATALOG_MANAGE_ACCESS));
      case LIST_PRINCIPALS,
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
          DROP_TAG -> {
        none(targets);
        yield List.of(new IsServiceAdministrator());
      }
      case LIST_TAGS -> {
        none(targets);
        yield List.of();
      }
      case LIST_TAG_ASSIGNMENTS, LIST_ROW_FILTERS, LIST_COLUMN_MASKS, LIST_SCHEMA_CONTRACTS, LIST_PII_PROPOSALS ->
          List.of(new HasPrivilege(single(targets, CATALOG), Privilege.CATALOG_MANAGE_POLICIES));
      case ASSIGN_TAG,
          UNASSIGN_TAG,
          CREATE_ROW_FILTER,
          UPDATE_ROW_FILTER,
          DROP_ROW_FILTER,
          CREATE_COLUMN_MASK,
          UPDATE_COLUMN_MASK,
          DROP_COLUMN_MASK,
          CREATE_SCHEMA_CONTRACT,
          UPDATE_SCHEMA_CONTRACT,
          DROP_SCHEMA_CONTRACT,
          START_PII_SCAN,
          DECIDE_PII_PROPOSAL ->
          List.of(
              new HasPrivilege(
                  single(targets, ANY).catalogSecurable(), Privilege.CATALOG_MANAGE_POLICIES));
    };
  }

  /**
   * For the listing operations, the type of the entries the server filters through {@link
   * Authorizer#filter}: catalogs, namespaces, tables or views; empty for every other operation.
   */
  public Optional<SecurableType> listedType() {
    return switch (this) {
      case LIST_CATALOGS -> Optional.of(SecurableType.CATALOG);
      case LIST_NAMESPACES -> Optional.of(SecurableType.NAMESPACE);
      case LIST_TABLES -> Optional.of(SecurableType.TABLE);
      case LIST_VIEWS -> Optional.of(SecurableType.VIEW);
      case GET_CONFIG,
          CREATE_NAMESPACE,
          LOAD_NAMESPACE,
          NAMESPACE_EXISTS,
          DROP_NAMESPACE,
          UPDATE_NAMESPACE_PROPERTIES,
          CREATE_TABLE,
          STAGE_CREATE_TABLE,
          LOAD_TABLE,
          TABLE_EXISTS,
          UPDATE_TABLE,
          DROP_TABLE,
          PURGE_TABLE,
          RENAME_TABLE,
          REGISTER_TABLE,
          READ_TABLE_DATA,
          WRITE_TABLE_DATA,
          LOAD_TABLE_WITH_READ_DELEGATION,
          LOAD_TABLE_WITH_WRITE_DELEGATION,
          REPORT_METRICS,
          COMMIT_TRANSACTION,
          CREATE_VIEW,
          LOAD_VIEW,
          VIEW_EXISTS,
          REPLACE_VIEW,
          DROP_VIEW,
          RENAME_VIEW,
          REGISTER_VIEW,
          CREATE_CATALOG,
          GET_CATALOG,
          UPDATE_CATALOG,
          DROP_CATALOG,
          LIST_METRICS_REPORTS,
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
          LIST_TAGS,
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
          Optional.empty();
    };
  }

  /**
   * Checks the arguments of {@link Authorizer#filter}: this is a listing and every candidate is of
   * the listed type.
   *
   * @throws IllegalArgumentException otherwise
   */
  public void checkListing(List<Target> candidates) {
    requireNonNull(candidates, "candidates is null");
    SecurableType listed =
        listedType().orElseThrow(() -> new IllegalArgumentException(this + " is not a listing"));
    for (Target candidate : candidates) {
      if (candidate.securable().type() != listed) {
        throw new IllegalArgumentException(
            "%s lists %s entries, got %s".formatted(this, listed, candidate.securable()));
      }
    }
  }

  private static List<Requirement> commitRequirements(List<Target> targets) {
    List<Requirement> requirements = new ArrayList<>();
    for (Target target : targets) {
      if (target.changes().contains(TableChange.DATA)) {
        requirements.add(new HasPrivilege(target.securable(), Privilege.TABLE_WRITE_DATA));
      }
      if (target.changes().contains(TableChange.METADATA) || target.changes().isEmpty()) {
        requirements.add(new HasPrivilege(target.securable(), Privilege.TABLE_WRITE_PROPERTIES));
      }
    }
    return List.copyOf(requirements);
  }

  private static HasPrivilege onParent(Securable securable, Privilege privilege) {
    return new HasPrivilege(securable.parent().orElseThrow(), privilege);
  }

  private Securable single(List<Target> targets, Set<SecurableType> types) {
    if (targets.size() != 1) {
      throw new IllegalArgumentException(
          "%s needs exactly one target of type %s, got %d".formatted(this, types, targets.size()));
    }
    checkTypes(targets, types);
    return targets.get(0).securable();
  }

  private List<Securable> pair(List<Target> targets, Set<SecurableType> types) {
    if (targets.size() != 2) {
      throw new IllegalArgumentException(
          "%s needs a source and a destination of type %s, got %d targets"
              .formatted(this, types, targets.size()));
    }
    checkTypes(targets, types);
    return List.of(targets.get(0).securable(), targets.get(1).securable());
  }

  private void none(List<Target> targets) {
    if (!targets.isEmpty()) {
      throw new IllegalArgumentException(this + " takes no target, got " + targets.size());
    }
  }

  private void checkTypes(List<Target> targets, Set<SecurableType> types) {
    for (Target target : targets) {
      if (!types.contains(target.securable().type())) {
        throw new IllegalArgumentException(
            "%s needs targets of type %s, got %s".formatted(this, types, target.securable()));
      }
      if (!target.changes().isEmpty() && this != UPDATE_TABLE && this != COMMIT_TRANSACTION) {
        throw new IllegalArgumentException(
            "%s takes no table changes, got %s on %s"
                .formatted(this, target.changes(), target.securable()));
      }
    }
  }
}
