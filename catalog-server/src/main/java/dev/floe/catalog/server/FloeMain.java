package dev.floe.catalog.server;

import dev.floe.catalog.config.FloeConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point. When no database URL is configured (system property or environment variable),
 * starts the embedded PostgreSQL under the data directory first, then Quarkus.
 */
@QuarkusMain
public final class FloeMain {
  private static final CountDownLatch QUARKUS_STOPPED = new CountDownLatch(1);

  private FloeMain() {}

  public static void main(String... args) {
    if (setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL") == null) {
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
    int[] exitCode = {0};
    try {
      // an exit handler that does not call System.exit, so that main gets to stop PostgreSQL
      Quarkus.run(
          FloeApplication.class,
          (code, failure) -> {
            exitCode[0] = code;
            if (failure != null) {
              // a start-up failure (bad configuration, database unreachable, ...) must be seen
              System.err.println("Floe failed to start: " + describe(failure));
              failure.printStackTrace(System.err);
            }
          },
          args);
    } finally {
      EmbeddedDatabase.stopRunning();
      QUARKUS_STOPPED.countDown();
    }
    System.exit(exitCode[0]);
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
