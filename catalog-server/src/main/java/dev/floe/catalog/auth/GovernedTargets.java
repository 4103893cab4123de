package dev.floe.catalog.auth;

import dev.floe.policy.Securable;

/**
 * Whether governance policies (row filters, column masks) could reach anyone on a securable: reads
 * of such a target are audited one event per access, never aggregated. The server's answer comes
 * from the governance data ({@code governance.GovernanceTagSource}).
 */
@FunctionalInterface
public interface GovernedTargets {
  /**
   * Whether a row filter or column mask could reach someone on {@code securable}.
   *
   * @throws RuntimeException when the governance data cannot be read (callers then treat the target
   *     as governed)
   */
  boolean governed(Securable securable);

  /** No target is governed. */
  static GovernedTargets none() {
    return securable -> false;
  }
}
