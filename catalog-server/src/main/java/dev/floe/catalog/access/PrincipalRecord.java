package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A principal as the management API shows it: never its secret or the secret's hash.
 *
 * @param name the unique name
 * @param id the random id of this principal instance (another one after a drop and a new create)
 * @param clientId the client id of a service principal; empty for a person known from an
 *     identity provider
 * @param disabled whether it is disabled (denied everything, cannot obtain tokens)
 * @param principalRoles the principal roles assigned to it
 * @param properties free-form properties given at creation
 * @param credentialGeneration 1 at creation, bumped by every rotation of the secret
 * @param credentialsRotatedAt when the secret was last rotated; empty when it never was
 */
public record PrincipalRecord(
    String name,
    UUID id,
    Optional<String> clientId,
    boolean disabled,
    Set<String> principalRoles,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt,
    long credentialGeneration,
    Optional<Instant> credentialsRotatedAt) {
  public PrincipalRecord {
    requireNonNull(name, "name is null");
    requireNonNull(id, "id is null");
    requireNonNull(credentialsRotatedAt, "credentialsRotatedAt is null");
    requireNonNull(clientId, "clientId is null");
    principalRoles = Set.copyOf(requireNonNull(principalRoles, "principalRoles is null"));
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** What authentication needs of it. */
  public PrincipalEntry entry() {
    return new PrincipalEntry(name, id, disabled, principalRoles, clientId, credentialGeneration, credentialsRotatedAt);
  }
}
