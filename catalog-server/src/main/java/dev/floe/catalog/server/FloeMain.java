package dev.floe.catalog.server;

import dev.floe.catalog.config.FloeConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point. When no database URL is configured (system property or environment variable),
 * starts the embedded PostgreSQL under the data directory first, then Quarkus; that embedded
 * default listens on 127.0.0.1 unless {@code QUARKUS_HTTP_HOST} is set. A start-up failure an
 * operator can act on (port in use, data directory in use, a refused setting) is one line on
 * standard error that says what to do ({@link StartupFailures}).
 */
@QuarkusMain
public final class FloeMain {
  private static final CountDownLatch QUARKUS_STOPPED = new CountDownLatch(1);
  /** Where the embedded default listens unless QUARKUS_HTTP_HOST says otherwise. */
  static final String EMBEDDED_HOST = "127.0.0.1";
  private static final int DEFAULT_PORT = 8181;
  /** Loggers whose levels were set before Quarkus configures logging (held: JUL keeps them weakly). */
  private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

  private FloeMain() {}

  public static void main(String... args) {
    quietUntilQuarkusLogs();
    try {
      boolean embedded = setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL") == null;
      if (embedded && setting("quarkus.http.host", "QUARKUS_HTTP_HOST") == null) {
        // the embedded default is for this machine: reachable from elsewhere only when asked for
        System.setProperty("quarkus.http.host", EMBEDDED_HOST);
      }
      checkPortIsFree();
      if (embedded) {
        startEmbeddedDatabase();
      }
    } catch (RuntimeException e) {
      report(e, System.err);
      EmbeddedDatabase.stopRunning();
      System.exit(1);
    }
    int[] exitCode = {0};
    try {
      // an exit handler that does not call System.exit, so that main gets to stop PostgreSQL
      Quarkus.run(
          FloeApplication.class,
          (code, failure) -> {
            exitCode[0] = code;
            if (failure != null) {
              // a start-up failure (bad configuration, database unreachable, ...) must be seen
              report(failure, System.err);
            }
          },
          args);
    } finally {
      EmbeddedDatabase.stopRunning();
      QUARKUS_STOPPED.countDown();
    }
    System.exit(exitCode[0]);
  }

  private static void startEmbeddedDatabase() {
    String dataDir = setting("floe.data-dir", "FLOE_DATA_DIR");
    Path dataDirectory = Path.of(dataDir == null ? FloeConfig.DEFAULT_DATA_DIR : dataDir).toAbsolutePath();
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory.normalize());
    database.datasourceProperties().forEach(System::setProperty);
    System.setProperty("floe.data-dir", dataDirectory.normalize().toString());
    // On SIGTERM, stop PostgreSQL only after Quarkus has shut down (it still has connections).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    QUARKUS_STOPPED.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  EmbeddedDatabase.stopRunning();
                },
                "floe-embedded-db-stop"));
  }

  /**
   * Until Quarkus configures logging, every record is held and, when Floe stops before that
   * (another Floe holds the data directory), dumped to standard error: the embedded PostgreSQL's
   * DEBUG and TRACE records are not worth it.
   */
  private static void quietUntilQuarkusLogs() {
    for (String category : List.of("io.zonky", "java.lang.ProcessBuilder", "org.jboss.logging")) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }

  /** Refuses to start when the HTTP port is taken, before the embedded PostgreSQL starts. */
  private static void checkPortIsFree() {
    String port = setting("quarkus.http.port", "QUARKUS_HTTP_PORT");
    int number;
    try {
      number = port == null ? DEFAULT_PORT : Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      return; // Quarkus names the bad value
    }
    if (number <= 0) {
      return;
    }
    String host = setting("quarkus.http.host", "QUARKUS_HTTP_HOST");
    host = host == null ? "0.0.0.0" : host;
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, number));
    } catch (BindException e) {
      throw StartupFailures.portInUse(host, number);
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      // an address Floe cannot check here: Quarkus will say what is wrong with it
    }
  }

  /** One line for a failure an operator can act on; other failures with their stack trace. */
  static void report(Throwable failure, PrintStream err) {
    Optional<String> explained = StartupFailures.explain(failure);
    if (explained.isPresent()) {
      err.println("Floe failed to start: " + explained.get());
    } else {
      err.println("Floe failed to start: " + describe(failure));
      failure.printStackTrace(err);
    }
    err.flush();
  }

  /** The messages of a failure and its causes, outermost first: what went wrong, in one line. */
  static String describe(Throwable failure) {
    StringBuilder message = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause.getMessage() != null && message.indexOf(cause.getMessage()) < 0) {
        if (!message.isEmpty()) {
          message.append(": ");
        }
        message.append(cause.getMessage());
      }
    }
    return message.isEmpty() ? failure.getClass().getName() : message.toString();
  }

  /** Runs until Quarkus is asked to stop. */
  public static final class FloeApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
      Quarkus.waitForExit();
      return 0;
    }
  }

  private static String setting(String property, String environmentVariable) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environmentVariable);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
