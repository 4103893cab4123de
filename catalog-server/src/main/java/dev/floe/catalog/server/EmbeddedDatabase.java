package dev.floe.catalog.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The embedded default: a real PostgreSQL server whose data directory lives under Floe's data
 * directory, started before Quarkus when no database URL is configured.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  private static volatile EmbeddedDatabase running;

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL with its data under {@code dataDirectory/postgres}, reusing existing data. */
  public static synchronized EmbeddedDatabase start(Path dataDirectory) {
    Path pgData = dataDirectory.resolve("postgres");
    try {
      Files.createDirectories(pgData);
      long started = System.nanoTime();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              // the library's own shutdown hook would stop PostgreSQL at once on SIGTERM, while
              // Quarkus still writes (queued audit events); FloeMain stops it after Quarkus
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              // the library's default is off (fast tests); a commit Floe acknowledged must survive
              // a crash of PostgreSQL or the machine
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .start();
      LOG.infof(
          "Embedded PostgreSQL started on port %d with data in %s (%d ms)",
          postgres.getPort(), pgData, (System.nanoTime() - started) / 1_000_000);
      running = new EmbeddedDatabase(postgres);
      return running;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData, e);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("could not lock")) {
        // the library's lock file: another process runs PostgreSQL on this data directory
        throw StartupFailures.dataDirectoryInUse(dataDirectory.toString());
      }
      throw e;
    }
  }

  /** The datasource settings Quarkus should use for this database. */
  public Map<String, String> datasourceProperties() {
    return Map.of(
        "quarkus.datasource.jdbc.url",
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
        "quarkus.datasource.username",
        "postgres",
        "quarkus.datasource.password",
        "");
  }

  /** Stops the embedded database started by this process, if any. */
  public static synchronized void stopRunning() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
