package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every tag definition, by name. */
@Schema(name = "Tags")
public record TagsResponse(
    @Schema(required = true) List<TagResponse> tags,
    @JsonProperty("governance-version") @Schema(required = true) long governanceVersion) {
  public TagsResponse {
    tags = List.copyOf(tags);
  }
}
