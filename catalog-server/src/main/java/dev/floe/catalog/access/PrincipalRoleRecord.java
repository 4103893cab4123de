package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A principal role.
 *
 * @param serviceAdministrator whether its members are service administrators
 */
public record PrincipalRoleRecord(String name, boolean serviceAdministrator, Instant createdAt) {
  public PrincipalRoleRecord {
    requireNonNull(name, "name is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
