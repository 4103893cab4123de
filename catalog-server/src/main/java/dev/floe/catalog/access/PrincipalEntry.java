package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * A principal as stored: its name, whether it is disabled, the principal roles assigned to it, and
 * for a service principal its client id.
 */
public record PrincipalEntry(
    String name, boolean disabled, Set<String> principalRoles, Optional<String> clientId) {
  public PrincipalEntry {
    requireNonNull(name, "name is null");
    principalRoles = Set.copyOf(requireNonNull(principalRoles, "principalRoles is null"));
    requireNonNull(clientId, "clientId is null");
  }
}
