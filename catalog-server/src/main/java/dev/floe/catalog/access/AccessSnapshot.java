package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the access store holds, read at one {@code access_version} in one transaction and
 * never changed afterwards: a reload builds a new snapshot and the store swaps it in whole, so a
 * reader sees either the old or the new data, never a mix.
 *
 * @param grants what the authorizer decides with (at {@link GrantData#version()})
 * @param principals the principals by name, with their secret hashes
 * @param principalByClientId principal names by client id (service principals only)
 * @param principalRoles the principal roles by name
 * @param catalogRoles the catalog roles of each catalog, by name
 * @param pendingGrants grants waiting for their object (allow-missing); they grant nothing
 */
record AccessSnapshot(
    GrantData grants,
    Map<String, StoredPrincipal> principals,
    Map<String, String> principalByClientId,
    Map<String, PrincipalRoleRecord> principalRoles,
    Map<String, List<CatalogRole>> catalogRoles,
    Map<CatalogRole, List<Grant>> pendingGrants) {

  /** The snapshot before the first load: version 0, nothing in it. */
  static final AccessSnapshot EMPTY = new AccessSnapshot(GrantData.empty(0), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  AccessSnapshot {
    requireNonNull(grants, "grants is null");
    requireNonNull(principals, "principals is null");
    requireNonNull(principalByClientId, "principalByClientId is null");
    requireNonNull(principalRoles, "principalRoles is null");
    requireNonNull(catalogRoles, "catalogRoles is null");
    requireNonNull(pendingGrants, "pendingGrants is null");
  }

  /** A principal as stored, with its secret hash (null for a person of the identity provider). */
  record StoredPrincipal(PrincipalRecord record, String secretHash) {
    StoredPrincipal {
      requireNonNull(record, "record is null");
    }
  }

  long version() {
    return grants.version();
  }

  Optional<StoredPrincipal> principal(String name) {
    return Optional.ofNullable(principals.get(requireNonNull(name, "name is null")));
  }

  Optional<StoredPrincipal> principalByClientId(String clientId) {
    String name = principalByClientId.get(requireNonNull(clientId, "clientId is null"));
    return name == null ? Optional.empty() : principal(name);
  }

  boolean catalogRoleExists(CatalogRole role) {
    return catalogRoles.getOrDefault(role.catalog(), List.of()).contains(role);
  }
}
