package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who is asking: the authenticated principal and the principal roles active for this request.
 *
 * <p>The server resolves the roles before calling the authorizer: the principal roles assigned to
 * the principal, narrowed to those the access token asks for, or mapped from the identity
 * provider's groups. The authorizer trusts this set; it does not look roles up by principal name.
 *
 * @param principal the caller
 * @param principalRoles the names of the principal roles active for this request
 */
public record PrincipalContext(Principal principal, Set<String> principalRoles) {
  public PrincipalContext {
    requireNonNull(principal, "principal is null");
    requireNonNull(principalRoles, "principalRoles is null");
    principalRoles = Set.copyOf(principalRoles);
  }
}
