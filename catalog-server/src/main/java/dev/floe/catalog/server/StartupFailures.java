package dev.floe.catalog.server;

import io.quarkus.runtime.QuarkusBindException;
import java.net.BindException;
import java.util.Optional;

/**
 * What went wrong when Floe could not start, as one line that says what to do: the port in use,
 * the data directory in use by another Floe, a configuration Floe refuses. Other failures are
 * faults of Floe: their line is followed by the stack trace.
 */
final class StartupFailures {
  private StartupFailures() {}

  /** A start-up failure an operator can act on: its message says what to do. */
  static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  /** The port Floe cannot listen on because something else does. */
  static Refusal portInUse(String host, int port) {
    return new Refusal(
        "Port %d on %s is already in use (another Floe?): stop what listens there, or set QUARKUS_HTTP_PORT to a free port"
            .formatted(port, host));
  }

  /** The data directory whose embedded PostgreSQL another process holds. */
  static Refusal dataDirectoryInUse(String dataDirectory) {
    return new Refusal(
        ("The data directory %s is in use by another Floe (its embedded PostgreSQL holds %s/postgres/epg-lock): stop that"
                + " Floe, or give this one another data directory with FLOE_DATA_DIR")
            .formatted(dataDirectory, dataDirectory));
  }

  /**
   * The one line for {@code failure}, when it is one an operator can act on: a {@link Refusal},
   * a port in use, or a setting Floe refuses at start-up (an {@link IllegalStateException} or
   * {@link IllegalArgumentException} of Floe's own code, a configuration Quarkus cannot read).
   */
  static Optional<String> explain(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof Refusal) {
        return Optional.of(cause.getMessage());
      }
      if (cause instanceof QuarkusBindException bind) {
        return Optional.of(portInUse(bind.getHost(), bind.getPort()).getMessage());
      }
      if (cause instanceof BindException) {
        return Optional.of("Cannot listen: " + cause.getMessage() + ": stop what listens on the port, or set QUARKUS_HTTP_PORT to a free port");
      }
      if ((cause instanceof IllegalStateException || cause instanceof IllegalArgumentException)
          && cause.getMessage() != null
          && thrownByFloe(cause)) {
        return Optional.of(cause.getMessage());
      }
      if (cause.getClass().getName().equals("io.smallrye.config.ConfigValidationException")) {
        return Optional.of("Invalid configuration: " + cause.getMessage().strip().replaceAll("\\s*\\n\\s*", "; "));
      }
    }
    return Optional.empty();
  }

  private static boolean thrownByFloe(Throwable cause) {
    StackTraceElement[] trace = cause.getStackTrace();
    // the frame that made it, or the one that called Optional.orElseThrow
    for (int frame = 0; frame < Math.min(2, trace.length); frame++) {
      if (trace[frame].getClassName().startsWith("dev.floe.")) {
        return true;
      }
    }
    return false;
  }
}
