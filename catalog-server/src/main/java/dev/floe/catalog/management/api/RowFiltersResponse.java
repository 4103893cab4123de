package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Row filters of a catalog, by id. */
@Schema(name = "RowFilters")
public record RowFiltersResponse(
    @JsonProperty("row-filters") @Schema(required = true) List<RowFilterResponse> rowFilters,
    @JsonProperty("governance-version") @Schema(required = true) long governanceVersion) {
  public RowFiltersResponse {
    rowFilters = List.copyOf(rowFilters);
  }
}
