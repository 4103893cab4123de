package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Decision;
import dev.floe.policy.Outcome;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.HiddenColumn;
import dev.floe.policy.governance.api.PolicyEffect;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import dev.floe.policy.governance.sql.MaskRenderer;
import dev.floe.policy.governance.sql.PolicyExpression;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The governance evaluation: for an identity and tables with the columns a query touches, whether
 * each table may be read, which asked columns are visible, the combined row filter and one mask
 * per masked column, as Trino SQL over the current column names. Inputs in, answer out, like
 * Iceberg's {@code CatalogHandlers}: no HTTP, no JSON, no storage.
 *
 * <p>Per table:
 *
 * <ol>
 *   <li>The table's current schema comes from {@code schemas}; no schema: denied ("not found").
 *   <li>{@link TableAccess} decides select ({@code READ_TABLE_DATA}, with the table's tags). A
 *       denied table tells nothing else: no columns, filters, masks or policies.
 *   <li>Every row filter on the table whose audience applies to the caller (and does not exempt
 *       it) is rendered with the current names; several are combined with {@code AND}, in policy
 *       id order. A filter that no longer renders (it references a dropped column) denies the
 *       table: failing closed, never reading unfiltered rows.
 *   <li>Each asked column is matched to the current schema (by field id when given, else by name
 *       ignoring case); a column not found, or whose given field id, name or type disagrees with
 *       the current schema, is hidden. The column's mask is resolved by {@link MaskPrecedence} and
 *       rendered for the column's type by {@link MaskRenderer}; a mask that applies but cannot be
 *       rendered (a tag mask on a type it does not serve, a nested type, no hash salt, a custom
 *       mask over a dropped column) hides the column instead: failing closed.
 * </ol>
 *
 * Every fail-closed case is logged as a warning on this class's logger, with its cause.
 */
public final class GovernanceEvaluator {
  private static final System.Logger LOGGER = System.getLogger(GovernanceEvaluator.class.getName());

  private GovernanceEvaluator() {}

  /**
   * Evaluates one request.
   *
   * @param state the governance data (tags, assignments, policies) at one version
   * @param access decides whether the caller may select from each table
   * @param schemas the current schema of each table of the request's catalog; empty for a table
   *     that does not exist
   * @param hashSalt the catalog's secret salt for HASH masks; empty when none is set (a HASH mask
   *     then hides its column)
   * @param cacheTtl how long the engine may reuse the answer
   * @param request the identity, catalog, tables and columns
   */
  public static EvaluationResponse evaluate(
      GovernanceState state,
      TableAccess access,
      Function<Securable, Optional<TableSchema>> schemas,
      String hashSalt,
      Duration cacheTtl,
      EvaluationRequest request) {
    requireNonNull(state, "state is null");
    requireNonNull(access, "access is null");
    requireNonNull(schemas, "schemas is null");
    requireNonNull(hashSalt, "hashSalt is null");
    requireNonNull(cacheTtl, "cacheTtl is null");
    requireNonNull(request, "request is null");
    List<TableEvaluation> answers = new ArrayList<>(request.tables().size());
    for (TableRequest table : request.tables()) {
      answers.add(evaluateTable(state, access, schemas, hashSalt, request.identity(), request.catalog(), table));
    }
    return new EvaluationResponse(answers, state.version(), cacheTtl.toSeconds());
  }

  private static TableEvaluation evaluateTable(
      GovernanceState state,
      TableAccess access,
      Function<Securable, Optional<TableSchema>> schemas,
      String hashSalt,
      CallerIdentity caller,
      String catalog,
      TableRequest request) {
    Securable table = Securable.table(catalog, request.namespace(), request.name());
    Optional<TableSchema> maybeSchema = schemas.apply(table);
    if (maybeSchema.isEmpty()) {
      return denied(request, "table not found");
    }
    TableSchema schema = maybeSchema.get();
    Set<String> tableTags = state.effectiveTags(table);

    Decision decision;
    try {
      decision = access.decideSelect(table, tableTags);
    } catch (RuntimeException exception) {
      LOGGER.log(Level.WARNING, "Select decision on " + table + " failed; denying", exception);
      return denied(request, "access denied");
    }
    if (!decision.allowed()) {
      return denied(request, decision.outcome() == Outcome.NOT_FOUND ? "table not found" : "access denied");
    }

    List<AppliedPolicy> applied = new ArrayList<>();
    List<String> filters = new ArrayList<>();
    for (RowFilterPolicy filter : state.rowFiltersOn(table)) {
      if (filter.audience().match(caller) != Audience.Match.APPLIES) {
        continue;
      }
      try {
        filters.add(filter.expression().render(schema));
      } catch (PolicyExpression.UnresolvedColumnException exception) {
        String reason = "row filter policy %d %s".formatted(filter.id(), exception.getMessage());
        LOGGER.log(Level.WARNING, "Denying select on {0} (fail closed): {1}", table, reason);
        return denied(request, reason);
      }
      applied.add(new AppliedPolicy(filter.id(), filter.version(), PolicyEffect.ROW_FILTER, null));
    }
    String rowFilter =
        switch (filters.size()) {
          case 0 -> null;
          case 1 -> filters.get(0);
          default -> "(" + String.join(") AND (", filters) + ")";
        };

    List<String> visible = new ArrayList<>();
    List<HiddenColumn> hidden = new ArrayList<>();
    List<ColumnMask> masks = new ArrayList<>();
    Set<Integer> answered = new HashSet<>();
    for (ColumnRequest asked : request.columns()) {
      SchemaColumn column;
      try {
        column = resolve(schema, asked);
      } catch (IllegalArgumentException exception) {
        hidden.add(new HiddenColumn(asked.name(), exception.getMessage()));
        continue;
      }
      if (!answered.add(column.fieldId())) {
        continue; // asked twice: answered once
      }
      Optional<MaskPrecedence.Candidate> winner =
          MaskPrecedence.resolve(state, caller, table, column.fieldId(), tableTags);
      if (winner.isEmpty()) {
        visible.add(asked.name());
        continue;
      }
      ColumnMaskPolicy policy = winner.get().policy();
      if (winner.get().exempt()) {
        visible.add(asked.name());
        applied.add(new AppliedPolicy(policy.id(), policy.version(), PolicyEffect.MASK_EXEMPTION, asked.name()));
        continue;
      }
      String expression;
      try {
        IcebergType type =
            column
                .primitiveType()
                .orElseThrow(
                    () -> new IllegalArgumentException("no mask serves type " + column.type()));
        expression = MaskRenderer.render(policy.mask(), column.name(), type, schema, hashSalt);
      } catch (PolicyValidationException
          | PolicyExpression.UnresolvedColumnException
          | IllegalArgumentException exception) {
        String reason =
            "mask policy %d cannot be rendered for this column: %s"
                .formatted(policy.id(), exception.getMessage());
        LOGGER.log(Level.WARNING, "Hiding column {0} of {1} (fail closed): {2}", column.name(), table, reason);
        hidden.add(new HiddenColumn(asked.name(), reason));
        continue;
      }
      visible.add(asked.name());
      masks.add(new ColumnMask(asked.name(), column.fieldId(), expression, policy.id(), policy.version()));
      applied.add(new AppliedPolicy(policy.id(), policy.version(), PolicyEffect.COLUMN_MASK, asked.name()));
    }
    return new TableEvaluation(
        request.namespace(), request.name(), true, null, visible, hidden, rowFilter, masks, applied);
  }

  /** The current column an asked column stands for; IllegalArgumentException says why none. */
  private static SchemaColumn resolve(TableSchema schema, ColumnRequest asked) {
    SchemaColumn column;
    if (asked.fieldId() != null) {
      column =
          schema
              .byFieldId(asked.fieldId())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "field id %d is not in the table's current schema".formatted(asked.fieldId())));
      if (!column.name().equalsIgnoreCase(asked.name())) {
        throw new IllegalArgumentException(
            "field id %d is now named '%s' (stale schema)".formatted(asked.fieldId(), column.name()));
      }
    } else {
      List<SchemaColumn> matches = schema.byNameIgnoringCase(asked.name());
      if (matches.isEmpty()) {
        throw new IllegalArgumentException("not in the table's current schema");
      }
      if (matches.size() > 1) {
        throw new IllegalArgumentException("the name matches several columns that differ only in case");
      }
      column = matches.get(0);
    }
    if (asked.type() != null && !sameType(asked.type(), column.type())) {
      throw new IllegalArgumentException(
          "the column's type is now %s, not %s (stale schema)".formatted(column.type(), asked.type()));
    }
    return column;
  }

  private static boolean sameType(String left, String right) {
    return normalizeType(left).equals(normalizeType(right));
  }

  private static String normalizeType(String type) {
    return type.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static TableEvaluation denied(TableRequest request, String reason) {
    return TableEvaluation.denied(request.namespace(), request.name(), request.columns(), reason);
  }
}
