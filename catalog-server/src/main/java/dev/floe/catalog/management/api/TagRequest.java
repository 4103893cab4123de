package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.apache.iceberg.exceptions.BadRequestException;

/** A tag definition to create (name required) or change (name absent or the same). */
@Schema(name = "TagRequest")
public record TagRequest(
    @Schema(description = "The tag name, e.g. pii.email (create only); its parent must be defined") String name,
    @Schema(description = "What the tag means (default empty)") String description,
    @JsonProperty("applier-roles")
        @Schema(description = "Principal roles whose members may apply the tag; empty: CATALOG_MANAGE_POLICIES is enough")
        List<String> applierRoles) {

  public String requiredName() {
    return RequestFields.required(name, "name", "tag request");
  }

  public String checkedDescription() {
    String text = description == null ? "" : description;
    dev.floe.catalog.http.ControlCharacters.refuseInText(text, "tag description");
    return text;
  }

  public Set<String> checkedApplierRoles() {
    return new LinkedHashSet<>(RequestFields.strings(applierRoles, "applier-roles", "tag request"));
  }

  /** For a change: the name, when given, must be the tag's. */
  public void checkName(String tag) {
    if (name != null && !name.equals(tag)) {
      throw new BadRequestException("Invalid tag request: name %s differs from the tag %s of the path; tags cannot be renamed", name, tag);
    }
  }
}
