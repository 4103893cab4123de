package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A principal as stored: its name, whether it is disabled, the principal roles assigned to it, and
 * for a service principal its client id.
 *
 * @param id the random id of this principal instance: a principal dropped and created again under
 *     the same name has another id
 * @param credentialGeneration 1 at creation, bumped by every rotation of the secret
 * @param credentialsRotatedAt when the secret was last rotated; empty when it never was
 */
public record PrincipalEntry(
    String name,
    UUID id,
    boolean disabled,
    Set<String> principalRoles,
    Optional<String> clientId,
    long credentialGeneration,
    Optional<Instant> credentialsRotatedAt) {
  public PrincipalEntry {
    requireNonNull(name, "name is null");
    requireNonNull(id, "id is null");
    principalRoles = Set.copyOf(requireNonNull(principalRoles, "principalRoles is null"));
    requireNonNull(clientId, "clientId is null");
    requireNonNull(credentialsRotatedAt, "credentialsRotatedAt is null");
    if (credentialGeneration < 1) {
      throw new IllegalArgumentException("credentialGeneration must be at least 1, got " + credentialGeneration);
    }
  }
}
