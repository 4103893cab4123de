package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link GrantStore} in memory, for tests, for the OPA data document and for single-node
 * deployments without a database.
 *
 * <p>Reads are lock-free: every change builds a new immutable {@link GrantData} with the next
 * version and publishes it at once, so data and version always match. Changes are serialised.
 */
public final class InMemoryGrantStore implements GrantStore {
  private volatile GrantData state;

  public InMemoryGrantStore() {
    this.state = GrantData.empty(1);
  }

  /** A store holding {@code data}, at a version after {@code data.version()}. */
  public InMemoryGrantStore(GrantData data) {
    requireNonNull(data, "data is null");
    this.state = withVersion(data, data.version() + 1);
  }

  @Override
  public long version() {
    return state.version();
  }

  @Override
  public Set<CatalogRole> catalogRolesOf(String principalRole) {
    requireNonNull(principalRole, "principalRole is null");
    return state.catalogRoleAssignments().getOrDefault(principalRole, Set.of());
  }

  @Override
  public List<Grant> grantsOf(CatalogRole catalogRole) {
    requireNonNull(catalogRole, "catalogRole is null");
    return state.grants().getOrDefault(catalogRole, List.of());
  }

  @Override
  public Set<String> serviceAdministratorRoles() {
    return state.serviceAdministratorRoles();
  }

  @Override
  public GrantData snapshot() {
    return state;
  }

  /** Grants {@code privilege} on {@code securable} to {@code role}; returns the grant. */
  public synchronized Grant grant(CatalogRole role, Privilege privilege, Securable securable) {
    requireNonNull(role, "role is null");
    requireNonNull(securable, "securable is null");
    if (!securable.catalogName().equals(role.catalog())) {
      throw new IllegalArgumentException(
          "%s cannot hold a grant on %s, which is in another catalog".formatted(role, securable));
    }
    Grant grant = new Grant(role.name(), privilege, securable);
    List<Grant> grants = new ArrayList<>(grantsOf(role));
    if (!grants.contains(grant)) {
      grants.add(grant);
      Map<CatalogRole, List<Grant>> all = new HashMap<>(state.grants());
      all.put(role, grants);
      publish(state.serviceAdministratorRoles(), state.catalogRoleAssignments(), all);
    }
    return grant;
  }

  /** Revokes a grant; returns whether the role held it. */
  public synchronized boolean revoke(CatalogRole role, Privilege privilege, Securable securable) {
    Grant grant = new Grant(requireNonNull(role, "role is null").name(), privilege, securable);
    List<Grant> grants = new ArrayList<>(grantsOf(role));
    if (!grants.remove(grant)) {
      return false;
    }
    Map<CatalogRole, List<Grant>> all = new HashMap<>(state.grants());
    all.put(role, grants);
    publish(state.serviceAdministratorRoles(), state.catalogRoleAssignments(), all);
    return true;
  }

  /** Drops a catalog role: its grants and its assignments to principal roles. */
  public synchronized void dropCatalogRole(CatalogRole role) {
    requireNonNull(role, "role is null");
    Map<CatalogRole, List<Grant>> all = new HashMap<>(state.grants());
    all.remove(role);
    Map<String, Set<CatalogRole>> assignments = new HashMap<>();
    state
        .catalogRoleAssignments()
        .forEach(
            (principalRole, catalogRoles) -> {
              Set<CatalogRole> remaining = new HashSet<>(catalogRoles);
              remaining.remove(role);
              assignments.put(principalRole, remaining);
            });
    publish(state.serviceAdministratorRoles(), assignments, all);
  }

  /** Assigns a catalog role to a principal role. */
  public synchronized void assign(String principalRole, CatalogRole role) {
    requireNonNull(principalRole, "principalRole is null");
    requireNonNull(role, "role is null");
    Set<CatalogRole> catalogRoles = new HashSet<>(catalogRolesOf(principalRole));
    if (catalogRoles.add(role)) {
      Map<String, Set<CatalogRole>> assignments = new HashMap<>(state.catalogRoleAssignments());
      assignments.put(principalRole, catalogRoles);
      publish(state.serviceAdministratorRoles(), assignments, state.grants());
    }
  }

  /** Takes a catalog role away from a principal role; returns whether it was assigned. */
  public synchronized boolean unassign(String principalRole, CatalogRole role) {
    requireNonNull(principalRole, "principalRole is null");
    Set<CatalogRole> catalogRoles = new HashSet<>(catalogRolesOf(principalRole));
    if (!catalogRoles.remove(requireNonNull(role, "role is null"))) {
      return false;
    }
    Map<String, Set<CatalogRole>> assignments = new HashMap<>(state.catalogRoleAssignments());
    assignments.put(principalRole, catalogRoles);
    publish(state.serviceAdministratorRoles(), assignments, state.grants());
    return true;
  }

  /** Makes the members of a principal role service administrators, or stops doing so. */
  public synchronized void setServiceAdministratorRole(String principalRole, boolean administrator) {
    requireNonNull(principalRole, "principalRole is null");
    Set<String> roles = new HashSet<>(state.serviceAdministratorRoles());
    boolean changed = administrator ? roles.add(principalRole) : roles.remove(principalRole);
    if (changed) {
      publish(roles, state.catalogRoleAssignments(), state.grants());
    }
  }

  /** Replaces everything with {@code data}, at a new version. */
  public synchronized void replaceAll(GrantData data) {
    requireNonNull(data, "data is null");
    state = withVersion(data, Math.max(state.version(), data.version()) + 1);
  }

  private void publish(
      Set<String> serviceAdministratorRoles,
      Map<String, Set<CatalogRole>> assignments,
      Map<CatalogRole, List<Grant>> grants) {
    state = new GrantData(state.version() + 1, serviceAdministratorRoles, assignments, grants);
  }

  private static GrantData withVersion(GrantData data, long version) {
    return new GrantData(
        version, data.serviceAdministratorRoles(), data.catalogRoleAssignments(), data.grants());
  }
}
