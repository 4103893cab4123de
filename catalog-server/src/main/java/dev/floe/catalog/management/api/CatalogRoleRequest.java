package dev.floe.catalog.management.api;

import dev.floe.catalog.metastore.EntityNames;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /catalogs/{catalog}/catalog-roles}: a new catalog role. */
@Schema(name = "CatalogRoleRequest")
public record CatalogRoleRequest(
    @Schema(required = true, pattern = EntityNames.PATTERN, description = EntityNames.RULE)
        String name) {
  public String requiredName() {
    return RequestFields.required(name, "name", "catalog role request");
  }
}
