package dev.floe.catalog.management.api;

import java.util.Map;
import dev.floe.catalog.metastore.EntityNames;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /principals}: a new service principal. */
@Schema(name = "PrincipalRequest")
public record PrincipalRequest(
    @Schema(required = true, pattern = EntityNames.PATTERN, description = EntityNames.RULE) String name,
    @Schema(description = "Free-form properties") Map<String, String> properties) {
  private static final String WHAT = "principal request";

  public String requiredName() {
    return RequestFields.required(name, "name", WHAT);
  }

  public Map<String, String> checkedProperties() {
    return RequestFields.stringMap(properties, "properties", WHAT);
  }
}
