package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.governance.SchemaContractRecord;
import dev.floe.policy.SecurableType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A schema contract, on its namespace or table by current name. */
@Schema(name = "SchemaContract")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaContractResponse(
    @Schema(required = true) long id,
    @Schema(required = true, description = "Raised by every change, from 1") long version,
    @Schema(required = true) List<String> namespace,
    @Schema(description = "The table, for a contract on a table") String table,
    @Schema(required = true, description = "Every rule, set or not") JsonNode rules,
    @JsonProperty("created-by") String createdBy,
    @JsonProperty("created-at") String createdAt,
    @JsonProperty("updated-by") String updatedBy,
    @JsonProperty("updated-at") String updatedAt) {

  public static SchemaContractResponse of(SchemaContractRecord record) {
    boolean onTable = record.securable().type() == SecurableType.TABLE;
    return new SchemaContractResponse(
        record.id(),
        record.version(),
        record.securable().namespaceLevels(),
        onTable ? record.securable().name() : null,
        record.rules().toJson(),
        record.createdBy(),
        record.createdAt().toString(),
        record.updatedBy(),
        record.updatedAt().toString());
  }
}
