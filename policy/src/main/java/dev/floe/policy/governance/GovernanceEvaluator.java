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
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.policy.governance.sql.MaskRenderer;
import dev.floe.policy.governance.sql.PolicyExpression;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *   <li>Each asked column (every current column when the table is asked with {@code
 *       allColumns}) is matched to the current schema (by field id when given, else by name
 *       ignoring case); a column not found, or whose given field id, name or type disagrees with
 *       the current schema, is hidden. The column's mask is resolved by {@link MaskPrecedence} and
 *       rendered for the column's type by {@link MaskRenderer}; a mask that applies but cannot be
 *       rendered (a tag mask on a type it does not serve, a nested type, no hash salt, a custom
 *       mask over a dropped column) hides the column instead: failing closed.
 *   <li>The {@link RestrictionSource} (OPA with {@code floe.authorization.type=opa}, else none) is
 *       asked once for all the tables still allowed, with their visible columns, and may only
 *       tighten the answer:
 *       <ul>
 *         <li>its row filters are added after Floe's, with {@code AND} ({@link
 *             PolicyEffect#OPA_ROW_FILTER});
 *         <li>its mask on a column applies only when Floe leaves the column unmasked: no mask
 *             policy speaks about the caller, or the winning one exempts it ({@link
 *             PolicyEffect#OPA_COLUMN_MASK}, replacing the {@code MASK_EXEMPTION} entry). When a
 *             Floe mask applies, Floe's mask stays and the source's is dropped: Trino takes one
 *             mask per column, and a source must not be able to loosen a Floe mask by replacing
 *             it with a weaker one;
 *         <li>the source cannot answer (OPA unreachable, a malformed answer): every table it was
 *             asked about is denied; one of its filters or masks is invalid for a table (does not
 *             parse, names an unknown column, a library mask of another type than the column's,
 *             a column that was not asked): that table is denied.
 *       </ul>
 * </ol>
 *
 * Every fail-closed case is logged as a warning on this class's logger, with its cause.
 */
public final class GovernanceEvaluator {
  private static final System.Logger LOGGER = System.getLogger(GovernanceEvaluator.class.getName());

  private GovernanceEvaluator() {}

  /**
   * Evaluates one request with Floe's own policies only ({@link RestrictionSource#none()}).
   *
   * @see #evaluate(GovernanceState, TableAccess, RestrictionSource, Function, String, Duration,
   *     EvaluationRequest)
   */
  public static EvaluationResponse evaluate(
      GovernanceState state,
      TableAccess access,
      Function<Securable, Optional<TableSchema>> schemas,
      String hashSalt,
      Duration cacheTtl,
      EvaluationRequest request) {
    return evaluate(state, access, RestrictionSource.none(), schemas, hashSalt, cacheTtl, request);
  }

  /**
   * Evaluates one request.
   *
   * @param state the governance data (tags, assignments, policies) at one version
   * @param access decides whether the caller may select from each table
   * @param restrictions extra row filters and masks ({@code OpaRestrictions}, or {@link
   *     RestrictionSource#none()}); asked at most once, only when some table is allowed
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
      RestrictionSource restrictions,
      Function<Securable, Optional<TableSchema>> schemas,
      String hashSalt,
      Duration cacheTtl,
      EvaluationRequest request) {
    requireNonNull(state, "state is null");
    requireNonNull(access, "access is null");
    requireNonNull(restrictions, "restrictions is null");
    requireNonNull(schemas, "schemas is null");
    requireNonNull(hashSalt, "hashSalt is null");
    requireNonNull(cacheTtl, "cacheTtl is null");
    requireNonNull(request, "request is null");
    List<Step> steps = new ArrayList<>(request.tables().size());
    List<Pending> pending = new ArrayList<>();
    for (TableRequest table : request.tables()) {
      Step step = evaluateTable(state, access, schemas, hashSalt, request.identity(), request.catalog(), table);
      steps.add(step);
      if (step instanceof Pending waiting) {
        pending.add(waiting);
      }
    }
    List<RestrictionSource.Restrictions> extra = List.of();
    String unavailable = null;
    if (!pending.isEmpty()) {
      try {
        extra =
            restrictions.restrictions(
                request.identity(),
                request.catalog(),
                pending.stream().map(waiting -> waiting.asked(state)).toList());
        if (extra == null || extra.size() != pending.size() || extra.stream().anyMatch(Objects::isNull)) {
          throw new IllegalStateException(
              "answered %s for %d tables"
                  .formatted(extra == null ? "nothing" : extra.size() + " entries", pending.size()));
        }
      } catch (RuntimeException exception) {
        unavailable = describe(exception);
        LOGGER.log(
            Level.WARNING,
            "Denying select on {0} table(s) of catalog {1} for {2} (fail closed): the OPA restrictions are unavailable: {3}",
            pending.size(),
            request.catalog(),
            request.identity().user(),
            unavailable);
      }
    }
    List<TableEvaluation> answers = new ArrayList<>(steps.size());
    int next = 0;
    for (Step step : steps) {
      switch (step) {
        case Done done -> answers.add(done.answer());
        case Pending waiting -> {
          answers.add(
              unavailable != null
                  ? denied(waiting.request(), "OPA restrictions unavailable: " + unavailable)
                  : waiting.finish(extra.get(next), hashSalt));
          next++;
        }
      }
    }
    return new EvaluationResponse(answers, state.version(), cacheTtl.toSeconds());
  }

  /** A table's evaluation before the restriction source is heard: finished, or pending. */
  private sealed interface Step permits Done, Pending {}

  /** A table answered without the restriction source (denied by Floe). */
  private record Done(TableEvaluation answer) implements Step {}

  /**
   * An asked column after Floe's own evaluation.
   *
   * @param asked the name as asked
   * @param column the current column; {@code null} when hidden
   * @param hidden why it is hidden; {@code null} when visible
   * @param mask Floe's mask; {@code null} when Floe leaves it unmasked
   * @param policy the Floe policy that decided the column (its mask or its exemption), if any
   */
  private record ColumnStep(
      String asked, SchemaColumn column, HiddenColumn hidden, ColumnMask mask, AppliedPolicy policy) {
    static ColumnStep hidden(HiddenColumn hidden) {
      return new ColumnStep(hidden.column(), null, hidden, null, null);
    }
  }

  /** A table Floe allows, waiting for the restriction source. */
  private record Pending(
      Securable table,
      TableRequest request,
      TableSchema schema,
      Set<String> tableTags,
      List<String> filters,
      List<AppliedPolicy> filterPolicies,
      List<ColumnStep> columns)
      implements Step {
    /** The table as the restriction source is told about it: visible columns with their tags. */
    RestrictionSource.Table asked(GovernanceState state) {
      List<RestrictionSource.Column> visible = new ArrayList<>();
      for (ColumnStep step : columns) {
        if (step.column() != null) {
          Set<String> tags = new LinkedHashSet<>(state.columnTags(table, step.column().fieldId()));
          tags.addAll(tableTags);
          visible.add(new RestrictionSource.Column(step.column(), tags));
        }
      }
      return new RestrictionSource.Table(table, schema, tableTags, visible);
    }

    /** The answer, with what the restriction source adds (each part validated, else denied). */
    TableEvaluation finish(RestrictionSource.Restrictions extra, String hashSalt) {
      List<String> rowFilters = new ArrayList<>(filters);
      List<AppliedPolicy> applied = new ArrayList<>(filterPolicies);
      for (String sql : extra.rowFilters()) {
        try {
          rowFilters.add(ExpressionCompiler.compileFilter(sql, schema).render(schema));
        } catch (PolicyValidationException | PolicyExpression.UnresolvedColumnException exception) {
          return invalid("OPA row filter '%s' is invalid: %s".formatted(sql, exception.getMessage()));
        }
        applied.add(new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, null));
      }
      Map<Integer, String> extraMasks = new HashMap<>();
      for (Map.Entry<Integer, RestrictionSource.ExtraMask> entry : extra.masks().entrySet()) {
        Optional<SchemaColumn> column =
            columns.stream()
                .map(ColumnStep::column)
                .filter(candidate -> candidate != null && candidate.fieldId() == entry.getKey())
                .findFirst();
        if (column.isEmpty()) {
          return invalid(
              "OPA masks field id %d, which is not a visible asked column".formatted(entry.getKey()));
        }
        try {
          extraMasks.put(entry.getKey(), render(entry.getValue(), column.get(), schema, hashSalt));
        } catch (PolicyValidationException
            | PolicyExpression.UnresolvedColumnException
            | IllegalArgumentException exception) {
          return invalid(
              "OPA mask on column '%s' is invalid: %s".formatted(column.get().name(), exception.getMessage()));
        }
      }

      List<String> visible = new ArrayList<>();
      List<HiddenColumn> hidden = new ArrayList<>();
      List<ColumnMask> masks = new ArrayList<>();
      for (ColumnStep step : columns) {
        if (step.hidden() != null) {
          hidden.add(step.hidden());
          continue;
        }
        visible.add(step.asked());
        String extraMask = extraMasks.get(step.column().fieldId());
        if (step.mask() != null) {
          masks.add(step.mask()); // a Floe mask stays; a source cannot replace it
          applied.add(step.policy());
        } else if (extraMask != null) {
          masks.add(new ColumnMask(step.asked(), step.column().fieldId(), extraMask, 0, 0));
          applied.add(new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, step.asked()));
        } else if (step.policy() != null) {
          applied.add(step.policy()); // the exemption that decided the column
        }
      }
      return new TableEvaluation(
          request.namespace(),
          request.name(),
          true,
          null,
          visible,
          hidden,
          combine(rowFilters),
          masks,
          applied);
    }

    private TableEvaluation invalid(String reason) {
      LOGGER.log(Level.WARNING, "Denying select on {0} (fail closed): {1}", table, reason);
      return denied(request, reason);
    }
  }

  /** A source's mask as Trino SQL for the column. */
  private static String render(
      RestrictionSource.ExtraMask mask, SchemaColumn column, TableSchema schema, String hashSalt) {
    return switch (mask) {
      case RestrictionSource.ExtraMask.Library library -> {
        IcebergType type =
            column
                .primitiveType()
                .orElseThrow(() -> new IllegalArgumentException("no mask serves type " + column.type()));
        yield MaskRenderer.render(library.mask(), column.name(), type, schema, hashSalt);
      }
      case RestrictionSource.ExtraMask.Sql sql ->
          ExpressionCompiler.compile(sql.expression(), schema).render(schema);
    };
  }

  /**
   * The columns to answer for: those asked, or with {@link TableRequest#allColumns()} every
   * column of the current schema, by field id and current name.
   */
  private static List<ColumnRequest> askedColumns(TableRequest request, TableSchema schema) {
    if (!request.allColumns()) {
      return request.columns();
    }
    return schema.columns().stream()
        .map(column -> new ColumnRequest(column.name(), column.fieldId(), null))
        .toList();
  }

  private static String combine(List<String> filters) {
    return switch (filters.size()) {
      case 0 -> null;
      case 1 -> filters.get(0);
      default -> "(" + String.join(") AND (", filters) + ")";
    };
  }

  private static Step evaluateTable(
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
      return new Done(denied(request, "table not found"));
    }
    TableSchema schema = maybeSchema.get();
    Set<String> tableTags = state.effectiveTags(table);

    Decision decision;
    try {
      decision = access.decideSelect(table, tableTags);
    } catch (RuntimeException exception) {
      LOGGER.log(Level.WARNING, "Select decision on " + table + " failed; denying", exception);
      return new Done(denied(request, "access denied"));
    }
    if (!decision.allowed()) {
      return new Done(
          denied(request, decision.outcome() == Outcome.NOT_FOUND ? "table not found" : "access denied"));
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
        return new Done(denied(request, reason));
      }
      applied.add(new AppliedPolicy(filter.id(), filter.version(), PolicyEffect.ROW_FILTER, null));
    }

    List<ColumnStep> columns = new ArrayList<>();
    Set<Integer> answered = new HashSet<>();
    for (ColumnRequest asked : askedColumns(request, schema)) {
      SchemaColumn column;
      try {
        column = resolve(schema, asked);
      } catch (IllegalArgumentException exception) {
        columns.add(ColumnStep.hidden(new HiddenColumn(asked.name(), exception.getMessage())));
        continue;
      }
      if (!answered.add(column.fieldId())) {
        continue; // asked twice: answered once
      }
      Optional<MaskPrecedence.Candidate> winner =
          MaskPrecedence.resolve(state, caller, table, column.fieldId(), tableTags);
      if (winner.isEmpty()) {
        columns.add(new ColumnStep(asked.name(), column, null, null, null));
        continue;
      }
      ColumnMaskPolicy policy = winner.get().policy();
      if (winner.get().exempt()) {
        columns.add(
            new ColumnStep(
                asked.name(),
                column,
                null,
                null,
                new AppliedPolicy(policy.id(), policy.version(), PolicyEffect.MASK_EXEMPTION, asked.name())));
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
        columns.add(ColumnStep.hidden(new HiddenColumn(asked.name(), reason)));
        continue;
      }
      columns.add(
          new ColumnStep(
              asked.name(),
              column,
              null,
              new ColumnMask(asked.name(), column.fieldId(), expression, policy.id(), policy.version()),
              new AppliedPolicy(policy.id(), policy.version(), PolicyEffect.COLUMN_MASK, asked.name())));
    }
    return new Pending(table, request, schema, tableTags, filters, applied, columns);
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

  private static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null || message.isEmpty() ? exception.getClass().getSimpleName() : message;
  }
}
