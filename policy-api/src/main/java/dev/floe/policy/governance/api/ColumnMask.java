package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

/**
 * The one mask of a column: a Trino SQL expression of exactly the column's type, over the table's
 * current column names.
 *
 * @param column the column, named as asked (the expression uses its current name)
 * @param fieldId its Iceberg field id
 * @param expression the mask, Trino SQL
 * @param policyId the policy whose mask this is; 0 for a mask OPA put on the column
 * @param policyVersion that policy's version; 0 for a mask OPA put on the column
 */
public record ColumnMask(
    String column, int fieldId, String expression, long policyId, long policyVersion) {
  public ColumnMask {
    requireNonNull(column, "column is null");
    requireNonNull(expression, "expression is null");
  }
}
