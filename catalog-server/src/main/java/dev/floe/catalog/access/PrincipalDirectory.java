package dev.floe.catalog.access;

import java.util.Optional;

/**
 * The principals Floe knows, as authentication needs them. Implemented on PostgreSQL next to the
 * grant store; lookups by name are cached and the cache follows changes made on any node.
 */
public interface PrincipalDirectory {
  /**
   * The service principal whose client id and secret these are.
   *
   * @return the principal (possibly disabled: the caller decides what a disabled principal gets);
   *     empty for an unknown client id or a wrong secret, which the caller must not tell apart
   */
  Optional<PrincipalEntry> authenticateClient(String clientId, String secret);

  /** The principal of this name, service principal or a person known from an identity provider. */
  Optional<PrincipalEntry> principal(String name);
}
