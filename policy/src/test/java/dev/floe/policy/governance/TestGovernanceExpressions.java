package dev.floe.policy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.policy.governance.sql.PolicyExpression;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Policy expressions: validation with Trino's parser, references by field id, rename safety. */
class TestGovernanceExpressions {
  private static final TableSchema ORDERS =
      TableSchema.of(
          new SchemaColumn(1, "id", "long"),
          new SchemaColumn(2, "region", "string"),
          new SchemaColumn(3, "amount", "decimal(10,2)"),
          new SchemaColumn(4, "Owner", "string"),
          new SchemaColumn(5, "tags", "list<string>"),
          new SchemaColumn(6, "address", "struct<7: city: string>"),
          new SchemaColumn(8, "active", "boolean"),
          new SchemaColumn(9, "straße", "string"));

  /** ORDERS after ALTER TABLE RENAME COLUMN region TO sales_region, Owner TO owner_name. */
  private static final TableSchema RENAMED =
      TableSchema.of(
          new SchemaColumn(1, "id", "long"),
          new SchemaColumn(2, "sales_region", "string"),
          new SchemaColumn(3, "amount", "decimal(10,2)"),
          new SchemaColumn(4, "owner_name", "string"),
          new SchemaColumn(5, "tags", "list<string>"),
          new SchemaColumn(6, "address", "struct<7: city: string>"),
          new SchemaColumn(8, "active", "boolean"),
          new SchemaColumn(9, "straße", "string"));

  @Test
  void storesReferencesByFieldIdAndRendersCurrentNames() {
    PolicyExpression filter =
        ExpressionCompiler.compileFilter("region = 'EU' AND OWNER = current_user", ORDERS);
    assertThat(filter.referencedFieldIds()).containsExactly(2, 4);
    assertThat(filter.render(ORDERS)).isEqualTo("\"region\" = 'EU' AND \"Owner\" = current_user");
    assertThat(filter.render(RENAMED)).isEqualTo("\"sales_region\" = 'EU' AND \"owner_name\" = current_user");
    assertThat(filter.referencedFieldIds()).containsExactly(2, 4);
  }

  @Test
  void neverTouchesNamesInsideLiteralsOrFunctionNamesOrFields() {
    PolicyExpression expression =
        ExpressionCompiler.compileFilter(
            "region = 'region' AND \"region\" <> 'it''s region' AND lower(region) = 'x'"
                + " AND address.city = 'region' AND any_match(tags, region -> region = 'a')",
            ORDERS);
    assertThat(expression.render(RENAMED))
        .isEqualTo(
            "\"sales_region\" = 'region' AND \"sales_region\" <> 'it''s region' AND lower(\"sales_region\") = 'x'"
                + " AND \"address\".city = 'region' AND any_match(\"tags\", region -> region = 'a')");
    assertThat(expression.referencedFieldIds()).containsExactly(2, 6, 5);
  }

  @Test
  void keepsTextLayoutAndHandlesNonAsciiPositions() {
    PolicyExpression expression =
        ExpressionCompiler.compileFilter("'€😀' = \"straße\"\n  AND  id > 10 -- a comment\n", ORDERS);
    assertThat(expression.render(RENAMED)).isEqualTo("'€😀' = \"straße\"\n  AND  \"id\" > 10 -- a comment\n");
  }

  @Test
  void roundTripsTheStoredForm() {
    PolicyExpression expression =
        ExpressionCompiler.compileFilter("region = '\"$field:1\"' AND amount > 10", ORDERS);
    String stored = expression.storedForm();
    assertThat(stored).isEqualTo("\"$field:2\" = '\"$field:1\"' AND \"$field:3\" > 10");
    PolicyExpression loaded = ExpressionCompiler.fromStoredForm(stored);
    assertThat(loaded).isEqualTo(expression);
    assertThat(loaded.render(RENAMED)).isEqualTo("\"sales_region\" = '\"$field:1\"' AND \"amount\" > 10");
    assertThatThrownBy(() -> ExpressionCompiler.fromStoredForm("region = 'EU'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a field placeholder");
  }

  @Test
  void refusesARenderAfterTheColumnWasDropped() {
    PolicyExpression expression = ExpressionCompiler.compileFilter("amount > 10", ORDERS);
    TableSchema dropped = TableSchema.of(new SchemaColumn(1, "id", "long"));
    assertThatThrownBy(() -> expression.render(dropped))
        .isInstanceOfSatisfying(
            PolicyExpression.UnresolvedColumnException.class,
            exception -> assertThat(exception.fieldId()).isEqualTo(3));
  }

  @Test
  void reportsSyntaxErrorsWithTheirPosition() {
    assertProblem(() -> ExpressionCompiler.compileFilter("region = = 'EU'", ORDERS), Problem.SYNTAX_ERROR, 1, 10);
    assertProblem(() -> ExpressionCompiler.compileFilter("region = 'EU'\nAND (amount >", ORDERS), Problem.SYNTAX_ERROR, 2, 14);
    assertThatThrownBy(() -> ExpressionCompiler.compileFilter("region = = 'EU'", ORDERS))
        .hasMessageStartingWith("line 1:10: ");
    assertProblem(() -> ExpressionCompiler.compileFilter("  ", ORDERS), Problem.SYNTAX_ERROR, 0, 0);
  }

  @Test
  void reportsUnknownColumnsWithTheirPosition() {
    assertThatThrownBy(() -> ExpressionCompiler.compileFilter("region = 'EU' AND\n  countryy = 'DE'", ORDERS))
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            exception -> {
              assertThat(exception.problem()).isEqualTo(Problem.UNKNOWN_COLUMN);
              assertThat(exception.line()).hasValue(2);
              assertThat(exception.column()).hasValue(3);
            })
        .hasMessage("line 2:3: Column 'countryy' is not in the table's current schema");
    // a lambda parameter is not a column, but outside its lambda the same name is
    assertProblem(
        () -> ExpressionCompiler.compileFilter("any_match(tags, t -> t = 'a') AND t = 'b'", ORDERS),
        Problem.UNKNOWN_COLUMN, 1, 35);
    // a table-qualified name is not a column reference: the qualifier is checked as a column
    assertProblem(() -> ExpressionCompiler.compileFilter("orders.region = 'EU'", ORDERS), Problem.UNKNOWN_COLUMN, 1, 1);
  }

  @Test
  void refusesConstructsThatCannotBeChecked() {
    assertProblem(
        () -> ExpressionCompiler.compileFilter("region IN (SELECT region FROM allowed)", ORDERS),
        Problem.UNSUPPORTED_EXPRESSION, 1, 8);
    assertProblem(
        () -> ExpressionCompiler.compileFilter("EXISTS (SELECT 1)", ORDERS), Problem.UNSUPPORTED_EXPRESSION, 1, 1);
    assertProblem(() -> ExpressionCompiler.compileFilter("region = ?", ORDERS), Problem.UNSUPPORTED_EXPRESSION, 1, 10);
    assertProblem(
        () -> ExpressionCompiler.compile("rank() OVER (ORDER BY amount)", ORDERS), Problem.UNSUPPORTED_EXPRESSION, 1, 14);
  }

  @Test
  void refusesFiltersThatCannotBeBoolean() {
    assertProblem(() -> ExpressionCompiler.compileFilter("amount + 1", ORDERS), Problem.NOT_BOOLEAN, 1, 8);
    assertProblem(() -> ExpressionCompiler.compileFilter("'yes'", ORDERS), Problem.NOT_BOOLEAN, 1, 1);
    assertProblem(() -> ExpressionCompiler.compileFilter("region", ORDERS), Problem.NOT_BOOLEAN, 1, 1);
    assertThat(ExpressionCompiler.compileFilter("active", ORDERS).render(ORDERS)).isEqualTo("\"active\"");
    assertThat(ExpressionCompiler.compileFilter("true", ORDERS).referencedFieldIds()).isEmpty();
  }

  @Test
  void refusesAmbiguousNames() {
    TableSchema twoCases =
        TableSchema.of(new SchemaColumn(1, "Name", "string"), new SchemaColumn(2, "name", "string"));
    assertProblem(() -> ExpressionCompiler.compileFilter("name = 'x'", twoCases), Problem.AMBIGUOUS_COLUMN, 1, 1);
  }

  @Test
  void acceptsScalarTrinoSql() {
    String sql =
        "CASE WHEN try_cast(amount AS double) > 1e3 THEN region ELSE coalesce(nullif(region, ''), 'n/a') END"
            + " IN ('EU', 'US') AND amount BETWEEN 1 AND 100 AND id IS NOT NULL AND region LIKE 'E%'"
            + " AND extract(year FROM current_date) > 2000 AND CAST(ROW(id, region) AS ROW(a bigint, b varchar)).a > 0"
            + " AND if(active, tags[1], 'x') = 'y' AND transform(ARRAY[1, 2], x -> x + id) IS NOT NULL";
    PolicyExpression expression = ExpressionCompiler.compileFilter(sql, ORDERS);
    assertThat(expression.referencedFieldIds()).containsExactlyInAnyOrder(1, 2, 3, 5, 8);
  }

  private static void assertProblem(ThrowingCallable call, Problem problem, int line, int column) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            exception -> {
              assertThat(exception.problem()).as(exception.getMessage()).isEqualTo(problem);
              if (line == 0) {
                assertThat(exception.line()).isEmpty();
              } else {
                assertThat(exception.line()).as(exception.getMessage()).hasValue(line);
                assertThat(exception.column()).as(exception.getMessage()).hasValue(column);
              }
            });
  }
}
