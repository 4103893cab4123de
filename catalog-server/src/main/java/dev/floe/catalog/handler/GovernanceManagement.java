package dev.floe.catalog.handler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.governance.AssignmentRecord;
import dev.floe.catalog.governance.GovernanceCodec;
import dev.floe.catalog.governance.IcebergSchemas;
import dev.floe.catalog.governance.PolicyRecord;
import dev.floe.catalog.governance.PostgresGovernanceStore;
import dev.floe.catalog.governance.TagRecord;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.json.FloeJson;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.Target;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceValidator;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.TagAssignment;
import dev.floe.policy.governance.TagDefinition;
import dev.floe.policy.governance.sql.PolicyExpression;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * The governance part of the management API behind its resources: authorizes each call (an
 * {@link Operation} per call), checks the input against the tables' current schemas and the
 * principal directory ({@link GovernanceValidator}), writes through the governance store and
 * records every change in the audit trail with the item before and after it (details {@code
 * before} and {@code after}, JSON). Reads render column references with current names.
 */
@ApplicationScoped
public class GovernanceManagement {
  /** Where a column mask goes, before its column is resolved. */
  public sealed interface MaskTargetInput permits ColumnInput, TagInput {}

  /** A column of a table, by current name. */
  public record ColumnInput(Securable table, String column) implements MaskTargetInput {
    public ColumnInput {
      requireNonNull(table, "table is null");
      requireNonNull(column, "column is null");
    }
  }

  /** Every column carrying a tag in the catalog. */
  public record TagInput(String tag) implements MaskTargetInput {
    public TagInput {
      requireNonNull(tag, "tag is null");
    }
  }

  private final PostgresGovernanceStore store;
  private final PostgresAccessStore accessStore;
  private final CatalogRegistry registry;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  @Inject
  public GovernanceManagement(
      PostgresGovernanceStore store, PostgresAccessStore accessStore, CatalogRegistry registry, AccessGuard guard, AuditedChanges changes) {
    this.store = store;
    this.accessStore = accessStore;
    this.registry = registry;
    this.guard = guard;
    this.changes = changes;
  }

  /** The governance version of the data this node holds. */
  public long governanceVersion() {
    return store.version();
  }

  // ---------------------------------------------------------------- tag definitions

  public Collection<TagRecord> listTags() {
    guard.authorize(Operation.LIST_TAGS);
    return store.tags();
  }

  public TagRecord tag(String name) {
    guard.authorize(Operation.LIST_TAGS);
    return existingTag(name);
  }

  public TagRecord createTag(String name, String description, Set<String> applierRoles) {
    guard.authorize(Operation.CREATE_TAG);
    TagDefinition tag = new TagDefinition(name, description, applierRoles, 1);
    checkPrincipalRoles(applierRoles, "applier role");
    Map<String, String> details = new TreeMap<>();
    return changes.run(Operation.CREATE_TAG, List.of(), details, () -> after(details, store.createTag(tag, actor()), GovernanceManagement::describe));
  }

  public TagRecord updateTag(String name, String description, Set<String> applierRoles) {
    guard.authorize(Operation.UPDATE_TAG);
    TagRecord before = existingTag(name);
    checkPrincipalRoles(applierRoles, "applier role");
    TagDefinition tag = new TagDefinition(name, description, applierRoles, before.definition().version());
    Map<String, String> details = before(before, GovernanceManagement::describe);
    return changes.run(Operation.UPDATE_TAG, List.of(), details, () -> after(details, store.updateTag(tag, actor()), GovernanceManagement::describe));
  }

  public void dropTag(String name, boolean force) {
    guard.authorize(Operation.DROP_TAG);
    TagRecord before = existingTag(name);
    Map<String, String> details = before(before, GovernanceManagement::describe);
    details.put("force", String.valueOf(force));
    changes.run(Operation.DROP_TAG, List.of(), details, () -> store.dropTag(name, force));
  }

  // ---------------------------------------------------------------- tag assignments

  /**
   * The assignments of a catalog, optionally only those of tags matching {@code tagPattern} (a
   * name, or a prefix followed by {@code *}) and only those on {@code on}. Assignments to columns
   * that are gone are not listed.
   */
  public List<GovernanceViews.Assignment> listAssignments(String catalog, Optional<String> tagPattern, Optional<Securable> on) {
    authorizeInCatalog(Operation.LIST_TAG_ASSIGNMENTS, Target.of(Securable.catalog(catalog)), catalog);
    Schemas schemas = new Schemas(catalog);
    List<GovernanceViews.Assignment> views = new ArrayList<>();
    for (AssignmentRecord record : store.assignments(catalog)) {
      TagAssignment assignment = record.assignment();
      if (tagPattern.isPresent() && !matches(tagPattern.get(), assignment.tag())) {
        continue;
      }
      if (on.isPresent() && !on.get().equals(assignment.securable())) {
        continue;
      }
      assignmentView(record, schemas).ifPresent(views::add);
    }
    return views;
  }

  public GovernanceViews.Assignment assignment(String catalog, long id) {
    authorizeInCatalog(Operation.LIST_TAG_ASSIGNMENTS, Target.of(Securable.catalog(catalog)), catalog);
    AssignmentRecord record = store.assignment(catalog, id).orElseThrow(() -> new NotFoundException("Tag assignment does not exist: %d", id));
    return assignmentView(record, new Schemas(catalog))
        .orElseThrow(() -> new NotFoundException("Tag assignment %d is on a column that no longer exists", id));
  }

  /** Assigns a tag to a securable, or to a column of a table or view by its current name. */
  public GovernanceViews.Assignment assign(Securable securable, Optional<String> column, String tagName) {
    String catalog = securable.catalogName();
    Target target = Target.of(securable);
    authorizeInCatalog(Operation.ASSIGN_TAG, target, catalog);
    TagRecord tag = store.tag(tagName).orElseThrow(() -> new BadRequestException("Unknown tag '%s': define it first", tagName));
    checkApplier(tag.definition());
    OptionalInt fieldId = OptionalInt.empty();
    if (column.isPresent()) {
      if (securable.type() != SecurableType.TABLE && securable.type() != SecurableType.VIEW) {
        throw new BadRequestException("Only a table or view has columns; got column '%s' on %s", column.get(), securable);
      }
      fieldId = OptionalInt.of(column(schema(securable), column.get(), securable).fieldId());
    }
    OptionalInt field = fieldId;
    Map<String, String> details = new TreeMap<>();
    AssignmentRecord created =
        changes.run(
            Operation.ASSIGN_TAG,
            List.of(target),
            details,
            () -> after(details, store.assign(securable, field, tagName, actor()), GovernanceManagement::describe));
    return new GovernanceViews.Assignment(created, column.map(name -> schema(securable).byFieldId(field.getAsInt()).map(SchemaColumn::name).orElse(name)));
  }

  public void unassign(String catalog, long id) {
    Target catalogTarget = Target.of(Securable.catalog(catalog));
    authorizeInCatalog(Operation.UNASSIGN_TAG, catalogTarget, catalog);
    AssignmentRecord before = store.assignment(catalog, id).orElseThrow(() -> new NotFoundException("Tag assignment does not exist: %d", id));
    store.tag(before.assignment().tag()).ifPresent(tag -> checkApplier(tag.definition()));
    Map<String, String> details = before(before, GovernanceManagement::describe);
    changes.run(Operation.UNASSIGN_TAG, List.of(Target.of(before.assignment().securable())), details, () -> store.unassign(catalog, id));
  }

  // ---------------------------------------------------------------- row filters

  public List<GovernanceViews.RowFilter> listRowFilters(String catalog, Optional<Securable> table) {
    authorizeInCatalog(Operation.LIST_ROW_FILTERS, Target.of(Securable.catalog(catalog)), catalog);
    Schemas schemas = new Schemas(catalog);
    return store.rowFilters(catalog).stream()
        .filter(record -> table.isEmpty() || table.get().equals(record.policy().table()))
        .map(record -> rowFilterView(record, schemas))
        .toList();
  }

  public GovernanceViews.RowFilter rowFilter(String catalog, long id) {
    authorizeInCatalog(Operation.LIST_ROW_FILTERS, Target.of(Securable.catalog(catalog)), catalog);
    return rowFilterView(existingRowFilter(catalog, id), new Schemas(catalog));
  }

  public GovernanceViews.RowFilter createRowFilter(Securable table, String expression, Audience audience) {
    Target target = Target.of(table);
    authorizeInCatalog(Operation.CREATE_ROW_FILTER, target, table.catalogName());
    PolicyExpression compiled = GovernanceValidator.compileRowFilter(expression, schema(table));
    checkAudience(audience);
    Map<String, String> details = new TreeMap<>();
    PolicyRecord<RowFilterPolicy> created =
        changes.run(
            Operation.CREATE_ROW_FILTER,
            List.of(target),
            details,
            () ->
                after(
                    details,
                    store.createRowFilter(table, compiled.storedForm(), GovernanceCodec.audienceJson(audience), actor()),
                    GovernanceManagement::describeFilter));
    return rowFilterView(created, new Schemas(table.catalogName()));
  }

  /** Replaces a row filter's expression and audience; {@code table}, when given, must be its table. */
  public GovernanceViews.RowFilter updateRowFilter(String catalog, long id, Optional<Securable> table, String expression, Audience audience) {
    authorizeInCatalog(Operation.UPDATE_ROW_FILTER, Target.of(Securable.catalog(catalog)), catalog);
    PolicyRecord<RowFilterPolicy> before = existingRowFilter(catalog, id);
    Securable on = before.policy().table();
    if (table.isPresent() && !table.get().equals(on)) {
      throw new BadRequestException("Row filter %d is on %s, not %s: a filter stays on its table (drop it and create another)", id, on, table.get());
    }
    PolicyExpression compiled = GovernanceValidator.compileRowFilter(expression, schema(on));
    checkAudience(audience);
    Map<String, String> details = before(before, GovernanceManagement::describeFilter);
    PolicyRecord<RowFilterPolicy> updated =
        changes.run(
            Operation.UPDATE_ROW_FILTER,
            List.of(Target.of(on)),
            details,
            () ->
                after(
                    details,
                    store.updateRowFilter(catalog, id, compiled.storedForm(), GovernanceCodec.audienceJson(audience), actor()),
                    GovernanceManagement::describeFilter));
    return rowFilterView(updated, new Schemas(catalog));
  }

  public void dropRowFilter(String catalog, long id) {
    authorizeInCatalog(Operation.DROP_ROW_FILTER, Target.of(Securable.catalog(catalog)), catalog);
    PolicyRecord<RowFilterPolicy> before = existingRowFilter(catalog, id);
    changes.run(
        Operation.DROP_ROW_FILTER,
        List.of(Target.of(before.policy().table())),
        before(before, GovernanceManagement::describeFilter),
        () -> store.dropRowFilter(catalog, id));
  }

  // ---------------------------------------------------------------- column masks

  public List<GovernanceViews.ColumnMask> listColumnMasks(String catalog, Optional<Securable> table, Optional<String> tag) {
    authorizeInCatalog(Operation.LIST_COLUMN_MASKS, Target.of(Securable.catalog(catalog)), catalog);
    Schemas schemas = new Schemas(catalog);
    List<GovernanceViews.ColumnMask> views = new ArrayList<>();
    for (PolicyRecord<ColumnMaskPolicy> record : store.columnMasks(catalog)) {
      MaskTarget target = record.policy().target();
      boolean onTable = target instanceof MaskTarget.Column column && table.isPresent() && column.table().equals(table.get());
      boolean onTag = target instanceof MaskTarget.Tag onTagTarget && tag.isPresent() && matches(tag.get(), onTagTarget.tag());
      if ((table.isEmpty() && tag.isEmpty()) || onTable || onTag) {
        views.add(maskView(record, schemas));
      }
    }
    return views;
  }

  public GovernanceViews.ColumnMask columnMask(String catalog, long id) {
    authorizeInCatalog(Operation.LIST_COLUMN_MASKS, Target.of(Securable.catalog(catalog)), catalog);
    return maskView(existingMask(catalog, id), new Schemas(catalog));
  }

  /**
   * Creates ({@code id} empty) or replaces a column mask. {@code mask} builds the mask from the
   * request, given the schema of the masked column's table (empty for a mask on a tag).
   */
  public GovernanceViews.ColumnMask saveColumnMask(
      String catalog, Optional<Long> id, MaskTargetInput targetInput, Function<Optional<TableSchema>, Mask> mask, Audience audience) {
    Operation operation = id.isEmpty() ? Operation.CREATE_COLUMN_MASK : Operation.UPDATE_COLUMN_MASK;
    Securable securable =
        switch (targetInput) {
          case ColumnInput column -> column.table();
          case TagInput tag -> Securable.catalog(catalog);
        };
    if (!securable.catalogName().equals(catalog)) {
      throw new BadRequestException("%s is not in catalog %s", securable, catalog);
    }
    authorizeInCatalog(operation, Target.of(id.isEmpty() ? securable : Securable.catalog(catalog)), catalog);
    Optional<PolicyRecord<ColumnMaskPolicy>> before = id.map(existing -> existingMask(catalog, existing));
    MaskTarget target;
    Optional<TableSchema> schema;
    Set<String> defined = store.tags().stream().map(tag -> tag.definition().name()).collect(Collectors.toSet());
    switch (targetInput) {
      case ColumnInput column -> {
        TableSchema tableSchema = schema(column.table());
        target = new MaskTarget.Column(column.table(), column(tableSchema, column.column(), column.table()).fieldId());
        schema = Optional.of(tableSchema);
      }
      case TagInput tag -> {
        target = new MaskTarget.Tag(tag.tag());
        if (!defined.contains(tag.tag())) {
          throw new BadRequestException("Unknown tag '%s': define it first", tag.tag());
        }
        schema = Optional.empty();
      }
    }
    Mask built = mask.apply(schema);
    ColumnMaskPolicy policy = new ColumnMaskPolicy(id.orElse(0L), 1, target, built, audience);
    GovernanceValidator.checkMask(policy, defined, schema.orElse(null));
    checkAudience(audience);
    Map<String, String> details = before.map(record -> before(record, GovernanceManagement::describeMask)).orElseGet(TreeMap::new);
    PolicyRecord<ColumnMaskPolicy> saved =
        changes.run(
            operation,
            List.of(Target.of(securable)),
            details,
            () ->
                after(
                    details,
                    store.saveColumnMask(id, catalog, target, GovernanceCodec.maskJson(built), GovernanceCodec.audienceJson(audience), actor()),
                    GovernanceManagement::describeMask));
    return maskView(saved, new Schemas(catalog));
  }

  public void dropColumnMask(String catalog, long id) {
    authorizeInCatalog(Operation.DROP_COLUMN_MASK, Target.of(Securable.catalog(catalog)), catalog);
    PolicyRecord<ColumnMaskPolicy> before = existingMask(catalog, id);
    changes.run(
        Operation.DROP_COLUMN_MASK,
        List.of(Target.of(maskSecurable(before))),
        before(before, GovernanceManagement::describeMask),
        () -> store.dropColumnMask(catalog, id));
  }

  // ---------------------------------------------------------------- views

  private static Optional<GovernanceViews.Assignment> assignmentView(AssignmentRecord record, Schemas schemas) {
    TagAssignment assignment = record.assignment();
    if (assignment.fieldId().isEmpty()) {
      return Optional.of(new GovernanceViews.Assignment(record, Optional.empty()));
    }
    Optional<TableSchema> schema = schemas.of(assignment.securable());
    if (schema.isEmpty()) {
      return Optional.empty();
    }
    // a column that is gone (dropped) is not listed; a column added later gets a new field id
    return schema.get().byFieldId(assignment.fieldId().getAsInt()).map(column -> new GovernanceViews.Assignment(record, Optional.of(column.name())));
  }

  private static GovernanceViews.RowFilter rowFilterView(PolicyRecord<RowFilterPolicy> record, Schemas schemas) {
    PolicyExpression expression = record.policy().expression();
    Optional<TableSchema> schema = schemas.of(record.policy().table());
    if (schema.isEmpty()) {
      return new GovernanceViews.RowFilter(record, expression.storedForm(), Optional.of("the table's schema cannot be read"));
    }
    try {
      return new GovernanceViews.RowFilter(record, expression.render(schema.get()), Optional.empty());
    } catch (PolicyExpression.UnresolvedColumnException e) {
      return new GovernanceViews.RowFilter(record, expression.storedForm(), Optional.of("the expression " + e.getMessage()));
    }
  }

  private static GovernanceViews.ColumnMask maskView(PolicyRecord<ColumnMaskPolicy> record, Schemas schemas) {
    ColumnMaskPolicy policy = record.policy();
    if (!(policy.target() instanceof MaskTarget.Column column)) {
      return new GovernanceViews.ColumnMask(record, Optional.empty(), Optional.empty(), Optional.empty());
    }
    Optional<TableSchema> schema = schemas.of(column.table());
    if (schema.isEmpty()) {
      return new GovernanceViews.ColumnMask(record, Optional.empty(), custom(policy, null), Optional.of("the table's schema cannot be read"));
    }
    Optional<String> name = schema.get().byFieldId(column.fieldId()).map(SchemaColumn::name);
    Optional<String> problem = name.isEmpty() ? Optional.of("field id " + column.fieldId() + " is not in the table's current schema") : Optional.empty();
    try {
      return new GovernanceViews.ColumnMask(record, name, custom(policy, schema.get()), problem);
    } catch (PolicyExpression.UnresolvedColumnException e) {
      return new GovernanceViews.ColumnMask(record, name, custom(policy, null), Optional.of("the custom expression " + e.getMessage()));
    }
  }

  private static Optional<String> custom(ColumnMaskPolicy policy, TableSchema schema) {
    if (!(policy.mask() instanceof Mask.Custom custom)) {
      return Optional.empty();
    }
    return Optional.of(schema == null ? custom.expression().storedForm() : custom.expression().render(schema));
  }

  // ---------------------------------------------------------------- checks

  private void authorizeInCatalog(Operation operation, Target target, String catalog) {
    guard.authorizeExisting(
        operation,
        target,
        () -> registry.find(catalog).isPresent(),
        () -> new NoSuchWarehouseException("Warehouse does not exist: %s", catalog));
  }

  /** Applying or removing a tag whose definition names applier roles needs one of them. */
  private void checkApplier(TagDefinition tag) {
    if (!tag.applierRoles().isEmpty() && !tag.mayBeAppliedBy(guard.caller().context().principalRoles())) {
      throw new ForbiddenException(
          "Forbidden: tag %s may only be applied or removed by members of the principal roles %s", tag.name(), tag.applierRoles().stream().sorted().toList());
    }
  }

  /** Principal roles and principals an audience names must exist; groups come from the identity provider. */
  private void checkAudience(Audience audience) {
    for (AudienceRule rule : audience.rules()) {
      switch (rule.kind()) {
        case PRINCIPAL_ROLE -> {
          if (accessStore.principalRole(rule.name()).isEmpty()) {
            throw new PolicyValidationException(
                PolicyValidationException.Problem.INVALID_AUDIENCE, "Unknown audience: principal role '%s' does not exist".formatted(rule.name()));
          }
        }
        case PRINCIPAL -> {
          if (accessStore.principalRecord(rule.name()).isEmpty()) {
            throw new PolicyValidationException(
                PolicyValidationException.Problem.INVALID_AUDIENCE, "Unknown audience: principal '%s' does not exist".formatted(rule.name()));
          }
        }
        case GROUP, EVERYONE -> {}
      }
    }
  }

  private void checkPrincipalRoles(Set<String> roles, String what) {
    for (String role : roles) {
      if (accessStore.principalRole(role).isEmpty()) {
        throw new BadRequestException("Unknown %s: principal role '%s' does not exist", what, role);
      }
    }
  }

  /** A column of a schema by name: exactly, else ignoring case when that is unambiguous. */
  private static SchemaColumn column(TableSchema schema, String name, Securable securable) {
    List<SchemaColumn> candidates = schema.byNameIgnoringCase(name);
    for (SchemaColumn candidate : candidates) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.UNKNOWN_COLUMN, "Unknown column '%s' in %s".formatted(name, securable));
    }
    throw new PolicyValidationException(
        PolicyValidationException.Problem.AMBIGUOUS_COLUMN, "Column '%s' is ambiguous in %s".formatted(name, securable));
  }

  /** The current schema of a table or view; 404 when it does not exist. */
  private TableSchema schema(Securable securable) {
    FloeCatalog catalog = registry.catalog(securable.catalogName());
    TableIdentifier identifier = TableIdentifier.of(Namespace.of(securable.namespaceLevels().toArray(String[]::new)), securable.name());
    return securable.type() == SecurableType.VIEW
        ? IcebergSchemas.toTableSchema(catalog.loadView(identifier).schema())
        : IcebergSchemas.toTableSchema(catalog.currentMetadata(identifier).schema());
  }

  /** The schemas of one catalog's tables and views, each read once per call. */
  private final class Schemas {
    private final String catalog;
    private final Map<Securable, Optional<TableSchema>> read = new HashMap<>();

    Schemas(String catalog) {
      this.catalog = catalog;
    }

    Optional<TableSchema> of(Securable securable) {
      return read.computeIfAbsent(securable, key -> {
        try {
          return Optional.of(schema(key));
        } catch (RuntimeException e) {
          return Optional.empty();
        }
      });
    }
  }

  private TagRecord existingTag(String name) {
    return store.tag(name).orElseThrow(() -> new NotFoundException("Tag does not exist: %s", name));
  }

  private PolicyRecord<RowFilterPolicy> existingRowFilter(String catalog, long id) {
    return store.rowFilter(catalog, id).orElseThrow(() -> new NotFoundException("Row filter does not exist: %d", id));
  }

  private PolicyRecord<ColumnMaskPolicy> existingMask(String catalog, long id) {
    return store.columnMask(catalog, id).orElseThrow(() -> new NotFoundException("Column mask does not exist: %d", id));
  }

  private static Securable maskSecurable(PolicyRecord<ColumnMaskPolicy> record) {
    return record.policy().target() instanceof MaskTarget.Column column ? column.table() : Securable.catalog(record.catalog());
  }

  /** Whether a tag matches a pattern: the name itself, or a prefix ending in {@code *}. */
  public static boolean matches(String pattern, String tag) {
    return pattern.endsWith("*") ? tag.startsWith(pattern.substring(0, pattern.length() - 1)) : tag.equals(pattern);
  }

  private String actor() {
    return guard.caller().name();
  }

  // ---------------------------------------------------------------- audit details

  private static <T> Map<String, String> before(T item, Function<T, Map<String, Object>> describe) {
    Map<String, String> details = new TreeMap<>();
    details.put("before", json(describe.apply(item)));
    return details;
  }

  private static <T> T after(Map<String, String> details, T item, Function<T, Map<String, Object>> describe) {
    details.put("after", json(describe.apply(item)));
    return item;
  }

  private static Map<String, Object> describe(TagRecord tag) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("name", tag.definition().name());
    description.put("description", tag.definition().description());
    description.put("applier-roles", tag.definition().applierRoles().stream().sorted().toList());
    description.put("version", tag.definition().version());
    return description;
  }

  private static Map<String, Object> describe(AssignmentRecord record) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", record.assignment().id());
    description.put("version", record.assignment().version());
    description.put("tag", record.assignment().tag());
    description.put("securable", record.assignment().securable().toString());
    if (record.assignment().fieldId().isPresent()) {
      description.put("field-id", record.assignment().fieldId().getAsInt());
    }
    return description;
  }

  private static Map<String, Object> describeFilter(PolicyRecord<RowFilterPolicy> record) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", record.policy().id());
    description.put("version", record.policy().version());
    description.put("table", record.policy().table().toString());
    description.put("expression", record.policy().expression().storedForm());
    description.put("audience", GovernanceCodec.audienceJson(record.policy().audience()));
    return description;
  }

  private static Map<String, Object> describeMask(PolicyRecord<ColumnMaskPolicy> record) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", record.policy().id());
    description.put("version", record.policy().version());
    switch (record.policy().target()) {
      case MaskTarget.Column column -> {
        description.put("table", column.table().toString());
        description.put("field-id", column.fieldId());
      }
      case MaskTarget.Tag tag -> description.put("tag", tag.tag());
    }
    description.put("mask", GovernanceCodec.maskJson(record.policy().mask()));
    description.put("audience", GovernanceCodec.audienceJson(record.policy().audience()));
    return description;
  }

  private static String json(Map<String, Object> value) {
    try {
      return FloeJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
