package dev.floe.policy.contracts;

import static java.util.Objects.requireNonNull;

/**
 * A schema change a contract does not allow.
 *
 * @param rule the rule's name ({@code required-columns}, ...)
 * @param column the column at fault, by its name in the schema where it is named (the old one for
 *     a dropped column)
 * @param problem what the change does that the rule forbids
 * @param remedy how to comply
 */
public record ContractViolation(String rule, String column, String problem, String remedy) {
  public ContractViolation {
    requireNonNull(rule, "rule is null");
    requireNonNull(column, "column is null");
    requireNonNull(problem, "problem is null");
    requireNonNull(remedy, "remedy is null");
  }

  /** One line: rule, column, problem and remedy. */
  public String message() {
    return "schema contract rule '" + rule + "' on column '" + column + "': " + problem + "; to comply: " + remedy;
  }
}
