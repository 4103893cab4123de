package dev.floe.policy.governance;

import static dev.floe.policy.governance.GovernanceFixture.ANALYST;
import static dev.floe.policy.governance.GovernanceFixture.CRM;
import static dev.floe.policy.governance.GovernanceFixture.CUSTOMERS;
import static dev.floe.policy.governance.GovernanceFixture.EMAIL;
import static dev.floe.policy.governance.GovernanceFixture.ID;
import static dev.floe.policy.governance.GovernanceFixture.NOTES;
import static dev.floe.policy.governance.GovernanceFixture.PHONE;
import static dev.floe.policy.governance.GovernanceFixture.SCHEMA;
import static dev.floe.policy.governance.GovernanceFixture.SCORE;
import static dev.floe.policy.governance.GovernanceFixture.STEWARD;
import static dev.floe.policy.governance.GovernanceFixture.TAGS;
import static dev.floe.policy.governance.GovernanceFixture.columnTag;
import static dev.floe.policy.governance.GovernanceFixture.everyoneExcept;
import static dev.floe.policy.governance.GovernanceFixture.onTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.policy.Decision;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.RestrictionSource.ExtraMask;
import dev.floe.policy.governance.RestrictionSource.Restrictions;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.PolicyEffect;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How the evaluator combines a {@link RestrictionSource}'s row filters and masks with Floe's own,
 * and how it fails closed on what a source cannot answer or answers wrongly. The source is a
 * hand-written fake; {@code ITOpaRestrictionsContract} runs the same combination against OPA.
 */
class TestGovernanceRestrictions {
  private static final String SALT = "pepper";
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final Securable ORDERS = Securable.table("lake", List.of("sales"), "orders");
  private static final TableSchema ORDERS_SCHEMA =
      TableSchema.of(new SchemaColumn(1, "order_id", "long"), new SchemaColumn(2, "region", "string"));

  private static final RowFilterPolicy GOOD_SCORE =
      new RowFilterPolicy(
          90, 2, CUSTOMERS, GovernanceValidator.compileRowFilter("score >= 0", SCHEMA), Audience.everyone());

  private static final GovernanceState STATE =
      new GovernanceState(
          7,
          TAGS,
          List.of(
              columnTag(1, "pii.email", EMAIL),
              columnTag(2, "pii.phone", PHONE),
              TagAssignment.onSecurable(3, 1, "confidential", CRM)),
          List.of(GOOD_SCORE),
          List.of(
              onTag(11, "pii.email", new Mask.EmailDomain(), everyoneExcept(AudienceKind.PRINCIPAL_ROLE, "stewards"))));

  /** A source that answers what a test set and records what it was asked. */
  private static final class FakeSource implements RestrictionSource {
    final List<List<Table>> calls = new ArrayList<>();
    List<Restrictions> answer;
    RuntimeException failure;

    @Override
    public List<Restrictions> restrictions(CallerIdentity caller, String catalog, List<Table> tables) {
      calls.add(tables);
      if (failure != null) {
        throw failure;
      }
      return answer;
    }

    FakeSource answering(Restrictions... restrictions) {
      answer = List.of(restrictions);
      return this;
    }
  }

  @Test
  void theExistingOverloadIsTheEvaluationWithNoRestrictions() {
    EvaluationRequest request = request(ANALYST, columns("id", "email", "phone"));
    EvaluationResponse builtIn =
        GovernanceEvaluator.evaluate(STATE, allowAll(), table -> Optional.of(SCHEMA), SALT, TTL, request);
    EvaluationResponse none =
        GovernanceEvaluator.evaluate(
            STATE, allowAll(), RestrictionSource.none(), table -> Optional.of(SCHEMA), SALT, TTL, request);
    EvaluationResponse emptyAnswer =
        GovernanceEvaluator.evaluate(
            STATE,
            allowAll(),
            new FakeSource().answering(Restrictions.NONE),
            table -> Optional.of(SCHEMA),
            SALT,
            TTL,
            request);
    assertThat(none).isEqualTo(builtIn);
    assertThat(emptyAnswer).isEqualTo(builtIn);
  }

  @Test
  void sourceFiltersAreAndedAfterFloesOwn() {
    FakeSource source =
        new FakeSource()
            .answering(new Restrictions(List.of("NAME <> 'x'", "id IN (1, 2)"), Map.of()));
    TableEvaluation answer = evaluate(source, ANALYST, columns("id"));
    assertThat(answer.rowFilter())
        .as("names are resolved without case and quoted, as Floe's own filters")
        .isEqualTo("(\"score\" >= 0) AND (\"name\" <> 'x') AND (\"id\" IN (1, 2))");
    assertThat(answer.appliedPolicies())
        .containsExactly(
            new AppliedPolicy(90, 2, PolicyEffect.ROW_FILTER, null),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, null),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, null));

    TableEvaluation alone =
        evaluate(
            new GovernanceState(1, TAGS, List.of(), List.of(), List.of()),
            new FakeSource().answering(new Restrictions(List.of("score > 10"), Map.of())),
            ANALYST,
            columns("id"));
    assertThat(alone.rowFilter()).as("a single filter stays unparenthesized").isEqualTo("\"score\" > 10");
  }

  @Test
  void aSourceMaskAppliesToAColumnFloeLeavesUnmasked() {
    FakeSource source =
        new FakeSource()
            .answering(
                new Restrictions(
                    List.of(),
                    Map.of(
                        PHONE, new ExtraMask.Library(new Mask.ShowLast(4)),
                        ID, new ExtraMask.Library(new Mask.Hash()),
                        NOTES, new ExtraMask.Sql("substr(NOTES, 1, 3) || '…'"))));
    TableEvaluation answer = evaluate(source, ANALYST, columns("phone", "id", "notes", "score"));
    assertThat(answer.visibleColumns()).containsExactly("phone", "id", "notes", "score");
    assertThat(answer.masks())
        .containsExactly(
            new ColumnMask(
                "phone",
                PHONE,
                "CAST(lpad(CASE WHEN length(\"phone\") > 4 THEN substr(\"phone\", -4) ELSE '' END, length(\"phone\"), '*') AS varchar)",
                0,
                0),
            new ColumnMask(
                "id",
                ID,
                "CAST(from_big_endian_64(substr(sha256(to_utf8(concat('pepper', CAST(\"id\" AS varchar)))), 1, 8)) AS bigint)",
                0,
                0),
            new ColumnMask("notes", NOTES, "substr(\"notes\", 1, 3) || '…'", 0, 0));
    assertThat(answer.appliedPolicies())
        .containsExactly(
            new AppliedPolicy(90, 2, PolicyEffect.ROW_FILTER, null),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, "phone"),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, "id"),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, "notes"));
  }

  @Test
  void aFloeMaskStaysWhenTheSourceAlsoMasksTheColumn() {
    FakeSource source =
        new FakeSource()
            .answering(new Restrictions(List.of(), Map.of(EMAIL, new ExtraMask.Library(new Mask.Nullify()))));
    TableEvaluation answer = evaluate(source, ANALYST, columns("email"));
    assertThat(answer.masks()).extracting(ColumnMask::policyId).containsExactly(11L);
    assertThat(answer.masks().get(0).expression()).contains("regexp_extract(\"email\"");
    assertThat(answer.appliedPolicies()).contains(new AppliedPolicy(11, 1, PolicyEffect.COLUMN_MASK, "email"));
    assertThat(answer.appliedPolicies()).extracting(AppliedPolicy::effect).doesNotContain(PolicyEffect.OPA_COLUMN_MASK);
  }

  @Test
  void aSourceMaskOverridesAFloeExemption() {
    FakeSource source =
        new FakeSource()
            .answering(new Restrictions(List.of(), Map.of(EMAIL, new ExtraMask.Library(new Mask.Nullify()))));
    TableEvaluation withoutSource = evaluate(new FakeSource().answering(Restrictions.NONE), STEWARD, columns("email"));
    assertThat(withoutSource.masks()).isEmpty();
    assertThat(withoutSource.appliedPolicies()).contains(new AppliedPolicy(11, 1, PolicyEffect.MASK_EXEMPTION, "email"));

    TableEvaluation answer = evaluate(source, STEWARD, columns("email"));
    assertThat(answer.masks()).containsExactly(new ColumnMask("email", EMAIL, "CAST(NULL AS varchar)", 0, 0));
    assertThat(answer.appliedPolicies())
        .containsExactly(
            new AppliedPolicy(90, 2, PolicyEffect.ROW_FILTER, null),
            new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, "email"));
  }

  @Test
  void theSourceSeesAllowedTablesWithSchemaTagsAndVisibleColumnsOnce() {
    FakeSource source = new FakeSource().answering(Restrictions.NONE, Restrictions.NONE);
    Securable secret = Securable.table("lake", List.of("crm"), "secret");
    EvaluationRequest request =
        new EvaluationRequest(
            ANALYST,
            "lake",
            List.of(
                new TableRequest(
                    List.of("crm"),
                    "customers",
                    List.of(
                        ColumnRequest.named("phone"),
                        ColumnRequest.named("PHONE"),
                        ColumnRequest.named("gone"),
                        ColumnRequest.named("id"))),
                new TableRequest(List.of("crm"), "secret", columns("id")),
                new TableRequest(List.of("sales"), "orders", columns("region"))));
    EvaluationResponse response =
        GovernanceEvaluator.evaluate(
            STATE,
            (table, tags) -> table.equals(secret) ? Decision.deny("no") : Decision.allow("test", List.of()),
            source,
            table -> Optional.of(table.equals(ORDERS) ? ORDERS_SCHEMA : SCHEMA),
            SALT,
            TTL,
            request);

    assertThat(source.calls).as("one question per evaluation").hasSize(1);
    List<RestrictionSource.Table> asked = source.calls.get(0);
    assertThat(asked).extracting(RestrictionSource.Table::table).containsExactly(CUSTOMERS, ORDERS);
    assertThat(asked.get(0).schema()).isEqualTo(SCHEMA);
    assertThat(asked.get(0).tags()).containsExactly("confidential");
    assertThat(asked.get(0).columns())
        .as("visible columns only, each once, with their own and inherited tags")
        .extracting(column -> column.column().name(), RestrictionSource.Column::tags)
        .containsExactly(tuple("phone", Set.of("pii.phone", "confidential")), tuple("id", Set.of("confidential")));
    assertThat(asked.get(1).tags()).isEmpty();
    assertThat(response.tables()).extracting(TableEvaluation::selectAllowed).containsExactly(true, false, true);
  }

  @Test
  void nothingIsAskedWhenNoTableIsAllowed() {
    FakeSource source = new FakeSource();
    source.failure = new IllegalStateException("must not be asked");
    TableEvaluation answer =
        GovernanceEvaluator.evaluate(
                STATE,
                (table, tags) -> Decision.deny("no grant"),
                source,
                table -> Optional.of(SCHEMA),
                SALT,
                TTL,
                request(ANALYST, columns("id")))
            .tables()
            .get(0);
    assertThat(source.calls).isEmpty();
    assertThat(answer.reason()).isEqualTo("access denied");
  }

  @Test
  void aSourceThatCannotAnswerDeniesEveryTableItWasAskedAbout() {
    FakeSource failing = new FakeSource();
    failing.failure = new IllegalStateException("cannot reach OPA at http://127.0.0.1:1");
    EvaluationResponse response = evaluateTwoTables(failing);
    assertThat(response.tables()).extracting(TableEvaluation::selectAllowed).containsExactly(false, false);
    assertThat(response.tables().get(0).reason())
        .isEqualTo("OPA restrictions unavailable: cannot reach OPA at http://127.0.0.1:1");
    assertThat(response.tables().get(0).hiddenColumns()).hasSize(2);

    for (List<Restrictions> wrong :
        Arrays.asList(null, List.of(Restrictions.NONE), List.of(Restrictions.NONE, Restrictions.NONE, Restrictions.NONE))) {
      FakeSource miscounting = new FakeSource();
      miscounting.answer = wrong;
      assertThat(evaluateTwoTables(miscounting).tables())
          .as("answered %s", wrong)
          .allSatisfy(
              table -> {
                assertThat(table.selectAllowed()).isFalse();
                assertThat(table.reason()).startsWith("OPA restrictions unavailable: answered");
              });
    }
  }

  @Test
  void anInvalidFilterDeniesItsTableOnly() {
    for (String filter :
        List.of(
            "region = ",
            "no_such_column = 1",
            "score + 1",
            "id IN (SELECT 1)",
            "",
            "name = 'x') OR (1 = 1")) {
      FakeSource source =
          new FakeSource().answering(new Restrictions(List.of(filter), Map.of()), Restrictions.NONE);
      EvaluationResponse response = evaluateTwoTables(source);
      TableEvaluation customers = response.tables().get(0);
      assertThat(customers.selectAllowed()).as(filter).isFalse();
      assertThat(customers.reason()).as(filter).startsWith("OPA row filter '" + filter + "' is invalid: ");
      assertThat(customers.rowFilter()).isNull();
      assertThat(response.tables().get(1).selectAllowed()).as("the other table").isTrue();
    }
  }

  @Test
  void anInvalidMaskDeniesItsTable() {
    Map<String, Map<Integer, ExtraMask>> invalid =
        Map.of(
            "a library mask of another type", Map.of(SCORE, new ExtraMask.Library(new Mask.ShowLast(2))),
            "a mask on a nested column", Map.of(9, new ExtraMask.Library(new Mask.Nullify())),
            "an SQL mask that does not parse", Map.of(PHONE, new ExtraMask.Sql("substr(phone,")),
            "an SQL mask over an unknown column", Map.of(PHONE, new ExtraMask.Sql("upper(fone)")),
            "an SQL mask with a subquery", Map.of(PHONE, new ExtraMask.Sql("(SELECT max(phone) FROM t)")),
            "a mask on a column that was not asked", Map.of(NOTES, new ExtraMask.Library(new Mask.Nullify())),
            "a column that is not in the schema", Map.of(99, new ExtraMask.Library(new Mask.Nullify())));
    invalid.forEach(
        (what, masks) -> {
          TableEvaluation answer =
              evaluate(new FakeSource().answering(new Restrictions(List.of(), masks)), ANALYST, columns("phone", "score", "address"));
          assertThat(answer.selectAllowed()).as(what).isFalse();
          assertThat(answer.reason()).as(what).startsWith("OPA mask");
        });
    TableEvaluation noSalt =
        GovernanceEvaluator.evaluate(
                STATE,
                allowAll(),
                new FakeSource().answering(new Restrictions(List.of(), Map.of(PHONE, new ExtraMask.Library(new Mask.Hash())))),
                table -> Optional.of(SCHEMA),
                "",
                TTL,
                request(ANALYST, columns("phone")))
            .tables()
            .get(0);
    assertThat(noSalt.selectAllowed()).as("a HASH without the catalog's salt").isFalse();
  }

  @Test
  void aFloeMaskThatHidesItsColumnKeepsItHiddenAndUnasked() {
    GovernanceState nested =
        new GovernanceState(
            1,
            TAGS,
            List.of(columnTag(1, "pii", 9)),
            List.of(),
            List.of(onTag(5, "pii", new Mask.Nullify(), Audience.everyone())));
    FakeSource source = new FakeSource().answering(Restrictions.NONE);
    TableEvaluation answer = evaluate(nested, source, ANALYST, columns("address", "id"));
    assertThat(answer.hiddenColumns()).extracting(hidden -> hidden.column()).containsExactly("address");
    assertThat(source.calls.get(0).get(0).columns()).extracting(column -> column.column().name()).containsExactly("id");
  }

  private static EvaluationResponse evaluateTwoTables(RestrictionSource source) {
    EvaluationRequest request =
        new EvaluationRequest(
            ANALYST,
            "lake",
            List.of(
                new TableRequest(List.of("crm"), "customers", columns("id", "phone")),
                new TableRequest(List.of("sales"), "orders", columns("region"))));
    return GovernanceEvaluator.evaluate(
        STATE,
        allowAll(),
        source,
        table -> Optional.of(table.equals(ORDERS) ? ORDERS_SCHEMA : SCHEMA),
        SALT,
        TTL,
        request);
  }

  private static TableEvaluation evaluate(RestrictionSource source, CallerIdentity caller, List<ColumnRequest> columns) {
    return evaluate(STATE, source, caller, columns);
  }

  private static TableEvaluation evaluate(
      GovernanceState state, RestrictionSource source, CallerIdentity caller, List<ColumnRequest> columns) {
    return GovernanceEvaluator.evaluate(
            state, allowAll(), source, table -> Optional.of(SCHEMA), SALT, TTL, request(caller, columns))
        .tables()
        .get(0);
  }

  private static TableAccess allowAll() {
    return (table, tags) -> Decision.allow("test", List.of());
  }

  private static EvaluationRequest request(CallerIdentity caller, List<ColumnRequest> columns) {
    return new EvaluationRequest(caller, "lake", List.of(new TableRequest(List.of("crm"), "customers", columns)));
  }

  private static List<ColumnRequest> columns(String... names) {
    return Arrays.stream(names).map(ColumnRequest::named).toList();
  }
}
