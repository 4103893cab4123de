package dev.floe.policy.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestContractChecker {
  private static final ContractSchema BASE =
      ContractSchema.of(
          List.of(
              ContractColumn.topLevel(1, "id", "long", true),
              ContractColumn.topLevel(2, "amount", "decimal(10, 2)", false),
              ContractColumn.topLevel(3, "count", "int", false),
              ContractColumn.topLevel(4, "ratio", "float", false),
              ContractColumn.topLevel(5, "note", "string", false)));

  private static ContractSchema change(ContractColumn... columns) {
    return ContractSchema.of(List.of(columns));
  }

  private static ContractRules rules(String json) throws Exception {
    return ContractRules.parse(new ObjectMapper().readTree(json));
  }

  private static List<ContractViolation> check(ContractSchema after, String rules) throws Exception {
    return ContractChecker.check(BASE, after, List.of(rules(rules)), Map.of());
  }

  @Test
  void requiredColumnCannotBeDroppedOrRenamed() throws Exception {
    String rules = "{\"required-columns\": [\"id\", \"absent\"]}";
    List<ContractViolation> dropped =
        check(change(column(2), column(3), column(4), column(5)), rules);
    assertThat(dropped).singleElement().satisfies(violation -> {
      assertThat(violation.rule()).isEqualTo("required-columns");
      assertThat(violation.column()).isEqualTo("id");
      assertThat(violation.message()).contains("drops a required column").contains("to comply");
    });
    List<ContractViolation> renamed =
        check(change(ContractColumn.topLevel(1, "identifier", "long", true), column(2), column(3), column(4), column(5)), rules);
    assertThat(renamed).singleElement().satisfies(violation -> assertThat(violation.problem()).contains("renames").contains("identifier"));
    // other columns may go
    assertThat(check(change(column(1), column(2)), rules)).isEmpty();
  }

  @Test
  void typesOnlyWiden() throws Exception {
    String rules = "{\"types-only-widen\": true}";
    assertThat(check(change(column(1), ContractColumn.topLevel(2, "amount", "decimal(12, 2)", false),
        ContractColumn.topLevel(3, "count", "long", false), ContractColumn.topLevel(4, "ratio", "double", false), column(5)), rules))
        .isEmpty();
    List<ContractViolation> violations =
        check(change(ContractColumn.topLevel(1, "id", "int", true), ContractColumn.topLevel(2, "amount", "decimal(12, 3)", false),
            ContractColumn.topLevel(3, "count", "string", false), column(4), column(5)), rules);
    assertThat(violations).extracting(ContractViolation::column).containsExactlyInAnyOrder("id", "amount", "count");
    assertThat(violations).allSatisfy(violation -> assertThat(violation.rule()).isEqualTo("types-only-widen"));
    assertThat(ContractChecker.isPromotionAllowed("decimal(10, 2)", "decimal(9, 2)")).isFalse();
    assertThat(ContractChecker.isPromotionAllowed("long", "int")).isFalse();
    assertThat(ContractChecker.isPromotionAllowed("double", "float")).isFalse();
  }

  @Test
  void columnNamePatternAppliesToNewAndRenamedColumns() throws Exception {
    String rules = "{\"column-name-pattern\": \"^[a-z_][a-z0-9_]*$\"}";
    ContractSchema base = change(ContractColumn.topLevel(1, "LegacyId", "long", true));
    ContractRules contract = rules(rules);
    assertThat(ContractChecker.check(base, change(ContractColumn.topLevel(1, "LegacyId", "long", true),
        ContractColumn.topLevel(2, "good_name", "string", false)), List.of(contract), Map.of())).isEmpty();
    List<ContractViolation> violations = ContractChecker.check(base, change(ContractColumn.topLevel(1, "LegacyId", "long", true),
        ContractColumn.topLevel(2, "BadName", "string", false)), List.of(contract), Map.of());
    assertThat(violations).singleElement().satisfies(violation -> {
      assertThat(violation.rule()).isEqualTo("column-name-pattern");
      assertThat(violation.column()).isEqualTo("BadName");
    });
    assertThat(ContractChecker.check(base, change(ContractColumn.topLevel(1, "AlsoBad", "long", true)), List.of(contract), Map.of()))
        .extracting(ContractViolation::column).containsExactly("AlsoBad");
  }

  @Test
  void noBreakingChange() throws Exception {
    String rules = "{\"no-breaking-change\": true}";
    List<ContractViolation> violations =
        check(change(column(1), ContractColumn.topLevel(2, "total", "decimal(10, 2)", false),
            ContractColumn.topLevel(3, "count", "int", true), column(5),
            ContractColumn.topLevel(6, "added", "string", true), ContractColumn.topLevel(7, "fine", "string", false)), rules);
    assertThat(violations).extracting(ContractViolation::column).containsExactlyInAnyOrder("amount", "count", "ratio", "added");
    assertThat(violations).extracting(ContractViolation::problem).anySatisfy(problem -> assertThat(problem).contains("drops"))
        .anySatisfy(problem -> assertThat(problem).contains("renames")).anySatisfy(problem -> assertThat(problem).contains("optional column required"));
    // required to optional is not breaking; a dropped struct is reported once
    ContractSchema nested = change(ContractColumn.topLevel(1, "id", "long", true), ContractColumn.topLevel(2, "address", "struct<3: city: optional string>", false),
        new ContractColumn(3, "address.city", "string", false, Optional.empty(), Optional.of(2)));
    assertThat(ContractChecker.check(nested, change(ContractColumn.topLevel(1, "id", "long", false)), List.of(rules(rules)), Map.of()))
        .extracting(ContractViolation::column).containsExactly("address");
  }

  @Test
  void piiColumnsTagged() throws Exception {
    String rules = "{\"pii-columns-tagged\": true, \"not-pii\": [\"email_campaign_id\"]}";
    ContractSchema after =
        change(column(1), column(2), column(3), column(4), column(5),
            ContractColumn.topLevel(6, "customer_email", "string", false),
            ContractColumn.topLevel(7, "email_campaign_id", "long", false),
            ContractColumn.topLevel(8, "product_name", "string", false),
            ContractColumn.topLevel(9, "lastName", "string", false),
            new ContractColumn(10, "contact", "string", false, Optional.of("The customer's phone number"), Optional.empty()),
            ContractColumn.topLevel(11, "shipping_address", "string", false));
    List<ContractViolation> untagged = ContractChecker.check(BASE, after, List.of(rules(rules)), Map.of(11, Set.of("pii.postal_address")));
    assertThat(untagged).extracting(ContractViolation::column).containsExactly("customer_email", "lastName", "contact");
    assertThat(untagged.getFirst().remedy()).contains("not-pii");
    // existing columns are not checked, whatever their names
    ContractSchema withEmail = change(ContractColumn.topLevel(1, "email", "string", false));
    assertThat(ContractChecker.check(withEmail, withEmail, List.of(rules(rules)), Map.of())).isEmpty();
  }

  @Test
  void inheritedRulesAllApply() throws Exception {
    List<ContractViolation> violations =
        ContractChecker.check(BASE, change(column(2), ContractColumn.topLevel(3, "Count", "int", false), column(4), column(5)),
            List.of(rules("{\"required-columns\": [\"id\"]}"), rules("{\"column-name-pattern\": \"[a-z]+\"}")), Map.of());
    assertThat(violations).extracting(ContractViolation::rule).containsExactly("required-columns", "column-name-pattern");
  }

  @Test
  void invalidRulesNameTheInput() {
    assertThatThrownBy(() -> rules("{\"column-name-pattern\": \"[a-z\"}")).isInstanceOf(ContractValidationException.class)
        .hasMessageContaining("column-name-pattern").hasMessageContaining("[a-z");
    assertThatThrownBy(() -> rules("{\"no-drops\": true}")).isInstanceOf(ContractValidationException.class).hasMessageContaining("Unknown rule 'no-drops'");
    assertThatThrownBy(() -> rules("{\"types-only-widen\": \"yes\"}")).isInstanceOf(ContractValidationException.class).hasMessageContaining("types-only-widen");
    assertThatThrownBy(() -> rules("{\"required-columns\": [1]}")).isInstanceOf(ContractValidationException.class).hasMessageContaining("required-columns");
    assertThatThrownBy(() -> rules("{}")).isInstanceOf(ContractValidationException.class).hasMessageContaining("at least one rule");
  }

  @Test
  void rulesRoundTripThroughJson() throws Exception {
    ContractRules rules = rules("{\"required-columns\": [\"id\"], \"types-only-widen\": true, \"column-name-pattern\": \"[a-z]+\", \"pii-columns-tagged\": true, \"not-pii\": [\"x\"]}");
    assertThat(ContractRules.parse(rules.toJson())).isEqualTo(rules);
  }

  private static ContractColumn column(int fieldId) {
    return BASE.byFieldId(fieldId).orElseThrow();
  }
}
