package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.auth.Caller;
import dev.floe.catalog.governance.EvaluationIdentities.Evaluated;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.GovernanceEvaluator;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableAccess;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.governance.api.ActionDecision;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.jboss.logging.Logger;

/**
 * The governance evaluation for engines and people: for an identity and tables of one catalog,
 * whether each table may be read, the visible columns, the row filter and the masks ({@link
 * GovernanceEvaluator} over the {@link GovernanceSource}'s state, the tables' current schemas,
 * select decisions of the configured {@link Authorizer} made as the evaluated identity, and the
 * filters and masks OPA adds with {@code floe.authorization.type=opa}), plus the request's action
 * checks ({@link ActionChecks}: writes, creates, drops, namespace visibility) decided by the same
 * authorizer.
 *
 * <p>A view is answered by {@link ViewAnswers} (readable with {@code LOAD_VIEW}, every column
 * visible, nothing filtered or masked: an engine checks and masks the tables under it).
 *
 * <p>Who may ask about whom is {@link EvaluationIdentities}' rule. An unknown catalog is a 404; a
 * table that cannot be evaluated (missing, not readable, its schema or the governance data
 * unreadable, a policy that no longer renders) is answered denied with the reason, never as an
 * error: an engine denies the query. A warm evaluation reads no database: schemas are kept for
 * {@code floe.governance.evaluation-cache-ttl}, policies and grants are in memory.
 */
@ApplicationScoped
public class GovernanceEvaluation {
  private static final Logger LOG = Logger.getLogger(GovernanceEvaluation.class);

  /** Most tables one evaluation may ask about. */
  public static final int MAX_TABLES = 1000;

  /** Most columns one table of an evaluation may ask about. */
  public static final int MAX_COLUMNS = 10_000;

  /** The catalog side of an evaluation: which catalogs exist and the tables' current schemas. */
  interface Catalogs {
    /** Checks the catalog exists; {@code NoSuchWarehouseException} (404) when not. */
    void requireCatalog(String catalog);

    /** The table's current schema; empty when there is no such table. */
    Optional<TableSchema> schema(String catalog, TableIdentifier table);

    /** The view's current schema; empty when there is no such view. */
    default Optional<TableSchema> viewSchema(String catalog, TableIdentifier view) {
      return Optional.empty();
    }
  }

  private final Catalogs catalogs;
  private final GovernanceSource source;
  private final Authorizer authorizer;
  private final RestrictionSource restrictions;
  private final EvaluationIdentities identities;
  private final Duration cacheTtl;
  private final Timer timer;

  @Inject
  public GovernanceEvaluation(
      CatalogRegistry registry,
      GovernanceSource source,
      Authorizer authorizer,
      RestrictionSource restrictions,
      EvaluationIdentities identities,
      EvaluationConfig config,
      MeterRegistry meters) {
    this(
        registryCatalogs(registry, config.evaluationCacheTtl()),
        source,
        authorizer,
        restrictions,
        identities,
        config.evaluationCacheTtl(),
        meters);
  }

  GovernanceEvaluation(
      Catalogs catalogs,
      GovernanceSource source,
      Authorizer authorizer,
      RestrictionSource restrictions,
      EvaluationIdentities identities,
      Duration cacheTtl,
      MeterRegistry meters) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.source = requireNonNull(source, "source is null");
    this.authorizer = requireNonNull(authorizer, "authorizer is null");
    this.restrictions = requireNonNull(restrictions, "restrictions is null");
    this.identities = requireNonNull(identities, "identities is null");
    this.cacheTtl = requireNonNull(cacheTtl, "cacheTtl is null");
    if (cacheTtl.isNegative() || cacheTtl.isZero()) {
      throw new IllegalStateException("Invalid floe.governance.evaluation-cache-ttl " + cacheTtl + ": must be positive");
    }
    // the server time of one evaluation request (identity, schemas, decisions, evaluation; not JSON)
    this.timer =
        Timer.builder("floe.governance.evaluation")
            .description("Time to evaluate one governance request")
            .publishPercentileHistogram()
            .publishPercentiles(0.5, 0.99)
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofSeconds(2))
            .register(meters);
  }

  private static Catalogs registryCatalogs(CatalogRegistry registry, Duration cacheTtl) {
    TableSchemas schemas = new TableSchemas(cacheTtl, 100_000);
    return new Catalogs() {
      @Override
      public void requireCatalog(String catalog) {
        registry.catalog(catalog);
      }

      @Override
      public Optional<TableSchema> schema(String catalog, TableIdentifier table) {
        FloeCatalog floeCatalog = registry.catalog(catalog);
        return schemas.schema(floeCatalog, table);
      }

      @Override
      public Optional<TableSchema> viewSchema(String catalog, TableIdentifier view) {
        return schemas.viewSchema(registry.catalog(catalog), view);
      }
    };
  }

  /**
   * The table's current schema as evaluations see it (cached for the evaluation cache time); empty
   * when there is no such table.
   */
  public Optional<TableSchema> currentSchema(String catalog, TableIdentifier table) {
    return catalogs.schema(catalog, table);
  }

  /** How long answers may be reused. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /**
   * Evaluates a request of {@code caller}.
   *
   * @throws org.apache.iceberg.exceptions.ForbiddenException when the caller may not ask about the
   *     request's identity
   * @throws org.apache.iceberg.exceptions.NotFoundException for an unknown catalog
   * @throws BadRequestException for too many tables or columns
   */
  public EvaluationResponse evaluate(Caller caller, EvaluationRequest request) {
    requireNonNull(caller, "caller is null");
    requireNonNull(request, "request is null");
    long start = System.nanoTime();
    try {
      checkSize(request);
      List<ActionChecks.Parsed> checks = ActionChecks.parse(request.catalog(), request.checks());
      Evaluated who = identities.asked(caller, request.identity().user(), request.identity().groups());
      EvaluationResponse tables = evaluate(who, request.catalog(), request.tables());
      if (checks.isEmpty()) {
        return tables;
      }
      List<ActionDecision> decisions;
      try {
        decisions = ActionChecks.decide(authorizer, who.context(), source.stateOf(request.catalog()), checks);
      } catch (RuntimeException e) {
        LOG.errorf(e, "Governance data of catalog %s unavailable: denying every check (fail closed)", request.catalog());
        decisions = checks.stream().map(check -> ActionDecision.deny("governance data unavailable")).toList();
        return new EvaluationResponse(tables.tables(), tables.governanceVersion(), 0, decisions);
      }
      return new EvaluationResponse(tables.tables(), tables.governanceVersion(), tables.cacheTtlSeconds(), decisions);
    } finally {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * What {@code user} (with {@code groups}) would see of one table, for every column of its current
   * schema, asked by {@code caller} under the same rule as {@link #evaluate}.
   */
  public TableEvaluation effectiveAccess(
      Caller caller, String catalog, List<String> namespace, String table, String user, Set<String> groups) {
    Evaluated who = identities.asked(caller, user, groups);
    catalogs.requireCatalog(catalog);
    TableIdentifier identifier = TableIdentifier.of(Namespace.of(namespace.toArray(String[]::new)), table);
    List<ColumnRequest> columns = new ArrayList<>();
    try {
      catalogs
          .schema(catalog, identifier)
          .ifPresent(
              schema -> schema.columns().forEach(column -> columns.add(new ColumnRequest(column.name(), column.fieldId(), null))));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Cannot read the schema of %s.%s: answering denied", catalog, identifier);
    }
    return evaluate(who, catalog, List.of(new TableRequest(namespace, table, columns))).tables().get(0);
  }

  /** Evaluates tables of one catalog for an identity already allowed to be asked about. */
  EvaluationResponse evaluate(Evaluated who, String catalog, List<TableRequest> tables) {
    catalogs.requireCatalog(catalog);
    GovernanceState state;
    String hashSalt;
    try {
      state = source.stateOf(catalog);
      hashSalt = source.hashSalt(catalog).orElse("");
    } catch (RuntimeException e) {
      LOG.errorf(e, "Governance data of catalog %s unavailable: denying every table (fail closed)", catalog);
      return new EvaluationResponse(deniedAll(tables, "governance data unavailable"), 0, 0);
    }
    // schemas first, so that a table whose schema cannot be read is denied alone
    Map<Securable, Optional<TableSchema>> schemas = new HashMap<>();
    Map<Integer, TableEvaluation> failed = new HashMap<>();
    List<TableRequest> readable = new ArrayList<>(tables.size());
    for (int index = 0; index < tables.size(); index++) {
      TableRequest table = tables.get(index);
      Securable securable = Securable.table(catalog, table.namespace(), table.name());
      try {
        Optional<TableSchema> schema = catalogs.schema(catalog, identifier(table));
        Optional<TableSchema> viewSchema = schema.isEmpty() ? catalogs.viewSchema(catalog, identifier(table)) : Optional.empty();
        if (viewSchema.isPresent()) {
          failed.put(index, ViewAnswers.answer(authorizer, who, catalog, table, viewSchema.get(), state));
          continue;
        }
        schemas.put(securable, schema);
        readable.add(table);
      } catch (RuntimeException e) {
        LOG.warnf(e, "Cannot read the schema of %s: denying it (fail closed)", securable);
        failed.put(index, denied(table, "table schema unavailable"));
      }
    }
    EvaluationResponse answer;
    try {
      answer =
          GovernanceEvaluator.evaluate(
              state,
              TableAccess.of(authorizer, who.context()),
              restrictions,
              securable -> schemas.getOrDefault(securable, Optional.empty()),
              hashSalt,
              cacheTtl,
              new EvaluationRequest(who.identity(), catalog, readable));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Governance evaluation in catalog %s failed: denying every table (fail closed)", catalog);
      return new EvaluationResponse(deniedAll(tables, "evaluation failed"), state.version(), 0);
    }
    if (failed.isEmpty()) {
      return answer;
    }
    List<TableEvaluation> merged = new ArrayList<>(tables.size());
    int next = 0;
    for (int index = 0; index < tables.size(); index++) {
      TableEvaluation failure = failed.get(index);
      merged.add(failure != null ? failure : answer.tables().get(next++));
    }
    return new EvaluationResponse(merged, answer.governanceVersion(), answer.cacheTtlSeconds());
  }

  /**
   * The ids of the row filters and column masks that reach the caller (as authenticated) on a
   * table, ascending; empty when none does. Masks on any column of the current schema count.
   *
   * @param schema the table's current schema
   * @throws RuntimeException when the governance data cannot be read (callers fail closed)
   */
  public List<Long> policiesReaching(Caller caller, String catalog, TableIdentifier table, TableSchema schema) {
    Securable securable = securable(catalog, table);
    GovernanceState state = source.stateOf(catalog);
    if (!PolicyReach.mayReach(state, securable)) {
      return List.of();
    }
    return PolicyReach.policies(state, identities.self(caller).identity(), securable, schema);
  }

  /**
   * Whether any row filter or column mask could reach anyone on the table (a look at the
   * in-memory state, before any schema is read); false: loads of it are unrestricted.
   */
  public boolean mayRestrict(String catalog, TableIdentifier table) {
    return PolicyReach.mayReach(source.stateOf(catalog), securable(catalog, table));
  }

  /**
   * The caller's evaluation of every column of a table, with the state it was made from; empty
   * when no row filter or mask reaches the caller there (the table is then read unrestricted).
   *
   * @param schema the table's current schema
   * @throws RuntimeException when the governance data cannot be read (callers fail closed)
   */
  public Optional<Restricted> restrictionsOf(Caller caller, String catalog, TableIdentifier table, TableSchema schema) {
    Securable securable = securable(catalog, table);
    GovernanceState state = source.stateOf(catalog);
    if (!PolicyReach.mayReach(state, securable)) {
      return Optional.empty();
    }
    Evaluated who = identities.self(caller);
    List<Long> policies = PolicyReach.policies(state, who.identity(), securable, schema);
    if (policies.isEmpty()) {
      return Optional.empty();
    }
    List<ColumnRequest> columns = new ArrayList<>();
    for (SchemaColumn column : schema.columns()) {
      columns.add(new ColumnRequest(column.name(), column.fieldId(), null));
    }
    TableRequest request = new TableRequest(List.of(table.namespace().levels()), table.name(), columns);
    TableEvaluation evaluation =
        GovernanceEvaluator.evaluate(
                state,
                TableAccess.of(authorizer, who.context()),
                restrictions,
                ignored -> Optional.of(schema),
                source.hashSalt(catalog).orElse(""),
                cacheTtl,
                new EvaluationRequest(who.identity(), catalog, List.of(request)))
            .tables()
            .get(0);
    return Optional.of(new Restricted(evaluation, policies, state, who.identity().user()));
  }

  /**
   * What restricts a caller on a table.
   *
   * @param evaluation the caller's evaluation of every column
   * @param policies the ids of the filters and masks that reach the caller
   * @param state the governance data it was made from (for the masks' definitions)
   * @param user the caller's name ({@code current_user} of its filters)
   */
  public record Restricted(TableEvaluation evaluation, List<Long> policies, GovernanceState state, String user) {
    public Restricted {
      requireNonNull(evaluation, "evaluation is null");
      policies = List.copyOf(policies);
      requireNonNull(state, "state is null");
      requireNonNull(user, "user is null");
    }
  }

  /**
   * Refuses raw access to a table's files ({@code what}: vended credentials, a remote signature)
   * to a caller who is not a trusted engine when a row filter or column mask reaches it there:
   * with the files it would read what the policies hide. Fails closed: when the governance data or
   * the schema cannot be read, refuses too.
   *
   * @param schema the table's current schema, read only when a policy may reach the table
   * @throws ForbiddenException naming the policy ids
   */
  public void checkRawDataAccess(Caller caller, String catalog, TableIdentifier table, Supplier<TableSchema> schema, String what) {
    if (identities.isTrustedEngine(caller)) {
      return;
    }
    List<Long> policies;
    try {
      Securable securable = securable(catalog, table);
      GovernanceState state = source.stateOf(catalog);
      if (!PolicyReach.mayReach(state, securable)) {
        return;
      }
      policies = PolicyReach.policies(state, identities.self(caller).identity(), securable, schema.get());
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.errorf(e, "Cannot evaluate governance of %s.%s for %s: refusing %s (fail closed)", catalog, table, caller.name(), what);
      throw new ForbiddenException(
          "Forbidden: %s refused on %s.%s: its row filters and column masks could not be evaluated (fail closed)", what, catalog, table);
    }
    if (!policies.isEmpty()) {
      LOG.infof("Refused %s on %s.%s to %s: policies %s apply", what, catalog, table, caller.name(), policies);
      throw new ForbiddenException(
          "Forbidden: %s refused on %s.%s: row filter or column mask policies %s apply to %s; read the table through a trusted"
              + " engine, which enforces them",
          what,
          catalog,
          table,
          policies,
          caller.name());
    }
  }

  /** Whether the caller acts as a trusted engine. */
  public boolean isTrustedEngine(Caller caller) {
    return identities.isTrustedEngine(caller);
  }

  private static void checkSize(EvaluationRequest request) {
    if (request.tables().size() > MAX_TABLES) {
      throw new BadRequestException(
          "Invalid evaluation request: %d tables, at most %d per request", request.tables().size(), MAX_TABLES);
    }
    for (TableRequest table : request.tables()) {
      if (table.columns().size() > MAX_COLUMNS) {
        throw new BadRequestException(
            "Invalid evaluation request: table %s asks about %d columns, at most %d", table.name(), table.columns().size(), MAX_COLUMNS);
      }
    }
  }

  private static TableIdentifier identifier(TableRequest table) {
    return TableIdentifier.of(Namespace.of(table.namespace().toArray(String[]::new)), table.name());
  }

  private static Securable securable(String catalog, TableIdentifier table) {
    return Securable.table(catalog, List.of(table.namespace().levels()), table.name());
  }

  private static List<TableEvaluation> deniedAll(List<TableRequest> tables, String reason) {
    return tables.stream().map(table -> denied(table, reason)).toList();
  }

  private static TableEvaluation denied(TableRequest table, String reason) {
    return TableEvaluation.denied(table.namespace(), table.name(), table.columns(), reason);
  }
}
