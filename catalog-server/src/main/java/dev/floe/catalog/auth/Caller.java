package dev.floe.catalog.auth;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.PrincipalContext;

/**
 * The authenticated caller of one request.
 *
 * @param context the principal and its active principal roles, as the authorizer sees them
 * @param issuer who vouched for the caller: Floe's own token issuer or the pinned OIDC issuer
 * @param clientAddress the remote address of the request
 */
public record Caller(PrincipalContext context, String issuer, String clientAddress) {
  public Caller {
    requireNonNull(context, "context is null");
    requireNonNull(issuer, "issuer is null");
    requireNonNull(clientAddress, "clientAddress is null");
  }

  public String name() {
    return context.principal().name();
  }
}
