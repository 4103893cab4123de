package dev.floe.policy;

import static java.util.Objects.requireNonNull;

/**
 * A role defined inside one catalog; grants are held by catalog roles, and catalog roles are
 * assigned to principal roles.
 *
 * @param catalog the catalog the role belongs to
 * @param name the role's name, unique within its catalog
 */
public record CatalogRole(String catalog, String name) {
  public CatalogRole {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(name, "name is null");
    if (catalog.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("Catalog role needs a catalog and a name, got " + catalog + "/" + name);
    }
  }

  @Override
  public String toString() {
    return "catalog role " + name + " of catalog " + catalog;
  }
}
