package dev.floe.catalog.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL of its own (zonky, as the server's embedded database) with Floe's migrations
 * applied, for the tests of the audit store.
 */
final class AuditDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private AuditDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL under {@code target/it/<name>}; {@code durable} turns synchronous_commit on
   * (zonky's default is off), as a production database would have it.
   */
  static AuditDatabase start(String name, boolean durable) {
    Path data = Path.of(System.getProperty("floe.it.work-dir", "target/it")).resolve(name);
    try {
      Files.createDirectories(data);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(true)
              .setServerConfig("synchronous_commit", durable ? "on" : "off")
              .start();
      Flyway.configure()
          .dataSource(postgres.getPostgresDatabase())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      return new AuditDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start PostgreSQL for the audit tests", e);
    }
  }

  DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  void truncate() {
    execute("TRUNCATE audit_events, audit_checkpoints");
    execute("UPDATE audit_chain_head SET seq = 0, hash = decode(repeat('00', 32), 'hex')");
  }

  void execute(String sql) {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long count() {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        java.sql.ResultSet results = statement.executeQuery("SELECT count(*) FROM audit_events")) {
      results.next();
      return results.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
