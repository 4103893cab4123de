package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.policy.CatalogRole;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A catalog role; with its grants when shown alone. */
@Schema(name = "CatalogRole")
public record CatalogRoleResponse(
    @Schema(required = true) String catalog,
    @Schema(required = true) String name,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Its grants, bound and pending (only when the role is shown alone)")
        List<GrantResponse> grants) {
  public CatalogRoleResponse {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(name, "name is null");
    grants = grants == null ? null : List.copyOf(grants);
  }

  public static CatalogRoleResponse of(CatalogRole role) {
    return new CatalogRoleResponse(role.catalog(), role.name(), null);
  }

  public static CatalogRoleResponse of(CatalogRole role, List<GrantResponse> grants) {
    return new CatalogRoleResponse(role.catalog(), role.name(), requireNonNull(grants, "grants is null"));
  }
}
