package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Tag assignments of a catalog, by id. */
@Schema(name = "TagAssignments")
public record TagAssignmentsResponse(
    @Schema(required = true) List<TagAssignmentResponse> assignments,
    @JsonProperty("governance-version") @Schema(required = true) long governanceVersion) {
  public TagAssignmentsResponse {
    assignments = List.copyOf(assignments);
  }
}
