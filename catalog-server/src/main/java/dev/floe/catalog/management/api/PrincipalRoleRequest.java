package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.metastore.EntityNames;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /principal-roles}: a new principal role. */
@Schema(name = "PrincipalRoleRequest")
public record PrincipalRoleRequest(
    @Schema(required = true, pattern = EntityNames.PATTERN, description = EntityNames.RULE)
        String name,
    @JsonProperty("service-administrator") @Schema(description = "Whether its members are service administrators (default false)")
        Boolean serviceAdministrator,
    @JsonProperty("trusted-engine")
        @Schema(
            description =
                "Whether its members are trusted engines (default false): they may evaluate governance for any identity and get"
                    + " vended credentials or remote signatures on tables where row filters or column masks apply to them")
        Boolean trustedEngine) {
  public String requiredName() {
    return RequestFields.required(name, "name", "principal role request");
  }

  public boolean isServiceAdministrator() {
    return Boolean.TRUE.equals(serviceAdministrator);
  }

  public boolean isTrustedEngine() {
    return Boolean.TRUE.equals(trustedEngine);
  }
}
