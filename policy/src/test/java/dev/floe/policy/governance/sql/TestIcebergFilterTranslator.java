package dev.floe.policy.governance.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.sql.IcebergFilter.And;
import dev.floe.policy.governance.sql.IcebergFilter.Comparison;
import dev.floe.policy.governance.sql.IcebergFilter.Constant;
import dev.floe.policy.governance.sql.IcebergFilter.In;
import dev.floe.policy.governance.sql.IcebergFilter.IsNull;
import dev.floe.policy.governance.sql.IcebergFilter.Operator;
import dev.floe.policy.governance.sql.IcebergFilter.Or;
import dev.floe.policy.governance.sql.IcebergFilterTranslator.UntranslatableFilterException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestIcebergFilterTranslator {
  private static final TableSchema SCHEMA =
      TableSchema.of(
          new SchemaColumn(1, "id", "long"),
          new SchemaColumn(2, "Region", "string"),
          new SchemaColumn(3, "amount", "decimal(10,2)"),
          new SchemaColumn(4, "active", "boolean"),
          new SchemaColumn(5, "day", "date"),
          new SchemaColumn(6, "owner", "string"),
          new SchemaColumn(7, "address", "struct<8: city: string>"));

  private static IcebergFilter translate(String sql) {
    return IcebergFilterTranslator.translate(sql, SCHEMA, "alice");
  }

  private static IcebergFilter notNull(String column) {
    return new IsNull(column, true);
  }

  private static IcebergFilter compare(String column, Operator operator, Object literal) {
    return new And(notNull(column), new Comparison(column, operator, literal));
  }

  @Test
  void comparisonsHoldOnlyForNonNullColumnsAndUseTheCurrentName() {
    assertThat(translate("\"region\" = 'EU'")).isEqualTo(compare("Region", Operator.EQ, "EU"));
    assertThat(translate("id >= 10")).isEqualTo(compare("id", Operator.GT_EQ, 10L));
    assertThat(translate("amount < 12.50")).isEqualTo(compare("amount", Operator.LT, new BigDecimal("12.50")));
    assertThat(translate("id <> -3")).isEqualTo(compare("id", Operator.NOT_EQ, -3L));
  }

  @Test
  void aLiteralOnTheLeftIsSwapped() {
    assertThat(translate("10 < id")).isEqualTo(compare("id", Operator.GT, 10L));
  }

  @Test
  void notIsPushedDownWithoutLettingNullsThrough() {
    // NOT (region = 'EU') is TRUE only for non-null regions other than EU, as in Trino
    assertThat(translate("NOT (region = 'EU')")).isEqualTo(compare("Region", Operator.NOT_EQ, "EU"));
    assertThat(translate("NOT (id > 5 AND region = 'EU')"))
        .isEqualTo(new Or(compare("id", Operator.LT_EQ, 5L), compare("Region", Operator.NOT_EQ, "EU")));
    assertThat(translate("NOT (region IS NULL)")).isEqualTo(notNull("Region"));
    assertThat(translate("NOT NOT (id = 1)")).isEqualTo(compare("id", Operator.EQ, 1L));
  }

  @Test
  void logicalOperatorsInOrder() {
    assertThat(translate("id = 1 OR id = 2 OR region IS NULL"))
        .isEqualTo(new Or(new Or(compare("id", Operator.EQ, 1L), compare("id", Operator.EQ, 2L)), new IsNull("Region", false)));
  }

  @Test
  void inBetweenBooleanColumnsAndTypedLiterals() {
    assertThat(translate("region IN ('EU', 'US')")).isEqualTo(new And(notNull("Region"), new In("Region", List.of("EU", "US"), false)));
    assertThat(translate("region NOT IN ('EU')")).isEqualTo(new And(notNull("Region"), new In("Region", List.of("EU"), true)));
    assertThat(translate("id BETWEEN 1 AND 5"))
        .isEqualTo(
            new And(notNull("id"), new And(new Comparison("id", Operator.GT_EQ, 1L), new Comparison("id", Operator.LT_EQ, 5L))));
    assertThat(translate("active")).isEqualTo(compare("active", Operator.EQ, true));
    assertThat(translate("NOT active")).isEqualTo(compare("active", Operator.EQ, false));
    assertThat(translate("day >= DATE '2024-01-31'")).isEqualTo(compare("day", Operator.GT_EQ, "2024-01-31"));
  }

  @Test
  void currentUserIsTheCaller() {
    assertThat(translate("owner = current_user")).isEqualTo(compare("owner", Operator.EQ, "alice"));
  }

  @Test
  void constantsFold() {
    assertThat(translate("true")).isEqualTo(new Constant(true));
    assertThat(translate("false OR id = 1")).isEqualTo(compare("id", Operator.EQ, 1L));
    assertThat(translate("id = NULL")).isEqualTo(new Constant(false));
    assertThat(translate("NOT (id = NULL)")).isEqualTo(new Constant(false));
  }

  @Test
  void whatIcebergCannotExpressIsRefused() {
    for (String sql :
        List.of(
            "lower(region) = 'eu'",
            "id + 1 = 2",
            "id = amount",
            "region LIKE 'E%'",
            "id IS DISTINCT FROM 1",
            "address.city = 'Paris'",
            "CAST(id AS varchar) = '1'",
            "region IN ('EU', NULL)",
            "region",
            "unknown_column = 1")) {
      assertThatThrownBy(() -> translate(sql)).as(sql).isInstanceOf(UntranslatableFilterException.class);
    }
  }
}
