package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Catalog roles: of a catalog, or assigned to a principal role. */
@Schema(name = "CatalogRoles")
public record CatalogRolesResponse(@JsonProperty("catalog-roles") @Schema(required = true) List<CatalogRoleResponse> catalogRoles) {
  public CatalogRolesResponse {
    catalogRoles = List.copyOf(catalogRoles);
  }
}
