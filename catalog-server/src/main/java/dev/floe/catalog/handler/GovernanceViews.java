package dev.floe.catalog.handler;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.governance.AssignmentRecord;
import dev.floe.catalog.governance.PolicyRecord;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.RowFilterPolicy;
import java.util.Optional;

/**
 * Governance items as the management API shows them: the stored record with the current names of
 * the columns it refers to by field id.
 */
public final class GovernanceViews {
  private GovernanceViews() {}

  /**
   * A tag assignment.
   *
   * @param column the current name of the column (empty for an assignment on the securable)
   */
  public record Assignment(AssignmentRecord record, Optional<String> column) {
    public Assignment {
      requireNonNull(record, "record is null");
      requireNonNull(column, "column is null");
    }
  }

  /**
   * A row filter.
   *
   * @param expression the expression with the current column names; the stored form (columns as
   *     {@code "$field:<id>"}) when a column it refers to is gone
   * @param problem why the filter cannot be rendered now (it then hides every row), if it cannot
   */
  public record RowFilter(PolicyRecord<RowFilterPolicy> record, String expression, Optional<String> problem) {
    public RowFilter {
      requireNonNull(record, "record is null");
      requireNonNull(expression, "expression is null");
      requireNonNull(problem, "problem is null");
    }
  }

  /**
   * A column mask.
   *
   * @param column the current name of the masked column (empty for a mask on a tag)
   * @param customExpression a custom mask's expression with the current column names
   * @param problem why the mask cannot be rendered now (the column is then hidden), if it cannot
   */
  public record ColumnMask(
      PolicyRecord<ColumnMaskPolicy> record, Optional<String> column, Optional<String> customExpression, Optional<String> problem) {
    public ColumnMask {
      requireNonNull(record, "record is null");
      requireNonNull(column, "column is null");
      requireNonNull(customExpression, "customExpression is null");
      requireNonNull(problem, "problem is null");
    }
  }
}
