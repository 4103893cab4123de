package dev.floe.policy;

/** How an authorization decision ends, and what the server answers for it. */
public enum Outcome {
  /** The operation may go ahead. */
  ALLOW,
  /**
   * The caller may know the object (it holds some privilege on it, above it or inside it) but lacks
   * what the operation needs: answer 403 Forbidden.
   */
  DENY,
  /**
   * The caller holds no privilege that would let it know the object: answer 404 Not Found, exactly
   * as if the object did not exist, so that existence does not leak. The decision never depends on
   * whether the object exists.
   */
  NOT_FOUND
}
