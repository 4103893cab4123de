package dev.floe.catalog.management.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /principals}: a new service principal. */
@Schema(name = "PrincipalRequest")
public record PrincipalRequest(
    @Schema(required = true, description = "1 to 255 characters, no control characters, no surrounding spaces") String name,
    @Schema(description = "Free-form properties") Map<String, String> properties) {
  private static final String WHAT = "principal request";

  public String requiredName() {
    return RequestFields.required(name, "name", WHAT);
  }

  public Map<String, String> checkedProperties() {
    return RequestFields.stringMap(properties, "properties", WHAT);
  }
}
