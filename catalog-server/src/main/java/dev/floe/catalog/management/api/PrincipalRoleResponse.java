package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.access.PrincipalRoleRecord;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A principal role; with its members and catalog roles when shown alone. */
@Schema(name = "PrincipalRole")
public record PrincipalRoleResponse(
    @Schema(required = true) String name,
    @JsonProperty("service-administrator") @Schema(required = true) boolean serviceAdministrator,
    @JsonProperty("trusted-engine") @Schema(required = true) boolean trustedEngine,
    @JsonProperty("created-at") @Schema(required = true, description = "ISO-8601 instant") String createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Its members (only when the role is shown alone)")
        List<String> members,
    @JsonProperty("catalog-roles") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The catalog roles assigned to it (only when the role is shown alone)")
        List<CatalogRoleResponse> catalogRoles) {
  public PrincipalRoleResponse {
    requireNonNull(name, "name is null");
    requireNonNull(createdAt, "createdAt is null");
    members = members == null ? null : List.copyOf(members);
    catalogRoles = catalogRoles == null ? null : List.copyOf(catalogRoles);
  }

  public static PrincipalRoleResponse of(PrincipalRoleRecord role) {
    return new PrincipalRoleResponse(
        role.name(), role.serviceAdministrator(), role.trustedEngine(), role.createdAt().toString(), null, null);
  }

  public static PrincipalRoleResponse of(PrincipalRoleRecord role, List<String> members, List<CatalogRoleResponse> catalogRoles) {
    return new PrincipalRoleResponse(
        role.name(),
        role.serviceAdministrator(),
        role.trustedEngine(),
        role.createdAt().toString(),
        requireNonNull(members, "members is null"),
        requireNonNull(catalogRoles, "catalogRoles is null"));
  }
}
