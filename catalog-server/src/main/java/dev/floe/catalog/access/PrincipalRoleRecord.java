package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A principal role.
 *
 * @param serviceAdministrator whether its members are service administrators
 * @param trustedEngine whether its members are trusted engines: they may evaluate governance for
 *     any identity and get raw data access on governed tables, since they enforce the policies
 */
public record PrincipalRoleRecord(String name, boolean serviceAdministrator, boolean trustedEngine, Instant createdAt) {
  public PrincipalRoleRecord {
    requireNonNull(name, "name is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  /** A role that is not a trusted engine role. */
  public PrincipalRoleRecord(String name, boolean serviceAdministrator, Instant createdAt) {
    this(name, serviceAdministrator, false, createdAt);
  }
}
