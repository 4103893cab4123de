package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All grant data at one version: the content of a {@link GrantStore}, and the data document
 * {@code OpaAuthorizer} publishes to OPA.
 *
 * @param version the store version this snapshot was taken at
 * @param serviceAdministratorRoles the principal roles whose members are service administrators
 * @param catalogRoleAssignments for each principal role, the catalog roles assigned to it
 * @param grants for each catalog role, the grants it holds (each on a securable of the role's
 *     catalog); a role with no grants may be absent or map to an empty list
 */
public record GrantData(
    long version,
    Set<String> serviceAdministratorRoles,
    Map<String, Set<CatalogRole>> catalogRoleAssignments,
    Map<CatalogRole, List<Grant>> grants) {
  public GrantData {
    requireNonNull(serviceAdministratorRoles, "serviceAdministratorRoles is null");
    requireNonNull(catalogRoleAssignments, "catalogRoleAssignments is null");
    requireNonNull(grants, "grants is null");
    serviceAdministratorRoles = Set.copyOf(serviceAdministratorRoles);
    Map<String, Set<CatalogRole>> assignments = new LinkedHashMap<>();
    catalogRoleAssignments.forEach(
        (principalRole, catalogRoles) -> assignments.put(principalRole, Set.copyOf(catalogRoles)));
    catalogRoleAssignments = Map.copyOf(assignments);
    Map<CatalogRole, List<Grant>> grantsByRole = new LinkedHashMap<>();
    grants.forEach(
        (role, roleGrants) -> {
          for (Grant grant : roleGrants) {
            if (!grant.role().equals(role)) {
              throw new IllegalArgumentException(
                  "Grant %s does not belong to %s".formatted(grant, role));
            }
          }
          grantsByRole.put(role, List.copyOf(roleGrants));
        });
    grants = Map.copyOf(grantsByRole);
  }

  /** Grant data with nothing in it. */
  public static GrantData empty(long version) {
    return new GrantData(version, Set.of(), Map.of(), Map.of());
  }
}
