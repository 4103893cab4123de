package dev.floe.policy.rbac;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grants of one set of principal roles, indexed for decisions: by the securable they are on,
 * and by every container above it (for visibility).
 */
final class ResolvedGrants {
  private final Set<String> serviceAdministratorRoles;
  private final Map<Securable, List<Grant>> grantsOn;
  private final Map<Securable, List<Grant>> grantsAtOrBelow;

  private ResolvedGrants(
      Set<String> serviceAdministratorRoles,
      Map<Securable, List<Grant>> grantsOn,
      Map<Securable, List<Grant>> grantsAtOrBelow) {
    this.serviceAdministratorRoles = serviceAdministratorRoles;
    this.grantsOn = grantsOn;
    this.grantsAtOrBelow = grantsAtOrBelow;
  }

  static ResolvedGrants resolve(GrantStore store, Set<String> principalRoles) {
    Set<String> administratorRoles = new TreeSet<>(store.serviceAdministratorRoles());
    administratorRoles.retainAll(principalRoles);
    Map<Securable, List<Grant>> grantsOn = new HashMap<>();
    Map<Securable, List<Grant>> grantsAtOrBelow = new HashMap<>();
    for (String principalRole : principalRoles) {
      for (CatalogRole catalogRole : store.catalogRolesOf(principalRole)) {
        for (Grant grant : store.grantsOf(catalogRole)) {
          grantsOn.computeIfAbsent(grant.securable(), key -> new ArrayList<>()).add(grant);
          for (Securable container : grant.securable().selfAndAncestors()) {
            grantsAtOrBelow.computeIfAbsent(container, key -> new ArrayList<>()).add(grant);
          }
        }
      }
    }
    return new ResolvedGrants(Set.copyOf(administratorRoles), grantsOn, grantsAtOrBelow);
  }

  /** The service administrator roles among the caller's roles, sorted; empty if none. */
  Set<String> serviceAdministratorRoles() {
    return serviceAdministratorRoles;
  }

  boolean isServiceAdministrator() {
    return !serviceAdministratorRoles.isEmpty();
  }

  /** The grants that give {@code privilege} on {@code securable}: on it or above, implying it. */
  List<Grant> grantsFor(Securable securable, Privilege privilege) {
    List<Grant> found = new ArrayList<>();
    for (Securable container : securable.selfAndAncestors()) {
      for (Grant grant : grantsOn.getOrDefault(container, List.of())) {
        if (grant.privilege().implies(privilege)) {
          found.add(grant);
        }
      }
    }
    return found;
  }

  /** The grants that make {@code securable} visible (see {@code Authorizer}). */
  List<Grant> visibilityGrants(Securable securable) {
    List<Grant> found = new ArrayList<>(grantsAtOrBelow.getOrDefault(securable, List.of()));
    List<Securable> chain = securable.selfAndAncestors();
    for (Securable ancestor : chain.subList(1, chain.size())) {
      for (Grant grant : grantsOn.getOrDefault(ancestor, List.of())) {
        if (grant.privilege().revealedTypes().contains(securable.type())) {
          found.add(grant);
        }
      }
    }
    return found;
  }

  boolean isVisible(Securable securable) {
    if (securable.type() == SecurableType.CATALOG && isServiceAdministrator()) {
      return true;
    }
    if (grantsAtOrBelow.containsKey(securable)) {
      return true;
    }
    List<Securable> chain = securable.selfAndAncestors();
    for (Securable ancestor : chain.subList(1, chain.size())) {
      for (Grant grant : grantsOn.getOrDefault(ancestor, List.of())) {
        if (grant.privilege().revealedTypes().contains(securable.type())) {
          return true;
        }
      }
    }
    return false;
  }
}
