package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.contracts.ContractChecker;
import dev.floe.policy.contracts.ContractColumn;
import dev.floe.policy.contracts.ContractRules;
import dev.floe.policy.contracts.ContractSchema;
import dev.floe.policy.contracts.ContractViolation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TestSchemaContractSchemas {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "address", Types.StructType.of(
              Types.NestedField.optional(3, "city", Types.StringType.get(), "Where the customer lives"))),
          Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)));

  @Test
  void nestedFieldsHaveFullNamesParentsTypesAndDocs() {
    ContractSchema schema = SchemaContractEnforcement.contractSchema(SCHEMA);
    assertThat(schema.columns()).extracting(ContractColumn::name).containsExactly("id", "address", "address.city", "amount");
    ContractColumn city = schema.byFieldId(3).orElseThrow();
    assertThat(city.parentFieldId()).contains(2);
    assertThat(city.doc()).contains("Where the customer lives");
    assertThat(city.leafName()).isEqualTo("city");
    assertThat(schema.byFieldId(1).orElseThrow().required()).isTrue();
    assertThat(schema.byFieldId(1).orElseThrow().parentFieldId()).isEmpty();
  }

  /** The type strings of the conversion are those the checker's promotion rules read. */
  @Test
  void icebergPromotionsPassTheCheckerAndOthersDoNot() {
    ContractRules widen = new ContractRules(Set.of(), true, Optional.empty(), false, false, Set.of());
    Schema widened =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "address", Types.StructType.of(Types.NestedField.optional(3, "city", Types.StringType.get()))),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 2)));
    assertThat(check(SCHEMA, widened, widen)).isEmpty();
    Schema changedScale =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "address", Types.StructType.of(Types.NestedField.optional(3, "city", Types.StringType.get()))),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(12, 3)));
    assertThat(check(SCHEMA, changedScale, widen)).extracting(ContractViolation::column).containsExactly("amount");
  }

  private static List<ContractViolation> check(Schema before, Schema after, ContractRules rules) {
    return ContractChecker.check(
        SchemaContractEnforcement.contractSchema(before), SchemaContractEnforcement.contractSchema(after), List.of(rules), Map.of());
  }
}
