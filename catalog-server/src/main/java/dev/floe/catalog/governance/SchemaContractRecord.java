package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.contracts.ContractRules;
import java.time.Instant;

/**
 * A stored schema contract.
 *
 * @param securable the namespace or table it is on, by its current path
 */
public record SchemaContractRecord(
    long id,
    long version,
    Securable securable,
    ContractRules rules,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {
  public SchemaContractRecord {
    requireNonNull(securable, "securable is null");
    requireNonNull(rules, "rules is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedBy, "updatedBy is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
