package dev.floe.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.governance.api.ActionCheck;
import dev.floe.policy.governance.api.ActionDecision;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.HiddenColumn;
import dev.floe.policy.governance.api.PolicyEffect;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import io.trino.spi.type.VarcharType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestFloeSystemAccessControl {
  private static final CatalogSchemaTableName ORDERS = new CatalogSchemaTableName("lake", "sales", "orders");
  private static final CatalogSchemaTableName SECRETS = new CatalogSchemaTableName("lake", "sales", "secrets");

  private final List<EvaluationRequest> requests = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong();
  private boolean floeDown;

  /** Floe as the fake sees it: orders readable with region filter and masked email; secrets denied. */
  private EvaluationResponse answer(EvaluationRequest request) {
    requests.add(request);
    if (floeDown) {
      throw new PolicyServiceUnavailableException("connection refused");
    }
    List<TableEvaluation> tables = new ArrayList<>();
    for (TableRequest table : request.tables()) {
      assertThat(table.allColumns()).isTrue();
      assertThat(request.checks()).isEmpty();
      if (table.name().equals("orders")) {
        tables.add(
            new TableEvaluation(
                table.namespace(),
                table.name(),
                true,
                null,
                List.of("id", "email", "region"),
                List.of(new HiddenColumn("salary", "not granted")),
                "region = 'EU'",
                List.of(new ColumnMask("email", 2, "'***'", 7, 1)),
                List.of(
                    new AppliedPolicy(6, 1, PolicyEffect.ROW_FILTER, null),
                    new AppliedPolicy(7, 1, PolicyEffect.COLUMN_MASK, "email"))));
      } else {
        tables.add(TableEvaluation.denied(table.namespace(), table.name(), List.of(), "access denied"));
      }
    }
    List<ActionDecision> checks = new ArrayList<>();
    for (ActionCheck check : request.checks()) {
      ActionCheck.ActionTarget target = check.targets().get(0);
      boolean allowed =
          switch (check.operation()) {
            case "WRITE_TABLE_DATA" -> "orders".equals(target.name());
            case "NAMESPACE_EXISTS" -> target.namespace().equals(List.of("sales"));
            default -> false;
          };
      checks.add(allowed ? ActionDecision.allow() : ActionDecision.deny("no " + check.operation() + " privilege"));
    }
    return new EvaluationResponse(tables, 3, 10, checks);
  }

  private FloeSystemAccessControl accessControl(String ungoverned) {
    FloePluginConfig config =
        FloePluginConfig.from(
            Map.of(
                "floe.uri", "http://floe:8181",
                "floe.catalogs", "lake=warehouse",
                "floe.ungoverned-catalogs", ungoverned,
                "floe.token-file", "/dev/null",
                "floe.cache.max-ttl", "30s"));
    return new FloeSystemAccessControl(config, new GovernanceAnswers(this::answer, Duration.ofSeconds(30), 100, clock::get));
  }

  private static SystemSecurityContext alice(String queryId) {
    return new SystemSecurityContext(
        Identity.forUser("alice").withGroups(Set.of("analysts")).build(), new QueryId(queryId), Instant.now());
  }

  @Test
  void aQueryMakesOneCallPerTableWhateverItAsks() {
    FloeSystemAccessControl control = accessControl("allow");
    SystemSecurityContext context = alice("q1");
    List<ViewExpression> filters = control.getRowFilters(context, ORDERS);
    ColumnSchema email = ColumnSchema.builder().setName("email").setType(VarcharType.VARCHAR).build();
    ColumnSchema id = ColumnSchema.builder().setName("id").setType(VarcharType.VARCHAR).build();
    Map<ColumnSchema, ViewExpression> masks = control.getColumnMasks(context, ORDERS, List.of(id, email));
    control.checkCanSelectFromColumns(context, ORDERS, Set.of("id", "email", "region"));

    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).catalog()).isEqualTo("warehouse");
    assertThat(requests.get(0).identity().user()).isEqualTo("alice");
    assertThat(requests.get(0).identity().groups()).containsExactly("analysts");
    assertThat(filters).singleElement().satisfies(filter -> {
      assertThat(filter.getExpression()).isEqualTo("region = 'EU'");
      assertThat(filter.getCatalog()).contains("lake");
      assertThat(filter.getSchema()).contains("sales");
    });
    assertThat(masks).containsOnlyKeys(email);
    assertThat(masks.get(email).getExpression()).isEqualTo("'***'");
  }

  @Test
  void laterQueriesReuseTheAnswerUntilItsTtlEnds() {
    FloeSystemAccessControl control = accessControl("allow");
    control.getRowFilters(alice("q1"), ORDERS);
    control.getRowFilters(alice("q2"), ORDERS);
    assertThat(requests).hasSize(1);
    clock.addAndGet(Duration.ofSeconds(10).toNanos()); // Floe's TTL (10 s) is shorter than the cap
    control.getRowFilters(alice("q3"), ORDERS);
    assertThat(requests).hasSize(2);
    // q1 keeps the answer it started with
    control.getRowFilters(alice("q1"), ORDERS);
    assertThat(requests).hasSize(2);
  }

  @Test
  void hiddenColumnsAndDeniedTablesAreRefused() {
    FloeSystemAccessControl control = accessControl("allow");
    assertThatThrownBy(() -> control.checkCanSelectFromColumns(alice("q1"), ORDERS, Set.of("id", "salary")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("salary");
    assertThatThrownBy(() -> control.checkCanSelectFromColumns(alice("q1"), SECRETS, Set.of("id")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("lake.sales.secrets");
    assertThatThrownBy(() -> control.checkCanShowColumns(alice("q1"), SECRETS)).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void listingsAreFilteredInOneCall() {
    FloeSystemAccessControl control = accessControl("allow");
    Set<SchemaTableName> visible =
        control.filterTables(
            alice("q1"),
            "lake",
            Set.of(ORDERS.getSchemaTableName(), SECRETS.getSchemaTableName(), new SchemaTableName("information_schema", "columns")));
    assertThat(visible).containsExactlyInAnyOrder(ORDERS.getSchemaTableName(), new SchemaTableName("information_schema", "columns"));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).tables()).hasSize(2);

    Map<SchemaTableName, Set<String>> columns =
        control.filterColumns(
            alice("q1"),
            "lake",
            Map.of(ORDERS.getSchemaTableName(), Set.of("id", "salary", "EMAIL"), SECRETS.getSchemaTableName(), Set.of("id")));
    assertThat(columns).isEqualTo(Map.of(ORDERS.getSchemaTableName(), Set.of("id", "EMAIL")));
    assertThat(requests).hasSize(1); // both answers were held for q1
  }

  @Test
  void floeUnavailableDeniesGovernedCatalogsOnly() {
    FloeSystemAccessControl control = accessControl("allow");
    floeDown = true;
    assertThatThrownBy(() -> control.checkCanSelectFromColumns(alice("q1"), ORDERS, Set.of("id")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Floe policy service unavailable");
    assertThatThrownBy(() -> control.getRowFilters(alice("q1"), ORDERS))
        .hasMessageContaining("Floe policy service unavailable");
    assertThat(control.filterTables(alice("q1"), "lake", Set.of(ORDERS.getSchemaTableName()))).isEmpty();
    // an ungoverned catalog still works
    control.checkCanSelectFromColumns(alice("q1"), new CatalogSchemaTableName("tpch", "tiny", "nation"), Set.of("name"));
    assertThat(control.getRowFilters(alice("q1"), new CatalogSchemaTableName("tpch", "tiny", "nation"))).isEmpty();
  }

  @Test
  void ungovernedCatalogsFollowTheSetting() {
    FloeSystemAccessControl deny = accessControl("deny");
    assertThat(deny.filterCatalogs(alice("q1"), Set.of("lake", "tpch", "system"))).containsExactlyInAnyOrder("lake", "system");
    assertThatThrownBy(() -> deny.checkCanSelectFromColumns(alice("q1"), new CatalogSchemaTableName("tpch", "tiny", "nation"), Set.of("name")))
        .isInstanceOf(AccessDeniedException.class);
    FloeSystemAccessControl allow = accessControl("allow");
    assertThat(allow.filterCatalogs(alice("q1"), Set.of("lake", "tpch"))).containsExactlyInAnyOrder("lake", "tpch");
    allow.checkCanInsertIntoTable(alice("q1"), new CatalogSchemaTableName("tpch", "tiny", "nation"));
    assertThat(requests).isEmpty();
  }

  @Test
  void changesAndSchemaListingsAreDecidedByFloe() {
    FloeSystemAccessControl control = accessControl("allow");
    control.checkCanInsertIntoTable(alice("q1"), ORDERS);
    control.checkCanDeleteFromTable(alice("q1"), ORDERS); // same question: held for q1
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).tables()).isEmpty();
    assertThat(requests.get(0).checks()).singleElement().satisfies(check -> {
      assertThat(check.operation()).isEqualTo("WRITE_TABLE_DATA");
      assertThat(check.targets()).containsExactly(ActionCheck.ActionTarget.table(List.of("sales"), "orders"));
    });
    assertThatThrownBy(() -> control.checkCanInsertIntoTable(alice("q1"), SECRETS))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("no WRITE_TABLE_DATA privilege");
    assertThatThrownBy(() -> control.checkCanDropTable(alice("q1"), ORDERS))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("no DROP_TABLE privilege");
    assertThat(control.filterSchemas(alice("q2"), "lake", Set.of("sales", "hr", "information_schema")))
        .containsExactlyInAnyOrder("sales", "information_schema");
    assertThat(requests.get(requests.size() - 1).checks()).hasSize(2); // sales and hr in one call

    floeDown = true;
    assertThatThrownBy(() -> control.checkCanCreateTable(alice("q3"), ORDERS, Map.of()))
        .hasMessageContaining("Floe policy service unavailable");
  }

  @Test
  @SuppressWarnings("deprecation")
  void queryRules() {
    FloeSystemAccessControl control = accessControl("allow");
    Identity alice = Identity.ofUser("alice");
    Identity bob = Identity.ofUser("bob");
    control.checkCanImpersonateUser(alice, "alice");
    control.checkCanSetUser(java.util.Optional.empty(), "alice");
    control.checkCanSetUser(java.util.Optional.of(new io.trino.spi.security.BasicPrincipal("alice")), "alice");
    assertThatThrownBy(() -> control.checkCanSetUser(java.util.Optional.of(new io.trino.spi.security.BasicPrincipal("alice")), "bob"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> control.checkCanImpersonateUser(alice, "bob")).isInstanceOf(AccessDeniedException.class);
    control.checkCanViewQueryOwnedBy(alice, alice);
    assertThatThrownBy(() -> control.checkCanKillQueryOwnedBy(alice, bob)).isInstanceOf(AccessDeniedException.class);
    assertThat(control.filterViewQueryOwnedBy(alice, List.of(alice, bob))).containsExactly(alice);
  }
}
