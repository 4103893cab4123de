package dev.floe.policy.opa;

/** OPA could not be reached, refused, or answered something Floe cannot trust. */
public final class OpaException extends RuntimeException {
  public OpaException(String message) {
    super(message);
  }

  public OpaException(String message, Throwable cause) {
    super(message, cause);
  }
}
