package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The schema contracts of a catalog, by id. */
@Schema(name = "SchemaContracts")
public record SchemaContractsResponse(
    @JsonProperty("schema-contracts") @Schema(required = true) List<SchemaContractResponse> schemaContracts) {
  public SchemaContractsResponse {
    schemaContracts = List.copyOf(schemaContracts);
  }
}
