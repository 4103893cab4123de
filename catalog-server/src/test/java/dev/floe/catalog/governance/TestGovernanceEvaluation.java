package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.catalog.auth.Caller;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GovernanceEvaluation} with hand-written fakes: a governance source holding one state, a
 * catalog of one table, an authorizer that lets principal role {@code readers} read, and a
 * directory of principals and role flags.
 */
class TestGovernanceEvaluation {
  private static final String CATALOG = "lake";
  private static final TableIdentifier ORDERS = TableIdentifier.of(Namespace.of("sales"), "orders");
  private static final TableIdentifier ORDERS_VIEW = TableIdentifier.of(Namespace.of("sales"), "orders_view");
  private static final Securable ORDERS_TABLE = Securable.table(CATALOG, List.of("sales"), "orders");
  private static final Schema ICEBERG_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "region", Types.StringType.get()),
          Types.NestedField.optional(3, "email", Types.StringType.get()),
          Types.NestedField.optional(4, "card", Types.StringType.get()));
  private static final TableSchema SCHEMA = IcebergSchemas.toTableSchema(ICEBERG_SCHEMA);

  /** Reads only for principal role {@code readers}, and only not disabled principals. */
  private static final Authorizer READERS =
      new Authorizer() {
        @Override
        public Decision decide(PrincipalContext principal, Operation operation, List<Target> targets) {
          if (!principal.principal().disabled() && principal.principalRoles().contains("readers")) {
            return Decision.allow("reader", List.of());
          }
          return Decision.deny("not a reader");
        }

        @Override
        public List<Target> filter(PrincipalContext principal, Operation listing, List<Target> candidates) {
          return candidates;
        }
      };

  private final AtomicReference<Supplier<GovernanceState>> state = new AtomicReference<>(GovernanceState::empty);
  private final Map<String, PrincipalEntry> principals = new java.util.HashMap<>();
  private boolean schemaFails;
  private GovernanceEvaluation evaluation;

  @BeforeEach
  void setUp() {
    principals.put("alice", principal("alice", false, "readers"));
    principals.put("mallory", principal("mallory", true, "readers"));
    GovernanceSource source =
        new GovernanceSource() {
          @Override
          public long version() {
            return state.get().get().version();
          }

          @Override
          public GovernanceState stateOf(String catalog) {
            return state.get().get();
          }

          @Override
          public Optional<String> hashSalt(String catalog) {
            return Optional.of("salt");
          }
        };
    GovernanceEvaluation.Catalogs catalogs =
        new GovernanceEvaluation.Catalogs() {
          @Override
          public void requireCatalog(String catalog) {
            if (!catalog.equals(CATALOG)) {
              throw new NoSuchWarehouseException("Warehouse does not exist: %s", catalog);
            }
          }

          @Override
          public Optional<TableSchema> schema(String catalog, TableIdentifier table) {
            if (schemaFails && table.name().equals("broken")) {
              throw new IllegalStateException("storage unavailable");
            }
            return table.equals(ORDERS) ? Optional.of(SCHEMA) : Optional.empty();
          }

          @Override
          public Optional<TableSchema> viewSchema(String catalog, TableIdentifier view) {
            return view.equals(ORDERS_VIEW) ? Optional.of(SCHEMA) : Optional.empty();
          }
        };
    EvaluationIdentities.Directory directory =
        new EvaluationIdentities.Directory() {
          @Override
          public Optional<PrincipalEntry> principal(String name) {
            return Optional.ofNullable(principals.get(name));
          }

          @Override
          public boolean anyTrustedEngine(Collection<String> roles) {
            return roles.contains("engines");
          }

          @Override
          public boolean anyServiceAdministrator(Collection<String> roles) {
            return roles.contains("service_admin");
          }
        };
    evaluation =
        new GovernanceEvaluation(
            catalogs,
            source,
            READERS,
            dev.floe.policy.governance.RestrictionSource.none(),
            new EvaluationIdentities(directory, "idp_"),
            Duration.ofSeconds(30),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  private static PrincipalEntry principal(String name, boolean disabled, String... roles) {
    return new PrincipalEntry(name, UUID.randomUUID(), disabled, Set.of(roles), Optional.empty(), 1, Optional.empty());
  }

  private static Caller caller(String name, Set<String> groups, String... roles) {
    return new Caller(new PrincipalContext(new Principal(name, false), Set.of(roles)), "floe", "192.0.2.1", groups);
  }

  private static final Caller TRINO = caller("trino", Set.of(), "engines");
  private static final Caller ADMIN = caller("root", Set.of(), "service_admin");
  private static final Caller ALICE = caller("alice", Set.of("eu"), "readers");
  private static final Caller BOB = caller("bob", Set.of(), "readers");

  private static EvaluationRequest request(String user, Set<String> groups, String... tables) {
    List<TableRequest> asked = new ArrayList<>();
    for (String table : tables) {
      asked.add(
          new TableRequest(
              List.of("sales"), table, List.of(ColumnRequest.named("id"), ColumnRequest.named("region"), ColumnRequest.named("email"))));
    }
    return new EvaluationRequest(new CallerIdentity(user, groups, Set.of("engines", "service_admin")), CATALOG, asked);
  }

  /** A filter for group idp_eu (from OIDC group eu) and a NULLIFY mask on email for everyone but role auditors. */
  private void policies() {
    RowFilterPolicy filter =
        new RowFilterPolicy(
            10, 1, ORDERS_TABLE, ExpressionCompiler.compileFilter("region = 'EU'", SCHEMA), Audience.of(AudienceRule.appliesTo(AudienceKind.GROUP, "eu")));
    ColumnMaskPolicy mask =
        new ColumnMaskPolicy(
            20,
            1,
            new MaskTarget.Column(ORDERS_TABLE, 3),
            new Mask.Nullify(),
            Audience.of(AudienceRule.appliesToEveryone(), AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, "auditors")));
    GovernanceState governed = new GovernanceState(7, List.of(), List.of(), List.of(filter), List.of(mask));
    state.set(() -> governed);
  }

  @Test
  void aCallerAsksAboutItselfWithItsOwnGroupsAndRolesNotTheAskedOnes() {
    policies();
    // alice asks without her group and with roles she does not hold: she gets her own
    EvaluationResponse answer = evaluation.evaluate(ALICE, request("alice", Set.of(), "orders"));
    TableEvaluation orders = answer.tables().get(0);
    assertThat(orders.selectAllowed()).isTrue();
    assertThat(orders.rowFilter()).isEqualTo("\"region\" = 'EU'");
    assertThat(orders.masks()).singleElement().satisfies(mask -> assertThat(mask.column()).isEqualTo("email"));
    assertThat(answer.governanceVersion()).isEqualTo(7);
    assertThat(answer.cacheTtlSeconds()).isEqualTo(30);
  }

  @Test
  void aCallerThatIsNotATrustedEngineCannotAskAboutAnotherIdentity() {
    assertThatThrownBy(() -> evaluation.evaluate(BOB, request("alice", Set.of("eu"), "orders")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("bob may only evaluate governance for itself, not for alice");
  }

  @Test
  void aTrustedEngineAsksForAnyoneWithTheGivenGroupsAndTheRolesFloeKnows() {
    policies();
    // alice's stored role (readers) lets her read; her group eu (as idp_eu) brings the filter
    TableEvaluation withGroup = evaluation.evaluate(TRINO, request("alice", Set.of("eu"), "orders")).tables().get(0);
    assertThat(withGroup.selectAllowed()).isTrue();
    assertThat(withGroup.rowFilter()).isEqualTo("\"region\" = 'EU'");
    TableEvaluation withoutGroup = evaluation.evaluate(TRINO, request("alice", Set.of(), "orders")).tables().get(0);
    assertThat(withoutGroup.rowFilter()).isNull();
    // the asked principal roles (engines, service_admin) are not trusted: an unknown user reads nothing
    TableEvaluation stranger = evaluation.evaluate(TRINO, request("stranger", Set.of(), "orders")).tables().get(0);
    assertThat(stranger.selectAllowed()).isFalse();
    // a disabled principal reads nothing
    assertThat(evaluation.evaluate(TRINO, request("mallory", Set.of(), "orders")).tables().get(0).selectAllowed()).isFalse();
  }

  @Test
  void aServiceAdministratorMayAskForOthers() {
    TableEvaluation orders = evaluation.effectiveAccess(ADMIN, CATALOG, List.of("sales"), "orders", "alice", Set.of());
    assertThat(orders.selectAllowed()).isTrue();
    assertThat(orders.visibleColumns()).containsExactly("id", "region", "email", "card");
  }

  @Test
  void anUnknownCatalogIsNotFoundAndTooManyTablesABadRequest() {
    assertThatThrownBy(() -> evaluation.evaluate(ALICE, new EvaluationRequest(new CallerIdentity("alice", Set.of(), Set.of()), "nope", List.of())))
        .isInstanceOf(NoSuchWarehouseException.class);
    String[] tables = new String[GovernanceEvaluation.MAX_TABLES + 1];
    java.util.Arrays.fill(tables, "orders");
    assertThatThrownBy(() -> evaluation.evaluate(ALICE, request("alice", Set.of(), tables)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("at most 1000");
  }

  @Test
  void aTableWhoseSchemaCannotBeReadIsDeniedAloneInItsPlace() {
    schemaFails = true;
    EvaluationResponse answer = evaluation.evaluate(ALICE, request("alice", Set.of(), "broken", "orders", "missing"));
    assertThat(answer.tables()).extracting(TableEvaluation::name).containsExactly("broken", "orders", "missing");
    assertThat(answer.tables()).extracting(TableEvaluation::reason).containsExactly("table schema unavailable", null, "table not found");
  }

  @Test
  void unavailableGovernanceDataDeniesEveryTableAndIsNotToBeCached() {
    state.set(
        () -> {
          throw new IllegalStateException("store down");
        });
    EvaluationResponse answer = evaluation.evaluate(ALICE, request("alice", Set.of(), "orders"));
    assertThat(answer.tables().get(0).selectAllowed()).isFalse();
    assertThat(answer.tables().get(0).reason()).isEqualTo("governance data unavailable");
    assertThat(answer.cacheTtlSeconds()).isZero();
  }

  @Test
  void rawDataAccessIsRefusedToNonEnginesThatPoliciesReach() {
    policies();
    Supplier<TableSchema> schema = () -> SCHEMA;
    // alice: the filter (group eu) and the mask reach her
    assertThatThrownBy(() -> evaluation.checkRawDataAccess(ALICE, CATALOG, ORDERS, schema, "vended credentials"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("vended credentials refused on lake.sales.orders")
        .hasMessageContaining("[10, 20]");
    // bob: only the mask on email
    assertThatThrownBy(() -> evaluation.checkRawDataAccess(BOB, CATALOG, ORDERS, schema, "remote signing"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("[20]");
    // an auditor is exempt from the mask and outside the filter's audience
    evaluation.checkRawDataAccess(caller("audrey", Set.of(), "readers", "auditors"), CATALOG, ORDERS, schema, "remote signing");
    // a trusted engine enforces the policies itself
    evaluation.checkRawDataAccess(TRINO, CATALOG, ORDERS, schema, "vended credentials");
    // a table no policy reaches
    evaluation.checkRawDataAccess(BOB, CATALOG, TableIdentifier.of("sales", "other"), () -> TableSchema.of(), "vended credentials");
  }

  @Test
  void rawDataAccessFailsClosed() {
    state.set(
        () -> {
          throw new IllegalStateException("store down");
        });
    assertThatThrownBy(() -> evaluation.checkRawDataAccess(BOB, CATALOG, ORDERS, () -> SCHEMA, "vended credentials"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("could not be evaluated (fail closed)");
  }

  @Test
  void readRestrictionsCarryTheFilterAsAnIcebergExpressionAndTheMasksAsActions() {
    policies();
    GovernanceEvaluation.Restricted restricted = evaluation.restrictionsOf(ALICE, CATALOG, ORDERS, SCHEMA).orElseThrow();
    assertThat(restricted.policies()).containsExactly(10L, 20L);
    assertThat(restricted.evaluation().appliedPolicies()).extracting(AppliedPolicy::id).containsExactly(10L, 20L);
    ObjectNode json = ReadRestrictions.toJson(restricted, ICEBERG_SCHEMA);
    assertThat(json.path("required-column-projections").toString()).isEqualTo("[{\"field-id\":3,\"action\":\"replace-with-null\"}]");
    assertThat(json.path("required-row-filter").toString())
        .isEqualTo("{\"type\":\"and\",\"left\":{\"type\":\"not-null\",\"term\":\"region\"},\"right\":{\"type\":\"eq\",\"term\":\"region\",\"value\":\"EU\"}}");
    // no policy reaches an auditor outside the filter's audience: an unrestricted load
    assertThat(evaluation.restrictionsOf(caller("audrey", Set.of(), "readers", "auditors"), CATALOG, ORDERS, SCHEMA)).isEmpty();
  }

  @Test
  void aFilterIcebergCannotExpressRestrictsEveryRow() {
    RowFilterPolicy filter =
        new RowFilterPolicy(11, 1, ORDERS_TABLE, ExpressionCompiler.compileFilter("lower(region) = 'eu'", SCHEMA), Audience.everyone());
    state.set(() -> new GovernanceState(1, List.of(), List.of(), List.of(filter), List.of()));
    ObjectNode json = ReadRestrictions.toJson(evaluation.restrictionsOf(BOB, CATALOG, ORDERS, SCHEMA).orElseThrow(), ICEBERG_SCHEMA);
    assertThat(json.toString()).isEqualTo("{\"required-row-filter\":false}");
  }

  @Test
  void filterLiteralsAreBoundToTheColumnsTypes() {
    Schema typed =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "day", Types.DateType.get()),
            Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2)));
    TableSchema schema = IcebergSchemas.toTableSchema(typed);
    RowFilterPolicy filter =
        new RowFilterPolicy(
            12,
            1,
            ORDERS_TABLE,
            ExpressionCompiler.compileFilter("id IN (1, 2) AND day >= DATE '2024-01-31' AND NOT (amount < 10.50)", schema),
            Audience.everyone());
    state.set(() -> new GovernanceState(1, List.of(), List.of(), List.of(filter), List.of()));
    ObjectNode json = ReadRestrictions.toJson(evaluation.restrictionsOf(BOB, CATALOG, ORDERS, schema).orElseThrow(), typed);
    String expression = json.path("required-row-filter").toString();
    assertThat(expression).contains("\"type\":\"in\"").contains("\"2024-01-31\"").contains("\"type\":\"gt-eq\"");
    assertThat(org.apache.iceberg.expressions.ExpressionParser.fromJson(expression)).isNotNull();
    // a literal that is not of the column's type does not bind: no rows
    RowFilterPolicy wrong =
        new RowFilterPolicy(13, 1, ORDERS_TABLE, ExpressionCompiler.compileFilter("id = 'abc'", schema), Audience.everyone());
    state.set(() -> new GovernanceState(2, List.of(), List.of(), List.of(wrong), List.of()));
    assertThat(ReadRestrictions.toJson(evaluation.restrictionsOf(BOB, CATALOG, ORDERS, schema).orElseThrow(), typed).toString())
        .isEqualTo("{\"required-row-filter\":false}");
  }

  @Test
  void masksMapToTheSpecsActionsOrHideTheColumn() {
    Types.NestedField card = ICEBERG_SCHEMA.findField(4);
    Types.NestedField id = ICEBERG_SCHEMA.findField(1);
    assertThat(ReadRestrictions.action(new Mask.ShowLast(4), card)).contains("show-last-4");
    assertThat(ReadRestrictions.action(new Mask.ShowLast(2), card)).isEmpty();
    assertThat(ReadRestrictions.action(new Mask.Hash(), card)).contains("sha-256-query-local");
    assertThat(ReadRestrictions.action(new Mask.Redact(Optional.empty()), id)).contains("mask-to-fixed-value");
    assertThat(ReadRestrictions.action(new Mask.Nullify(), id)).isEmpty(); // a required column cannot be NULL
    assertThat(ReadRestrictions.action(new Mask.EmailDomain(), card)).isEmpty();
    // a mask without an equivalent on a required column: no rows
    ColumnMaskPolicy round =
        new ColumnMaskPolicy(30, 1, new MaskTarget.Column(ORDERS_TABLE, 1), new Mask.Round(-2), Audience.everyone());
    state.set(() -> new GovernanceState(1, List.of(), List.of(), List.of(), List.of(round)));
    ObjectNode json = ReadRestrictions.toJson(evaluation.restrictionsOf(BOB, CATALOG, ORDERS, SCHEMA).orElseThrow(), ICEBERG_SCHEMA);
    assertThat(json.toString()).isEqualTo("{\"required-row-filter\":false}");
  }

  @Test
  void actionChecksAreDecidedAsTheAskedIdentityInOrder() {
    List<dev.floe.policy.governance.api.ActionCheck> checks =
        List.of(
            new dev.floe.policy.governance.api.ActionCheck(
                "WRITE_TABLE_DATA", List.of(dev.floe.policy.governance.api.ActionCheck.ActionTarget.table(List.of("sales"), "orders"))),
            new dev.floe.policy.governance.api.ActionCheck(
                "namespace_exists", List.of(dev.floe.policy.governance.api.ActionCheck.ActionTarget.namespace(List.of("sales")))));
    var forAlice =
        evaluation.evaluate(
            TRINO, new EvaluationRequest(new CallerIdentity("alice", Set.of(), Set.of()), CATALOG, List.of(), checks));
    assertThat(forAlice.tables()).isEmpty();
    assertThat(forAlice.checks()).extracting(dev.floe.policy.governance.api.ActionDecision::allowed).containsExactly(true, true);
    var forBob =
        evaluation.evaluate(
            TRINO, new EvaluationRequest(new CallerIdentity("nobody", Set.of(), Set.of()), CATALOG, List.of(), checks));
    assertThat(forBob.checks()).allSatisfy(decision -> {
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reason()).isEqualTo("not a reader");
    });
  }

  @Test
  void malformedActionChecksAreBadRequests() {
    var unknown =
        new EvaluationRequest(
            new CallerIdentity("alice", Set.of(), Set.of()),
            CATALOG,
            List.of(),
            List.of(new dev.floe.policy.governance.api.ActionCheck(
                "FLY", List.of(dev.floe.policy.governance.api.ActionCheck.ActionTarget.table(List.of("sales"), "orders")))));
    assertThatThrownBy(() -> evaluation.evaluate(TRINO, unknown))
        .isInstanceOf(org.apache.iceberg.exceptions.BadRequestException.class)
        .hasMessageContaining("unknown operation FLY");
    var wrongTarget =
        new EvaluationRequest(
            new CallerIdentity("alice", Set.of(), Set.of()),
            CATALOG,
            List.of(),
            List.of(new dev.floe.policy.governance.api.ActionCheck(
                "DROP_TABLE", List.of(dev.floe.policy.governance.api.ActionCheck.ActionTarget.namespace(List.of("sales"))))));
    assertThatThrownBy(() -> evaluation.evaluate(TRINO, wrongTarget))
        .isInstanceOf(org.apache.iceberg.exceptions.BadRequestException.class)
        .hasMessageContaining("DROP_TABLE cannot act on");
  }

  @Test
  void aViewIsReadableWithLoadViewAndNeitherFilteredNorMasked() {
    ColumnMaskPolicy mask =
        new ColumnMaskPolicy(31, 1, new MaskTarget.Column(ORDERS_TABLE, 3), new Mask.Nullify(), Audience.everyone());
    state.set(() -> new GovernanceState(1, List.of(), List.of(), List.of(), List.of(mask)));
    var request =
        new EvaluationRequest(
            new CallerIdentity("alice", Set.of(), Set.of()), CATALOG, List.of(TableRequest.allColumnsOf(List.of("sales"), "orders_view")));
    TableEvaluation view = evaluation.evaluate(TRINO, request).tables().get(0);
    assertThat(view.selectAllowed()).isTrue();
    assertThat(view.visibleColumns()).containsExactly("id", "region", "email", "card");
    assertThat(view.masks()).isEmpty();
    assertThat(view.rowFilter()).isNull();
    var nobody =
        new EvaluationRequest(
            new CallerIdentity("nobody", Set.of(), Set.of()), CATALOG, List.of(TableRequest.allColumnsOf(List.of("sales"), "orders_view")));
    assertThat(evaluation.evaluate(TRINO, nobody).tables().get(0).selectAllowed()).isFalse();
  }
}
