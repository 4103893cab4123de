package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.governance.sql.PolicyExpression;

/**
 * A row filter: the rows of a table a caller in the audience may see. Every filter that applies to
 * a caller is combined with {@code AND}.
 *
 * @param id the policy id (unique among all governance policies)
 * @param version its version, from 1, raised on every change
 * @param table the table
 * @param expression the boolean Trino SQL expression, validated against the table's schema (see
 *     {@link GovernanceValidator#compileRowFilter})
 * @param audience who it applies to and who is exempt
 */
public record RowFilterPolicy(
    long id, long version, Securable table, PolicyExpression expression, Audience audience) {
  public RowFilterPolicy {
    requireNonNull(table, "table is null");
    requireNonNull(expression, "expression is null");
    requireNonNull(audience, "audience is null");
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1, got " + version);
    }
    if (table.type() != SecurableType.TABLE) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.INVALID_TARGET, "A row filter is on a table, got " + table);
    }
  }
}
