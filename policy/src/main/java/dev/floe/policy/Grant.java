package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * One privilege on one securable, held by a catalog role of the securable's catalog.
 *
 * @param catalogRole the name of the catalog role holding the grant (a role of {@code
 *     securable.catalogName()})
 * @param privilege what is granted
 * @param securable what it is granted on; the grant applies to it and to everything inside it
 */
public record Grant(String catalogRole, Privilege privilege, Securable securable) {
  /** The canonical order of grants in a {@link Decision}: by securable path, type, privilege, role. */
  public static final Comparator<Grant> ORDER =
      Comparator.<Grant, String>comparing(grant -> String.join("\u0000", grant.securable().path()))
          .thenComparing(grant -> grant.securable().type())
          .thenComparing(Grant::privilege)
          .thenComparing(Grant::catalogRole);

  public Grant {
    requireNonNull(catalogRole, "catalogRole is null");
    requireNonNull(privilege, "privilege is null");
    requireNonNull(securable, "securable is null");
    if (catalogRole.isEmpty()) {
      throw new IllegalArgumentException("Grant needs a catalog role name");
    }
    if (!privilege.isGrantableOn(securable.type())) {
      throw new IllegalArgumentException(
          "Privilege %s cannot be granted on a %s (%s)"
              .formatted(privilege, securable.type(), securable));
    }
  }

  /** The catalog role holding this grant. */
  public CatalogRole role() {
    return new CatalogRole(securable.catalogName(), catalogRole);
  }

  @Override
  public String toString() {
    return privilege + " on " + securable + " to " + catalogRole;
  }
}
