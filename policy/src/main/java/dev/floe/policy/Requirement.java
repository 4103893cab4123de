package dev.floe.policy;

import static java.util.Objects.requireNonNull;

/** One condition an operation needs; {@link Operation#requirements} lists them. */
public sealed interface Requirement {
  /**
   * The caller holds {@code privilege} on {@code securable}: granted on it or on a container
   * above it, directly or through a privilege that implies it.
   */
  record HasPrivilege(Securable securable, Privilege privilege) implements Requirement {
    public HasPrivilege {
      requireNonNull(securable, "securable is null");
      requireNonNull(privilege, "privilege is null");
    }
  }

  /**
   * The caller may know that {@code securable} exists (see {@link Authorizer} for the rule); used
   * by existence checks, listings and the catalog configuration, which need no particular
   * privilege.
   */
  record IsVisible(Securable securable) implements Requirement {
    public IsVisible {
      requireNonNull(securable, "securable is null");
    }
  }

  /** The caller has a principal role the grant store names as a service administrator role. */
  record IsServiceAdministrator() implements Requirement {}
}
