package dev.floe.catalog.auth;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.PrincipalContext;
import java.util.Set;

/**
 * The authenticated caller of one request.
 *
 * @param context the principal and its active principal roles, as the authorizer sees them
 * @param issuer who vouched for the caller: Floe's own token issuer or the pinned OIDC issuer
 * @param clientAddress the remote address of the request
 * @param groups the identity provider's groups of a person (as its token names them, before the
 *     group-role prefix); empty for a service principal
 */
public record Caller(PrincipalContext context, String issuer, String clientAddress, Set<String> groups) {
  public Caller {
    requireNonNull(context, "context is null");
    requireNonNull(issuer, "issuer is null");
    requireNonNull(clientAddress, "clientAddress is null");
    groups = Set.copyOf(requireNonNull(groups, "groups is null"));
  }

  /** A caller without identity provider groups (a service principal). */
  public Caller(PrincipalContext context, String issuer, String clientAddress) {
    this(context, issuer, clientAddress, Set.of());
  }

  public String name() {
    return context.principal().name();
  }
}
