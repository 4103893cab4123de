package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.ActionCheck;
import dev.floe.policy.governance.api.ActionCheck.ActionTarget;
import dev.floe.policy.governance.api.ActionDecision;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.TableEvaluation;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trino's access control named {@code floe}: reads of governed catalogs are decided by Floe's
 * evaluation API (select, column visibility, row filter, column masks), one call per table per
 * query through {@link GovernanceAnswers}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A governed catalog (in {@code floe.catalogs}) is visible; its tables are visible, readable
 *       and described only when Floe allows the user to select from them; its columns when Floe
 *       shows them. Its {@code information_schema} is Trino's own and is filtered through the
 *       listing filters above.
 *   <li>Floe unreachable, or an answer that cannot be read: every decision on a governed catalog
 *       that needs Floe denies, with "Floe policy service unavailable". Nothing is allowed by
 *       default.
 *   <li>Changes in a governed catalog are decided by Floe as its REST API would decide them for
 *       the user ({@code WRITE_TABLE_DATA} for insert, delete, update, merge, truncate and table
 *       procedures; {@code UPDATE_TABLE} for columns, comments and properties; {@code
 *       CREATE_TABLE}, {@code DROP_TABLE}, {@code RENAME_TABLE}, the view and namespace
 *       operations), through the same evaluation API ({@code checks}). Schemas are listed when
 *       Floe would show the namespace ({@code NAMESPACE_EXISTS}).
 *   <li>Ungoverned catalogs: {@code floe.ungoverned-catalogs=allow} allows everything on them,
 *       {@code deny} hides them. Trino's {@code system} catalog is always accessible.
 *   <li>Queries: anyone may run queries and set session properties; a principal becomes and
 *       impersonates only the user of its own name; a user views and kills their own queries, users in {@code floe.query-admins}
 *       anyone's, and only they read system information.
 * </ul>
 */
public final class FloeSystemAccessControl implements SystemAccessControl {
  private static final Logger LOG = Logger.getLogger(FloeSystemAccessControl.class.getName());
  private static final String SYSTEM_CATALOG = "system";
  private static final String INFORMATION_SCHEMA = "information_schema";

  private final FloePluginConfig config;
  private final GovernanceAnswers answers;

  public FloeSystemAccessControl(FloePluginConfig config, GovernanceAnswers answers) {
    this.config = requireNonNull(config, "config is null");
    this.answers = requireNonNull(answers, "answers is null");
  }

  /** The answers and their counters (for tests and metrics). */
  public GovernanceAnswers answers() {
    return answers;
  }

  // ---- queries and the system ------------------------------------------------------------

  @Override
  public void checkCanImpersonateUser(Identity identity, String userName) {
    if (!identity.getUser().equals(userName)) {
      AccessDeniedException.denyImpersonateUser(identity.getUser(), userName);
    }
  }

  /** Trino still asks this (deprecated) when a request has a principal: it may become itself only. */
  @Override
  @SuppressWarnings("deprecation")
  public void checkCanSetUser(Optional<java.security.Principal> principal, String userName) {
    if (principal.isPresent() && !principal.get().getName().equals(userName)) {
      AccessDeniedException.denySetUser(principal, userName);
    }
  }

  @Override
  public void checkCanExecuteQuery(Identity identity, QueryId queryId) {}

  @Override
  public void checkCanViewQueryOwnedBy(Identity identity, Identity queryOwner) {
    if (!mayManageQueriesOf(identity, queryOwner)) {
      AccessDeniedException.denyViewQuery();
    }
  }

  @Override
  public Collection<Identity> filterViewQueryOwnedBy(Identity identity, Collection<Identity> queryOwners) {
    return queryOwners.stream().filter(owner -> mayManageQueriesOf(identity, owner)).toList();
  }

  @Override
  public void checkCanKillQueryOwnedBy(Identity identity, Identity queryOwner) {
    if (!mayManageQueriesOf(identity, queryOwner)) {
      AccessDeniedException.denyKillQuery();
    }
  }

  @Override
  public void checkCanReadSystemInformation(Identity identity) {
    if (!config.queryAdmins().contains(identity.getUser())) {
      AccessDeniedException.denyReadSystemInformationAccess();
    }
  }

  @Override
  public void checkCanSetSystemSessionProperty(Identity identity, QueryId queryId, String propertyName) {}

  private boolean mayManageQueriesOf(Identity identity, Identity owner) {
    return identity.getUser().equals(owner.getUser()) || config.queryAdmins().contains(identity.getUser());
  }

  // ---- catalogs ----------------------------------------------------------------------------

  @Override
  public boolean canAccessCatalog(SystemSecurityContext context, String catalogName) {
    return isAccessible(catalogName);
  }

  @Override
  public Set<String> filterCatalogs(SystemSecurityContext context, Set<String> catalogs) {
    Set<String> visible = new LinkedHashSet<>();
    for (String catalog : catalogs) {
      if (isAccessible(catalog)) {
        visible.add(catalog);
      }
    }
    return visible;
  }

  @Override
  public void checkCanSetCatalogSessionProperty(SystemSecurityContext context, String catalogName, String propertyName) {
    if (!isAccessible(catalogName)) {
      AccessDeniedException.denyCatalogAccess(catalogName);
    }
  }

  private boolean isAccessible(String catalog) {
    return SYSTEM_CATALOG.equals(catalog)
        || config.floeCatalog(catalog).isPresent()
        || config.ungoverned() == FloePluginConfig.UngovernedCatalogs.ALLOW;
  }

  private boolean allowsUngoverned(String catalog) {
    return SYSTEM_CATALOG.equals(catalog) || config.ungoverned() == FloePluginConfig.UngovernedCatalogs.ALLOW;
  }

  // ---- schemas -----------------------------------------------------------------------------

  @Override
  public void checkCanShowSchemas(SystemSecurityContext context, String catalogName) {
    if (!isAccessible(catalogName)) {
      AccessDeniedException.denyShowSchemas();
    }
  }

  /** A schema of a governed catalog is listed when Floe would show the namespace to the user. */
  @Override
  public Set<String> filterSchemas(SystemSecurityContext context, String catalogName, Set<String> schemaNames) {
    Optional<String> floeCatalog = config.floeCatalog(catalogName);
    if (floeCatalog.isEmpty()) {
      return allowsUngoverned(catalogName) ? schemaNames : Set.of();
    }
    List<String> asked = new ArrayList<>();
    Set<String> visible = new LinkedHashSet<>();
    for (String schema : schemaNames) {
      if (INFORMATION_SCHEMA.equals(schema)) {
        visible.add(schema);
      } else {
        asked.add(schema);
      }
    }
    if (asked.isEmpty()) {
      return visible;
    }
    List<ActionCheck> checks = asked.stream().map(schema -> new ActionCheck("NAMESPACE_EXISTS", List.of(namespace(schema)))).toList();
    List<ActionDecision> decisions;
    try {
      decisions = answers.checks(queryId(context), identity(context), floeCatalog.get(), checks);
    } catch (PolicyServiceUnavailableException e) {
      LOG.log(Level.WARNING, "Hiding the schemas of " + catalogName + ": " + e.getMessage());
      return visible;
    }
    for (int i = 0; i < asked.size(); i++) {
      if (decisions.get(i).allowed()) {
        visible.add(asked.get(i));
      }
    }
    return visible;
  }

  @Override
  public void checkCanShowTables(SystemSecurityContext context, CatalogSchemaName schema) {
    if (INFORMATION_SCHEMA.equals(schema.getSchemaName())) {
      return;
    }
    check(context, schema.getCatalogName(), "LIST_TABLES", List.of(namespace(schema.getSchemaName())),
        reason -> AccessDeniedException.denyShowTables(schema.toString(), reason));
  }

  @Override
  public void checkCanShowCreateSchema(SystemSecurityContext context, CatalogSchemaName schema) {
    check(context, schema.getCatalogName(), "LOAD_NAMESPACE", List.of(namespace(schema.getSchemaName())),
        reason -> AccessDeniedException.denyShowCreateSchema(schema.toString(), reason));
  }

  // ---- tables and columns: reads -----------------------------------------------------------

  @Override
  public Set<SchemaTableName> filterTables(SystemSecurityContext context, String catalogName, Set<SchemaTableName> tableNames) {
    Optional<String> floeCatalog = config.floeCatalog(catalogName);
    if (floeCatalog.isEmpty()) {
      return allowsUngoverned(catalogName) ? tableNames : Set.of();
    }
    List<SchemaTableName> asked = new ArrayList<>();
    Set<SchemaTableName> visible = new LinkedHashSet<>();
    for (SchemaTableName table : tableNames) {
      if (INFORMATION_SCHEMA.equals(table.getSchemaName())) {
        visible.add(table);
      } else {
        asked.add(table);
      }
    }
    if (asked.isEmpty()) {
      return visible;
    }
    Map<SchemaTableName, TableEvaluation> evaluated;
    try {
      evaluated = answers.tables(queryId(context), identity(context), floeCatalog.get(), asked);
    } catch (PolicyServiceUnavailableException e) {
      // a listing cannot fail a query here: it shows nothing of the governed catalog instead
      LOG.log(Level.WARNING, "Hiding the tables of " + catalogName + ": " + e.getMessage());
      return visible;
    }
    evaluated.forEach((table, answer) -> {
      if (answer.selectAllowed()) {
        visible.add(table);
      }
    });
    return visible;
  }

  @Override
  public Set<String> filterColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {
    return filterColumns(context, table.getCatalogName(), Map.of(table.getSchemaTableName(), columns))
        .getOrDefault(table.getSchemaTableName(), Set.of());
  }

  @Override
  public Map<SchemaTableName, Set<String>> filterColumns(
      SystemSecurityContext context, String catalogName, Map<SchemaTableName, Set<String>> tableColumns) {
    Optional<String> floeCatalog = config.floeCatalog(catalogName);
    if (floeCatalog.isEmpty()) {
      return allowsUngoverned(catalogName) ? tableColumns : Map.of();
    }
    Map<SchemaTableName, Set<String>> visible = new LinkedHashMap<>();
    List<SchemaTableName> asked = new ArrayList<>();
    tableColumns.forEach((table, columns) -> {
      if (INFORMATION_SCHEMA.equals(table.getSchemaName())) {
        visible.put(table, columns);
      } else {
        asked.add(table);
      }
    });
    if (asked.isEmpty()) {
      return visible;
    }
    Map<SchemaTableName, TableEvaluation> evaluated;
    try {
      evaluated = answers.tables(queryId(context), identity(context), floeCatalog.get(), asked);
    } catch (PolicyServiceUnavailableException e) {
      LOG.log(Level.WARNING, "Hiding the columns of " + catalogName + ": " + e.getMessage());
      return visible;
    }
    evaluated.forEach((table, answer) -> {
      if (answer.selectAllowed()) {
        Set<String> shown = lowerCase(answer.visibleColumns());
        Set<String> kept = new LinkedHashSet<>();
        for (String column : tableColumns.get(table)) {
          if (shown.contains(column.toLowerCase(Locale.ROOT))) {
            kept.add(column);
          }
        }
        visible.put(table, kept);
      }
    });
    return visible;
  }

  @Override
  public void checkCanShowColumns(SystemSecurityContext context, CatalogSchemaTableName table) {
    requireSelectable(context, table, () -> AccessDeniedException.denyShowColumns(table.toString()));
  }

  @Override
  public void checkCanShowCreateTable(SystemSecurityContext context, CatalogSchemaTableName table) {
    requireSelectable(context, table, () -> AccessDeniedException.denyShowCreateTable(table.toString()));
  }

  @Override
  public void checkCanSelectFromColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {
    Optional<TableEvaluation> answer = governedAnswer(context, table);
    if (answer.isEmpty()) {
      if (!allowsUngoverned(table.getCatalogName())) {
        AccessDeniedException.denySelectTable(table.toString());
      }
      return;
    }
    if (!answer.get().selectAllowed()) {
      AccessDeniedException.denySelectTable(table.toString());
    }
    Set<String> hidden = new LinkedHashSet<>();
    Set<String> shown = lowerCase(answer.get().visibleColumns());
    for (String column : columns) {
      if (!shown.contains(column.toLowerCase(Locale.ROOT))) {
        hidden.add(column);
      }
    }
    if (!hidden.isEmpty()) {
      AccessDeniedException.denySelectColumns(table.toString(), hidden);
    }
  }

  @Override
  public void checkCanCreateViewWithSelectFromColumns(
      SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {
    // a view's definer rights are not used: the view's readers are checked (and masked) as
    // themselves; the creator must be able to read what the view reads
    checkCanSelectFromColumns(context, table, columns);
  }

  @Override
  public List<ViewExpression> getRowFilters(SystemSecurityContext context, CatalogSchemaTableName table) {
    Optional<TableEvaluation> answer = governedAnswer(context, table);
    if (answer.isEmpty() || answer.get().rowFilter() == null) {
      // a denied table is denied by checkCanSelectFromColumns
      return List.of();
    }
    return List.of(expression(table, answer.get().rowFilter()));
  }

  @Override
  public Map<ColumnSchema, ViewExpression> getColumnMasks(
      SystemSecurityContext context, CatalogSchemaTableName table, List<ColumnSchema> columns) {
    Optional<TableEvaluation> answer = governedAnswer(context, table);
    if (answer.isEmpty() || answer.get().masks().isEmpty()) {
      return Map.of();
    }
    Map<String, ColumnMask> masks = new HashMap<>();
    for (ColumnMask mask : answer.get().masks()) {
      masks.put(mask.column().toLowerCase(Locale.ROOT), mask);
    }
    Map<ColumnSchema, ViewExpression> result = new LinkedHashMap<>();
    for (ColumnSchema column : columns) {
      ColumnMask mask = masks.get(column.getName().toLowerCase(Locale.ROOT));
      if (mask != null) {
        result.put(column, expression(table, mask.expression()));
      }
    }
    return result;
  }

  // ---- changes: decided by Floe as its REST API would decide them for the user ----------------

  @Override
  public void checkCanCreateSchema(SystemSecurityContext context, CatalogSchemaName schema, Map<String, Object> properties) {
    check(context, schema.getCatalogName(), "CREATE_NAMESPACE", List.of(namespace(schema.getSchemaName())),
        reason -> AccessDeniedException.denyCreateSchema(schema.toString(), reason));
  }

  @Override
  public void checkCanDropSchema(SystemSecurityContext context, CatalogSchemaName schema) {
    check(context, schema.getCatalogName(), "DROP_NAMESPACE", List.of(namespace(schema.getSchemaName())),
        reason -> AccessDeniedException.denyDropSchema(schema.toString(), reason));
  }

  @Override
  public void checkCanCreateTable(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Object> properties) {
    check(context, table.getCatalogName(), "CREATE_TABLE", List.of(table(table)),
        reason -> AccessDeniedException.denyCreateTable(table.toString(), reason));
  }

  @Override
  public void checkCanDropTable(SystemSecurityContext context, CatalogSchemaTableName table) {
    check(context, table.getCatalogName(), "DROP_TABLE", List.of(table(table)),
        reason -> AccessDeniedException.denyDropTable(table.toString(), reason));
  }

  @Override
  public void checkCanRenameTable(SystemSecurityContext context, CatalogSchemaTableName table, CatalogSchemaTableName newTable) {
    if (!table.getCatalogName().equals(newTable.getCatalogName())) {
      AccessDeniedException.denyRenameTable(table.toString(), newTable.toString(), "a table is renamed within its catalog");
    }
    check(context, table.getCatalogName(), "RENAME_TABLE", List.of(table(table), table(newTable)),
        reason -> AccessDeniedException.denyRenameTable(table.toString(), newTable.toString(), reason));
  }

  @Override
  public void checkCanSetTableProperties(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Optional<Object>> properties) {
    checkTableChange(context, table, reason -> AccessDeniedException.denySetTableProperties(table.toString(), reason));
  }

  @Override
  public void checkCanSetTableComment(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyCommentTable(table.toString(), reason));
  }

  @Override
  public void checkCanSetColumnComment(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyCommentColumn(table.toString(), reason));
  }

  @Override
  public void checkCanAddColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyAddColumn(table.toString(), reason));
  }

  @Override
  public void checkCanAlterColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyAlterColumn(table.toString(), reason));
  }

  @Override
  public void checkCanDropColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyDropColumn(table.toString(), reason));
  }

  @Override
  public void checkCanRenameColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkTableChange(context, table, reason -> AccessDeniedException.denyRenameColumn(table.toString(), reason));
  }

  @Override
  public void checkCanInsertIntoTable(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkDataChange(context, table, reason -> AccessDeniedException.denyInsertTable(table.toString(), reason));
  }

  @Override
  public void checkCanDeleteFromTable(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkDataChange(context, table, reason -> AccessDeniedException.denyDeleteTable(table.toString(), reason));
  }

  @Override
  public void checkCanTruncateTable(SystemSecurityContext context, CatalogSchemaTableName table) {
    checkDataChange(context, table, reason -> AccessDeniedException.denyTruncateTable(table.toString(), reason));
  }

  @Override
  public void checkCanUpdateTableColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> updatedColumns) {
    checkDataChange(context, table, reason -> AccessDeniedException.denyUpdateTableColumns(table.toString(), updatedColumns, reason));
  }

  @Override
  public void checkCanExecuteTableProcedure(SystemSecurityContext context, CatalogSchemaTableName table, String procedure) {
    checkDataChange(context, table, reason -> AccessDeniedException.denyExecuteTableProcedure(table.toString(), procedure));
  }

  @Override
  public void checkCanCreateView(SystemSecurityContext context, CatalogSchemaTableName view) {
    check(context, view.getCatalogName(), "CREATE_VIEW", List.of(view(view)),
        reason -> AccessDeniedException.denyCreateView(view.toString(), reason));
  }

  @Override
  public void checkCanDropView(SystemSecurityContext context, CatalogSchemaTableName view) {
    check(context, view.getCatalogName(), "DROP_VIEW", List.of(view(view)),
        reason -> AccessDeniedException.denyDropView(view.toString(), reason));
  }

  @Override
  public void checkCanRenameView(SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView) {
    if (!view.getCatalogName().equals(newView.getCatalogName())) {
      AccessDeniedException.denyRenameView(view.toString(), newView.toString(), "a view is renamed within its catalog");
    }
    check(context, view.getCatalogName(), "RENAME_VIEW", List.of(view(view), view(newView)),
        reason -> AccessDeniedException.denyRenameView(view.toString(), newView.toString(), reason));
  }

  @Override
  public void checkCanSetViewComment(SystemSecurityContext context, CatalogSchemaTableName view) {
    check(context, view.getCatalogName(), "REPLACE_VIEW", List.of(view(view)),
        reason -> AccessDeniedException.denyCommentView(view.toString(), reason));
  }

  private void checkDataChange(SystemSecurityContext context, CatalogSchemaTableName table, java.util.function.Consumer<String> deny) {
    check(context, table.getCatalogName(), "WRITE_TABLE_DATA", List.of(table(table)), deny);
  }

  private void checkTableChange(SystemSecurityContext context, CatalogSchemaTableName table, java.util.function.Consumer<String> deny) {
    check(context, table.getCatalogName(), "UPDATE_TABLE", List.of(table(table)), deny);
  }

  /**
   * Asks Floe whether the user may perform {@code operation} on {@code targets} of a governed
   * catalog; {@code deny} (given Floe's reason) when not. Ungoverned catalogs follow {@code
   * floe.ungoverned-catalogs}; Floe unavailable denies.
   */
  private void check(
      SystemSecurityContext context, String catalog, String operation, List<ActionTarget> targets, java.util.function.Consumer<String> deny) {
    Optional<String> floeCatalog = config.floeCatalog(catalog);
    if (floeCatalog.isEmpty()) {
      if (!allowsUngoverned(catalog)) {
        deny.accept("catalog " + catalog + " is not accessible");
      }
      return;
    }
    ActionDecision decision;
    try {
      decision = answers.checks(queryId(context), identity(context), floeCatalog.get(), List.of(new ActionCheck(operation, targets))).get(0);
    } catch (PolicyServiceUnavailableException e) {
      LOG.log(Level.WARNING, "Denying " + operation + " on " + targets + ": " + e.getMessage());
      throw new AccessDeniedException(PolicyServiceUnavailableException.DENIAL_MESSAGE);
    }
    if (!decision.allowed()) {
      deny.accept(decision.reason());
    }
  }

  private static ActionTarget namespace(String schema) {
    return ActionTarget.namespace(List.of(schema));
  }

  private static ActionTarget table(CatalogSchemaTableName table) {
    return ActionTarget.table(List.of(table.getSchemaTableName().getSchemaName()), table.getSchemaTableName().getTableName());
  }

  private static ActionTarget view(CatalogSchemaTableName view) {
    return ActionTarget.view(List.of(view.getSchemaTableName().getSchemaName()), view.getSchemaTableName().getTableName());
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void requireSelectable(SystemSecurityContext context, CatalogSchemaTableName table, Runnable deny) {
    Optional<TableEvaluation> answer = governedAnswer(context, table);
    if (answer.isEmpty() ? !allowsUngoverned(table.getCatalogName()) : !answer.get().selectAllowed()) {
      deny.run();
    }
  }

  /**
   * Floe's answer for a table of a governed catalog; empty for an ungoverned catalog and for the
   * catalog's {@code information_schema}. Floe unreachable: access denied.
   */
  private Optional<TableEvaluation> governedAnswer(SystemSecurityContext context, CatalogSchemaTableName table) {
    Optional<String> floeCatalog = config.floeCatalog(table.getCatalogName());
    if (floeCatalog.isEmpty()) {
      return Optional.empty();
    }
    if (INFORMATION_SCHEMA.equals(table.getSchemaTableName().getSchemaName())) {
      return Optional.empty();
    }
    try {
      return Optional.of(answers.table(queryId(context), identity(context), floeCatalog.get(), table.getSchemaTableName()));
    } catch (PolicyServiceUnavailableException e) {
      LOG.log(Level.WARNING, "Denying access to " + table + ": " + e.getMessage());
      throw new AccessDeniedException(PolicyServiceUnavailableException.DENIAL_MESSAGE);
    }
  }

  private static ViewExpression expression(CatalogSchemaTableName table, String sql) {
    return ViewExpression.builder()
        .catalog(table.getCatalogName())
        .schema(table.getSchemaTableName().getSchemaName())
        .expression(sql)
        .build();
  }

  private static CallerIdentity identity(SystemSecurityContext context) {
    Identity identity = context.getIdentity();
    return new CallerIdentity(identity.getUser(), identity.getGroups(), Set.of());
  }

  private static String queryId(SystemSecurityContext context) {
    QueryId queryId = context.getQueryId();
    return queryId == null ? null : queryId.getId();
  }

  private static Set<String> lowerCase(List<String> names) {
    Set<String> lower = new LinkedHashSet<>();
    for (String name : names) {
      lower.add(name.toLowerCase(Locale.ROOT));
    }
    return lower;
  }
}
