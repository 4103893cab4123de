package dev.floe.catalog.management.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /catalogs/{catalog}/catalog-roles}: a new catalog role. */
@Schema(name = "CatalogRoleRequest")
public record CatalogRoleRequest(
    @Schema(required = true, description = "1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit")
        String name) {
  public String requiredName() {
    return RequestFields.required(name, "name", "catalog role request");
  }
}
