package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The identity a query runs as, as the engine knows it.
 *
 * @param user the principal name (for a person, the OIDC subject or user name Floe knows it by)
 * @param groups the identity provider's groups of the user
 * @param principalRoles the principal roles active for the user, resolved by Floe
 */
public record CallerIdentity(String user, Set<String> groups, Set<String> principalRoles) {
  public CallerIdentity {
    requireNonNull(user, "user is null");
    requireNonNull(groups, "groups is null");
    requireNonNull(principalRoles, "principalRoles is null");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user is empty");
    }
    groups = Set.copyOf(groups);
    principalRoles = Set.copyOf(principalRoles);
  }
}
