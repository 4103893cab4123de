package dev.floe.policy.contracts;

import java.util.List;

/**
 * A commit refused because its schema change breaks a schema contract: the server answers 409
 * (the commit conflicts with the table's contracts, as Iceberg's {@code CommitFailedException});
 * the message names each rule, column and how to comply. Not a {@code CommitFailedException}
 * itself, so that nothing retries it: trying again from fresh metadata changes nothing.
 */
public class SchemaContractViolationException extends RuntimeException {
  private final List<ContractViolation> violations;

  public SchemaContractViolationException(String message, List<ContractViolation> violations) {
    super(message, null, false, false);
    this.violations = List.copyOf(violations);
  }

  public List<ContractViolation> violations() {
    return violations;
  }
}
