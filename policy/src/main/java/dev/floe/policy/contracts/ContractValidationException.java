package dev.floe.policy.contracts;

/** The rules of a contract are invalid: the message names the rule and what is wrong. */
public class ContractValidationException extends RuntimeException {
  public ContractValidationException(String message) {
    super(message);
  }
}
