package dev.floe.trino;

/**
 * Floe could not answer (unreachable, timed out, refused the plugin, answered nonsense): every
 * decision on a governed catalog that needs an answer denies, with the message {@link
 * #DENIAL_MESSAGE}.
 */
public final class PolicyServiceUnavailableException extends RuntimeException {
  /** What a denied query tells its user. */
  public static final String DENIAL_MESSAGE = "Floe policy service unavailable";

  public PolicyServiceUnavailableException(String message) {
    super(message);
  }

  public PolicyServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
