package dev.floe.catalog.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.policy.Securable;
import dev.floe.policy.contracts.ContractRules;
import dev.floe.policy.contracts.ContractValidationException;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A schema contract to create on a namespace or table, or the new rules of one. */
@Schema(name = "SchemaContractRequest")
public record SchemaContractRequest(
    @Schema(description = "The namespace levels (required to create)") List<String> namespace,
    @Schema(description = "A table of the namespace; without it the contract is on the namespace and every table below it") String table,
    @Schema(
            required = true,
            description =
                "The rules: required-columns (names), types-only-widen (boolean), column-name-pattern (a Java regular"
                    + " expression), no-breaking-change (boolean), pii-columns-tagged (boolean), not-pii (names)")
        JsonNode rules) {

  /** The namespace or table to create the contract on; 400 when the namespace is missing. */
  public Securable requiredSecurable(String catalog) {
    if (namespace == null || namespace.isEmpty()) {
      throw new BadRequestException("Invalid schema contract: missing namespace");
    }
    return Securables.of(catalog, namespace, table, null, "schema contract");
  }

  /** The namespace or table, when the request names one. */
  public Optional<Securable> optionalSecurable(String catalog) {
    return namespace == null && table == null ? Optional.empty() : Optional.of(requiredSecurable(catalog));
  }

  public ContractRules checkedRules() {
    if (rules == null) {
      throw new BadRequestException("Invalid schema contract: missing rules");
    }
    try {
      return ContractRules.parse(rules);
    } catch (ContractValidationException e) {
      throw new BadRequestException("Invalid schema contract: %s", e.getMessage());
    }
  }
}
