package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The identity a query runs as, as the engine knows it.
 *
 * @param user the principal name (for a person, the OIDC subject or user name Floe knows it by)
 * @param groups the identity provider's groups of the user; absent: none
 * @param principalRoles the principal roles active for the user, resolved by Floe; absent: none
 */
public record CallerIdentity(String user, Set<String> groups, Set<String> principalRoles) {
  public CallerIdentity {
    requireNonNull(user, "user is null");

    if (user.isEmpty()) {
      throw new IllegalArgumentException("user is empty");
    }
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    principalRoles = principalRoles == null ? Set.of() : Set.copyOf(principalRoles);
  }
}
