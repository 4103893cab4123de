package dev.floe.policy;

import static java.util.Objects.requireNonNull;

/**
 * A caller: a service principal (client credentials) or a person (an OIDC subject).
 *
 * @param name the principal's unique name
 * @param disabled whether the principal has been disabled; a disabled principal is denied
 *     everything, whatever its roles
 */
public record Principal(String name, boolean disabled) {
  public Principal {
    requireNonNull(name, "name is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Principal name is empty");
    }
  }
}
