package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Column masks of a catalog, by id. */
@Schema(name = "ColumnMasks")
public record ColumnMasksResponse(
    @JsonProperty("column-masks") @Schema(required = true) List<ColumnMaskResponse> columnMasks,
    @JsonProperty("governance-version") @Schema(required = true) long governanceVersion) {
  public ColumnMasksResponse {
    columnMasks = List.copyOf(columnMasks);
  }
}
