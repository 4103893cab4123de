package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.governance.TagRecord;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tag definition. */
@Schema(name = "Tag")
public record TagResponse(
    @Schema(required = true) String name,
    @Schema(required = true) String description,
    @JsonProperty("applier-roles") @Schema(required = true) List<String> applierRoles,
    @Schema(required = true, description = "Raised by every change, from 1") long version,
    @JsonProperty("created-by") @Schema(required = true) String createdBy,
    @JsonProperty("created-at") @Schema(required = true, description = "ISO-8601 instant") String createdAt,
    @JsonProperty("updated-by") @Schema(required = true) String updatedBy,
    @JsonProperty("updated-at") @Schema(required = true, description = "ISO-8601 instant") String updatedAt,
    @JsonProperty("governance-version") @Schema(required = true, description = "The server's governance version") long governanceVersion) {
  public TagResponse {
    requireNonNull(name, "name is null");
    applierRoles = List.copyOf(applierRoles);
  }

  public static TagResponse of(TagRecord tag, long governanceVersion) {
    return new TagResponse(
        tag.definition().name(),
        tag.definition().description(),
        tag.definition().applierRoles().stream().sorted().toList(),
        tag.definition().version(),
        tag.createdBy(),
        tag.createdAt().toString(),
        tag.updatedBy(),
        tag.updatedAt().toString(),
        governanceVersion);
  }
}
