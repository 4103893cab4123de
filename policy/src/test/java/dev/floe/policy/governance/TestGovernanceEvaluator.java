package dev.floe.policy.governance;

import static dev.floe.policy.governance.GovernanceFixture.ANALYST;
import static dev.floe.policy.governance.GovernanceFixture.BIRTH;
import static dev.floe.policy.governance.GovernanceFixture.CARD;
import static dev.floe.policy.governance.GovernanceFixture.CRM;
import static dev.floe.policy.governance.GovernanceFixture.CUSTOMERS;
import static dev.floe.policy.governance.GovernanceFixture.EMAIL;
import static dev.floe.policy.governance.GovernanceFixture.NAME;
import static dev.floe.policy.governance.GovernanceFixture.PHONE;
import static dev.floe.policy.governance.GovernanceFixture.SCHEMA;
import static dev.floe.policy.governance.GovernanceFixture.SCORE;
import static dev.floe.policy.governance.GovernanceFixture.STEWARD;
import static dev.floe.policy.governance.GovernanceFixture.SUPPORT;
import static dev.floe.policy.governance.GovernanceFixture.TAGS;
import static dev.floe.policy.governance.GovernanceFixture.columnTag;
import static dev.floe.policy.governance.GovernanceFixture.everyoneExcept;
import static dev.floe.policy.governance.GovernanceFixture.onColumn;
import static dev.floe.policy.governance.GovernanceFixture.onTag;
import static dev.floe.policy.governance.GovernanceFixture.rolesExcept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
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
import dev.floe.policy.rbac.RbacAuthorizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One evaluation: access, visible columns, combined filters, one mask per column, fail closed. */
class TestGovernanceEvaluator {
  private static final String SALT = "pepper";
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final TableAccess ALLOW_ALL = (table, tags) -> Decision.allow("test", List.of());

  private static final List<TagAssignment> ASSIGNMENTS =
      List.of(
          columnTag(1, "pii.email", EMAIL),
          columnTag(2, "pii.phone", PHONE),
          columnTag(3, "pii.person_name", NAME),
          columnTag(4, "pii.date_of_birth", BIRTH),
          columnTag(5, "pii.payment_card", CARD));

  private static final RowFilterPolicy EU_ONLY =
      new RowFilterPolicy(100, 3, CUSTOMERS, GovernanceValidator.compileRowFilter("email LIKE '%.eu'", SCHEMA),
          rolesExcept("analysts", "stewards"));
  private static final RowFilterPolicy GOOD_SCORE =
      new RowFilterPolicy(90, 1, CUSTOMERS, GovernanceValidator.compileRowFilter("score >= 0", SCHEMA),
          Audience.everyone());
  private static final RowFilterPolicy SUPPORT_ONLY =
      new RowFilterPolicy(80, 1, CUSTOMERS, GovernanceValidator.compileRowFilter("name IS NOT NULL", SCHEMA),
          Audience.of(AudienceRule.appliesTo(AudienceKind.GROUP, "support_eu")));

  private static final List<ColumnMaskPolicy> MASKS =
      List.of(
          onTag(10, "pii", new Mask.Nullify(), everyoneExcept(AudienceKind.PRINCIPAL_ROLE, "stewards")),
          onTag(11, "pii.email", new Mask.EmailDomain(), everyoneExcept(AudienceKind.PRINCIPAL_ROLE, "stewards")),
          new ColumnMaskPolicy(12, 4, new MaskTarget.Column(CUSTOMERS, CARD), new Mask.ShowLast(4),
              Audience.of(AudienceRule.appliesTo(AudienceKind.GROUP, "support_eu"))),
          onTag(13, "pii.date_of_birth", new Mask.YearOnly(), Audience.everyone()));

  private static final GovernanceState STATE =
      new GovernanceState(42, TAGS, ASSIGNMENTS, List.of(EU_ONLY, GOOD_SCORE, SUPPORT_ONLY), MASKS);

  @Test
  void answersVisibleColumnsCombinedFiltersAndOneMaskPerColumn() {
    TableEvaluation answer =
        evaluate(STATE, ALLOW_ALL, ANALYST, columns("id", "email", "phone", "birth", "card", "score"));
    assertThat(answer.selectAllowed()).isTrue();
    assertThat(answer.reason()).isNull();
    assertThat(answer.visibleColumns()).containsExactly("id", "email", "phone", "birth", "card", "score");
    assertThat(answer.hiddenColumns()).isEmpty();
    // filters in id order, combined with AND; the support filter does not apply to analysts
    assertThat(answer.rowFilter()).isEqualTo("(\"score\" >= 0) AND (\"email\" LIKE '%.eu')");
    assertThat(answer.masks())
        .extracting(ColumnMask::column, ColumnMask::policyId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("email", 11L),
            org.assertj.core.groups.Tuple.tuple("phone", 10L),
            org.assertj.core.groups.Tuple.tuple("birth", 13L),
            org.assertj.core.groups.Tuple.tuple("card", 10L));
    assertThat(answer.masks().get(0).expression()).contains("regexp_extract(\"email\"").endsWith(" AS varchar)");
    assertThat(answer.masks().get(2).expression()).isEqualTo("CAST(date_trunc('year', \"birth\") AS date)");
    assertThat(answer.appliedPolicies())
        .containsExactly(
            new AppliedPolicy(90, 1, PolicyEffect.ROW_FILTER, null),
            new AppliedPolicy(100, 3, PolicyEffect.ROW_FILTER, null),
            new AppliedPolicy(11, 1, PolicyEffect.COLUMN_MASK, "email"),
            new AppliedPolicy(10, 1, PolicyEffect.COLUMN_MASK, "phone"),
            new AppliedPolicy(13, 1, PolicyEffect.COLUMN_MASK, "birth"),
            new AppliedPolicy(10, 1, PolicyEffect.COLUMN_MASK, "card"));
  }

  @Test
  void exemptionsLeaveColumnsUnmaskedAndSayWhichPolicyDecided() {
    TableEvaluation answer = evaluate(STATE, ALLOW_ALL, STEWARD, columns("email", "phone", "birth"));
    assertThat(answer.rowFilter()).isEqualTo("\"score\" >= 0");
    assertThat(answer.masks()).extracting(ColumnMask::column).containsExactly("birth");
    assertThat(answer.appliedPolicies())
        .contains(
            new AppliedPolicy(11, 1, PolicyEffect.MASK_EXEMPTION, "email"),
            new AppliedPolicy(10, 1, PolicyEffect.MASK_EXEMPTION, "phone"));
  }

  @Test
  void aColumnPolicyForAGroupBeatsTheTagMask() {
    TableEvaluation answer = evaluate(STATE, ALLOW_ALL, SUPPORT, columns("card"));
    assertThat(answer.masks())
        .containsExactly(new ColumnMask("card", CARD,
            "CAST(lpad(CASE WHEN length(\"card\") > 4 THEN substr(\"card\", -4) ELSE '' END, length(\"card\"), '*') AS varchar)",
            12, 4));
    assertThat(answer.rowFilter()).isEqualTo("(\"name\" IS NOT NULL) AND (\"score\" >= 0)");
  }

  @Test
  void aDeniedTableTellsNothingElse() {
    TableAccess denyAll = (table, tags) -> Decision.deny("no grant");
    TableEvaluation answer = evaluate(STATE, denyAll, ANALYST, columns("id", "email"));
    assertThat(answer.selectAllowed()).isFalse();
    assertThat(answer.reason()).isEqualTo("access denied");
    assertThat(answer.visibleColumns()).isEmpty();
    assertThat(answer.hiddenColumns()).extracting(HiddenColumn::column).containsExactly("id", "email");
    assertThat(answer.rowFilter()).isNull();
    assertThat(answer.masks()).isEmpty();
    assertThat(answer.appliedPolicies()).isEmpty();

    TableEvaluation broken = evaluate(STATE, (table, tags) -> { throw new IllegalStateException("boom"); }, ANALYST, columns("id"));
    assertThat(broken.selectAllowed()).isFalse();

    EvaluationResponse missing = GovernanceEvaluator.evaluate(STATE, ALLOW_ALL, table -> Optional.empty(), SALT, TTL,
        request(ANALYST, columns("id")));
    assertThat(missing.tables().get(0).reason()).isEqualTo("table not found");
  }

  @Test
  void delegatesTheSelectQuestionToTheAuthorizerWithTheTablesTags() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    CatalogRole readers = new CatalogRole("lake", "crm_readers");
    store.grant(readers, Privilege.TABLE_READ_DATA, CRM);
    store.assign("analysts", readers);
    RbacAuthorizer authorizer = new RbacAuthorizer(store);
    GovernanceState state =
        new GovernanceState(1, TAGS, List.of(TagAssignment.onSecurable(9, 1, "confidential", CRM)), List.of(), List.of());

    TableEvaluation allowed = evaluate(state,
        TableAccess.of(authorizer, new PrincipalContext(new Principal("ana", false), Set.of("analysts"))),
        ANALYST, columns("id"));
    assertThat(allowed.selectAllowed()).isTrue();
    TableEvaluation denied = evaluate(state,
        TableAccess.of(authorizer, new PrincipalContext(new Principal("sam", false), Set.of("support"))),
        SUPPORT, columns("id"));
    assertThat(denied.selectAllowed()).isFalse();
    assertThat(denied.reason()).isEqualTo("table not found");

    List<Set<String>> seenTags = new ArrayList<>();
    evaluate(state, (table, tags) -> { seenTags.add(tags); return Decision.allow("x", List.of()); }, ANALYST, columns("id"));
    assertThat(seenTags).containsExactly(Set.of("confidential"));

    TableAccess precomputed = TableAccess.precomputed(Map.of(CUSTOMERS, Decision.allow("x", List.of())));
    assertThat(evaluate(state, precomputed, ANALYST, columns("id")).selectAllowed()).isTrue();
    assertThat(TableAccess.precomputed(Map.of()).decideSelect(CUSTOMERS, Set.of()).allowed()).isFalse();
  }

  @Test
  void rendersCurrentNamesAfterARename() {
    TableSchema renamed =
        new TableSchema(SCHEMA.columns().stream()
            .map(column -> switch (column.fieldId()) {
              case EMAIL -> new SchemaColumn(EMAIL, "email_address", "string");
              case SCORE -> new SchemaColumn(SCORE, "credit_score", "int");
              default -> column;
            })
            .toList());
    TableEvaluation answer = GovernanceEvaluator.evaluate(STATE, ALLOW_ALL, table -> Optional.of(renamed), SALT, TTL,
        request(ANALYST, columns("email_address", "credit_score"))).tables().get(0);
    assertThat(answer.rowFilter()).isEqualTo("(\"credit_score\" >= 0) AND (\"email_address\" LIKE '%.eu')");
    assertThat(answer.masks()).singleElement().satisfies(mask -> {
      assertThat(mask.fieldId()).isEqualTo(EMAIL);
      assertThat(mask.expression()).contains("\"email_address\"").doesNotContain("\"email\"");
    });
    // the old name is not a column any more
    TableEvaluation stale = GovernanceEvaluator.evaluate(STATE, ALLOW_ALL, table -> Optional.of(renamed), SALT, TTL,
        request(ANALYST, List.of(ColumnRequest.named("email"), new ColumnRequest("email", EMAIL, "string")))).tables().get(0);
    assertThat(stale.visibleColumns()).isEmpty();
    assertThat(stale.hiddenColumns()).extracting(HiddenColumn::reason)
        .containsExactly("not in the table's current schema", "field id 2 is now named 'email_address' (stale schema)");
  }

  @Test
  void failsClosed() {
    // a filter over a dropped column denies the table
    TableSchema withoutScore =
        new TableSchema(SCHEMA.columns().stream().filter(column -> column.fieldId() != SCORE).toList());
    TableEvaluation dropped = GovernanceEvaluator.evaluate(STATE, ALLOW_ALL, table -> Optional.of(withoutScore), SALT, TTL,
        request(ANALYST, columns("id"))).tables().get(0);
    assertThat(dropped.selectAllowed()).isFalse();
    assertThat(dropped.reason()).isEqualTo("row filter policy 90 references field id 7, which is not in the table's current schema");

    // a tag mask that cannot serve the column's type, a nested column, a hash without salt: column hidden
    GovernanceState state = new GovernanceState(1, TAGS,
        List.of(columnTag(1, "pii.email", SCORE), columnTag(2, "pii", GovernanceFixture.ADDRESS), columnTag(3, "pii.phone", PHONE)),
        List.of(),
        List.of(onTag(10, "pii.email", new Mask.EmailDomain(), Audience.everyone()),
            onTag(11, "pii", new Mask.Nullify(), Audience.everyone()),
            onTag(12, "pii.phone", new Mask.Hash(), Audience.everyone())));
    TableEvaluation answer = GovernanceEvaluator.evaluate(state, ALLOW_ALL, table -> Optional.of(SCHEMA), "", TTL,
        request(ANALYST, columns("score", "address", "phone", "id"))).tables().get(0);
    assertThat(answer.visibleColumns()).containsExactly("id");
    assertThat(answer.masks()).isEmpty();
    assertThat(answer.hiddenColumns()).extracting(HiddenColumn::column).containsExactly("score", "address", "phone");
    assertThat(answer.hiddenColumns().get(0).reason()).contains("policy 10").contains("EMAIL_DOMAIN cannot serve");
    assertThat(answer.hiddenColumns().get(1).reason()).contains("no mask serves type struct");
    assertThat(answer.hiddenColumns().get(2).reason()).contains("salt");

    // a stale type is hidden too
    TableEvaluation staleType = evaluate(STATE, ALLOW_ALL, ANALYST, List.of(new ColumnRequest("score", SCORE, "long")));
    assertThat(staleType.hiddenColumns()).singleElement().satisfies(hidden -> assertThat(hidden.reason()).contains("now int"));
  }

  @Test
  void answersEachColumnOnceAndMatchesNamesIgnoringCase() {
    TableEvaluation answer = evaluate(STATE, ALLOW_ALL, ANALYST,
        List.of(ColumnRequest.named("EMAIL"), ColumnRequest.named("email"), new ColumnRequest("Id", 1, "LONG")));
    assertThat(answer.visibleColumns()).containsExactly("EMAIL", "Id");
    assertThat(answer.masks()).singleElement().satisfies(mask -> {
      assertThat(mask.column()).isEqualTo("EMAIL");
      assertThat(mask.expression()).contains("\"email\"");
    });
  }

  @Test
  void evaluatesSeveralTablesInOneCallInOrder() {
    Securable orders = Securable.table("lake", List.of("sales"), "orders");
    TableSchema ordersSchema = TableSchema.of(new SchemaColumn(1, "order_id", "long"));
    Map<Securable, TableSchema> schemas = Map.of(CUSTOMERS, SCHEMA, orders, ordersSchema);
    EvaluationRequest request = new EvaluationRequest(ANALYST, "lake", List.of(
        new TableRequest(List.of("sales"), "orders", columns("order_id")),
        new TableRequest(List.of("crm"), "customers", columns("email"))));
    AtomicInteger decisions = new AtomicInteger();
    EvaluationResponse response = GovernanceEvaluator.evaluate(STATE,
        (table, tags) -> { decisions.incrementAndGet(); return Decision.allow("x", List.of()); },
        table -> Optional.ofNullable(schemas.get(table)), SALT, TTL, request);
    assertThat(response.governanceVersion()).isEqualTo(42);
    assertThat(response.cacheTtlSeconds()).isEqualTo(30);
    assertThat(response.tables()).extracting(TableEvaluation::name).containsExactly("orders", "customers");
    assertThat(response.tables().get(0).masks()).isEmpty();
    assertThat(response.tables().get(0).rowFilter()).isNull();
    assertThat(response.tables().get(1).masks()).hasSize(1);
    assertThat(decisions).hasValue(2);
  }

  @Test
  void evaluatesA250ColumnTableWith50MaskedColumnsAnd2FiltersInOneCall() {
    List<SchemaColumn> columns = new ArrayList<>();
    List<TagAssignment> assignments = new ArrayList<>();
    for (int fieldId = 1; fieldId <= 250; fieldId++) {
      String type = switch (fieldId % 5) {
        case 0 -> "long";
        case 1 -> "date";
        case 2 -> "decimal(12,2)";
        case 3 -> "timestamptz";
        default -> "string";
      };
      columns.add(new SchemaColumn(fieldId, "c" + fieldId, type));
      if (fieldId % 5 == 0) {
        assignments.add(columnTag(fieldId, "pii.national_id", fieldId)); // 50 long columns
      }
    }
    TableSchema wide = new TableSchema(columns);
    List<RowFilterPolicy> filters = List.of(
        new RowFilterPolicy(1, 1, CUSTOMERS, GovernanceValidator.compileRowFilter("c4 = 'EU'", wide), Audience.everyone()),
        new RowFilterPolicy(2, 1, CUSTOMERS, GovernanceValidator.compileRowFilter("c5 > 0 AND c1 < current_date", wide), Audience.everyone()));
    List<ColumnMaskPolicy> masks = List.of(
        onTag(3, "pii", new Mask.Nullify(), Audience.everyone()),
        onTag(4, "pii.national_id", new Mask.Hash(), everyoneExcept(AudienceKind.PRINCIPAL, "nobody")));
    GovernanceState state = new GovernanceState(7, TAGS, assignments, filters, masks);
    List<ColumnRequest> asked = columns.stream()
        .map(column -> new ColumnRequest(column.name(), column.fieldId(), column.type())).toList();

    Map<Securable, Integer> schemaLookups = new HashMap<>();
    Function<Securable, Optional<TableSchema>> schemas = table -> {
      schemaLookups.merge(table, 1, Integer::sum);
      return Optional.of(wide);
    };
    AtomicInteger decisions = new AtomicInteger();
    EvaluationResponse response = GovernanceEvaluator.evaluate(state,
        (table, tags) -> { decisions.incrementAndGet(); return Decision.allow("x", List.of()); },
        schemas, SALT, TTL, new EvaluationRequest(ANALYST, "lake", List.of(new TableRequest(List.of("crm"), "customers", asked))));

    assertThat(decisions).hasValue(1);
    assertThat(schemaLookups).containsExactly(Map.entry(CUSTOMERS, 1));
    TableEvaluation answer = response.tables().get(0);
    assertThat(answer.visibleColumns()).hasSize(250);
    assertThat(answer.hiddenColumns()).isEmpty();
    assertThat(answer.rowFilter()).isEqualTo("(\"c4\" = 'EU') AND (\"c5\" > 0 AND \"c1\" < current_date)");
    assertThat(answer.masks()).hasSize(50).allSatisfy(mask -> {
      assertThat(mask.fieldId() % 5).isZero();
      assertThat(mask.policyId()).isEqualTo(4);
      assertThat(mask.expression())
          .isEqualTo("CAST(from_big_endian_64(substr(sha256(to_utf8(concat('pepper', CAST(\"" + mask.column()
              + "\" AS varchar)))), 1, 8)) AS bigint)");
    });
    assertThat(answer.appliedPolicies()).hasSize(52);
  }

  @Test
  void theAnswerRecordsKeepTheirPromises() {
    assertThatThrownBy(() -> new TableEvaluation(List.of("a"), "t", false, "no", List.of("x"), List.of(), null, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TableEvaluation(List.of("a"), "t", true, null, List.of("x"), List.of(), null,
        List.of(new ColumnMask("x", 1, "NULL", 1, 1), new ColumnMask("x", 1, "NULL", 2, 1)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one mask per column");
    assertThatThrownBy(() -> new AppliedPolicy(1, 1, PolicyEffect.COLUMN_MASK, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersForEveryCurrentColumnWhenAskedForAll() {
    EvaluationRequest request =
        new EvaluationRequest(ANALYST, "lake", List.of(TableRequest.allColumnsOf(List.of("crm"), "customers")));
    TableEvaluation all =
        GovernanceEvaluator.evaluate(STATE, ALLOW_ALL, table -> Optional.of(SCHEMA), SALT, TTL, request).tables().get(0);
    List<String> everyColumn = SCHEMA.columns().stream().map(SchemaColumn::name).toList();
    TableEvaluation named =
        evaluate(STATE, ALLOW_ALL, ANALYST, columns(everyColumn.toArray(String[]::new)));
    assertThat(all.visibleColumns()).containsExactlyElementsOf(everyColumn);
    assertThat(all.rowFilter()).isEqualTo(named.rowFilter());
    assertThat(all.masks()).isEqualTo(named.masks());
    assertThat(all.appliedPolicies()).isEqualTo(named.appliedPolicies());
  }

  private static TableEvaluation evaluate(GovernanceState state, TableAccess access, CallerIdentity caller, List<ColumnRequest> columns) {
    return GovernanceEvaluator.evaluate(state, access, table -> Optional.of(SCHEMA), SALT, TTL, request(caller, columns))
        .tables().get(0);
  }

  private static EvaluationRequest request(CallerIdentity caller, List<ColumnRequest> columns) {
    return new EvaluationRequest(caller, "lake", List.of(new TableRequest(List.of("crm"), "customers", columns)));
  }

  private static List<ColumnRequest> columns(String... names) {
    return java.util.Arrays.stream(names).map(ColumnRequest::named).toList();
  }
}
