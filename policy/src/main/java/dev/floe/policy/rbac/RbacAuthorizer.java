package dev.floe.policy.rbac;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Requirement;
import dev.floe.policy.Requirement.HasPrivilege;
import dev.floe.policy.Requirement.IsServiceAdministrator;
import dev.floe.policy.Requirement.IsVisible;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in authorizer: role-based access control over a {@link GrantStore}, with the rules
 * documented on {@link Authorizer}.
 *
 * <p>The grants of each distinct set of principal roles are resolved once and cached. The cache
 * belongs to one {@linkplain GrantStore#version() store version}: every decision reads the version,
 * and a new version starts an empty cache, so a grant change takes effect on the next decision
 * after the store bumps its version (on another node: after the server delivers the change
 * notice and the local store bumps it).
 */
public final class RbacAuthorizer implements Authorizer {
  /** Beyond this many distinct role sets the cache starts over, to bound memory. */
  static final int MAXIMUM_CACHED_ROLE_SETS = 10_000;

  private final GrantStore store;
  private final AtomicReference<Generation> generation;

  private record Generation(long version, ConcurrentHashMap<Set<String>, ResolvedGrants> byRoles) {}

  public RbacAuthorizer(GrantStore store) {
    this.store = requireNonNull(store, "store is null");
    this.generation = new AtomicReference<>(new Generation(Long.MIN_VALUE, new ConcurrentHashMap<>()));
  }

  @Override
  public Decision decide(PrincipalContext principal, Operation operation, List<Target> targets) {
    requireNonNull(principal, "principal is null");
    requireNonNull(operation, "operation is null");
    List<Requirement> requirements = operation.requirements(targets);
    String name = principal.principal().name();
    if (principal.principal().disabled()) {
      return Decision.deny("%s denied: principal %s is disabled".formatted(operation, name));
    }
    ResolvedGrants grants = resolved(principal.principalRoles());
    List<Grant> allowing = new ArrayList<>();
    List<String> met = new ArrayList<>();
    List<String> unmet = new ArrayList<>();
    List<Securable> hidden = new ArrayList<>();
    for (Requirement requirement : requirements) {
      switch (requirement) {
        case HasPrivilege(Securable securable, Privilege privilege) -> {
          List<Grant> found = grants.grantsFor(securable, privilege);
          if (found.isEmpty()) {
            unmet.add(privilege + " on " + securable);
            if (!grants.isVisible(securable)) {
              hidden.add(securable);
            }
          } else {
            met.add(privilege + " on " + securable);
            allowing.addAll(found);
          }
        }
        case IsVisible(Securable securable) -> {
          if (grants.isVisible(securable)) {
            met.add(securable + " visible");
            allowing.addAll(grants.visibilityGrants(securable));
          } else {
            unmet.add(securable + " visible");
            hidden.add(securable);
          }
        }
        case IsServiceAdministrator() -> {
          if (grants.isServiceAdministrator()) {
            met.add("service administrator through " + grants.serviceAdministratorRoles());
          } else {
            unmet.add("a service administrator role");
          }
        }
      }
    }
    if (!hidden.isEmpty()) {
      return Decision.notFound(
          "%s not found for %s: %s not visible (missing %s)"
              .formatted(operation, name, hidden, String.join(", ", unmet)));
    }
    if (!unmet.isEmpty()) {
      return Decision.deny(
          "%s denied for %s: missing %s".formatted(operation, name, String.join(", ", unmet)));
    }
    // concatenation, not a format: every warm request builds this reason
    return Decision.allow(
        operation + " allowed for " + name + ": " + (met.isEmpty() ? "needs no privilege" : String.join(", ", met)),
        allowing);
  }

  @Override
  public List<Target> filter(PrincipalContext principal, Operation listing, List<Target> candidates) {
    requireNonNull(principal, "principal is null");
    requireNonNull(listing, "listing is null");
    listing.checkListing(candidates);
    if (principal.principal().disabled()) {
      return List.of();
    }
    ResolvedGrants grants = resolved(principal.principalRoles());
    return candidates.stream().filter(candidate -> grants.isVisible(candidate.securable())).toList();
  }

  private ResolvedGrants resolved(Set<String> principalRoles) {
    long version = store.version();
    Generation current = generation.get();
    while (current.version() != version) {
      Generation fresh = new Generation(version, new ConcurrentHashMap<>());
      if (generation.compareAndSet(current, fresh)) {
        current = fresh;
      } else {
        current = generation.get();
      }
    }
    ResolvedGrants cached = current.byRoles().get(principalRoles);
    if (cached != null) {
      return cached;
    }
    // resolved outside any lock: a database-backed store may be slow
    ResolvedGrants resolved = ResolvedGrants.resolve(store, principalRoles);
    if (current.byRoles().size() >= MAXIMUM_CACHED_ROLE_SETS) {
      current.byRoles().clear();
    }
    ResolvedGrants raced = current.byRoles().putIfAbsent(principalRoles, resolved);
    return raced == null ? resolved : raced;
  }
}
