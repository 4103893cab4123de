package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Securable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
import javax.sql.DataSource;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * The access store's use of the shared {@link Jdbc} helper: a transaction per write, the SQL
 * states a concurrent change can cause turned into 404 and 409, and the existence checks writes
 * share.
 */
final class AccessJdbc {
  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";
  static final String CHECK_VIOLATION = "23514";

  private final Jdbc jdbc;

  AccessJdbc(DataSource dataSource) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
  }

  /** Runs {@code work} on a connection of its own, in auto-commit (the shared {@link Jdbc} helper's). */
  <T> T read(Jdbc.Work<T> work) {
    return jdbc.onConnection(work);
  }

  /**
   * Runs {@code work} in a transaction (the shared {@link Jdbc} helper's): committed when it
   * returns, rolled back when it throws. A foreign key violation (something named was dropped
   * concurrently) is a 404, a unique violation a 409.
   */
  <T> T write(Jdbc.Work<T> work) {
    try {
      return jdbc.inTransaction(work);
    } catch (DatabaseException.ForeignKeyViolation e) {
      // dropped concurrently between the existence check and the change
      throw new NotFoundException("A principal, role or catalog named in the request no longer exists");
    } catch (DatabaseException.UniqueViolation e) {
      throw new AlreadyExistsException("Already exists: %s", e.getCause().getMessage());
    }
  }

  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  static void requirePrincipal(Connection connection, String name) throws SQLException {
    requireExists(connection, "SELECT 1 FROM principals WHERE name = ?", name, "Principal does not exist: %s");
  }

  static void requirePrincipalRole(Connection connection, String name) throws SQLException {
    requireExists(connection, "SELECT 1 FROM principal_roles WHERE name = ?", name, "Principal role does not exist: %s");
  }

  /** The id of a catalog; 404 when there is none of that name. */
  static long catalogId(Connection connection, String catalog) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM catalogs WHERE name = ?")) {
      statement.setString(1, catalog);
      try (ResultSet results = statement.executeQuery()) {
        if (!results.next()) {
          throw new NotFoundException("Catalog does not exist: %s", catalog);
        }
        return results.getLong(1);
      }
    }
  }

  /** The id of the catalog of a catalog role that exists; 404 when the catalog or the role does not. */
  static long requireCatalogRole(Connection connection, CatalogRole role) throws SQLException {
    long catalogId = catalogId(connection, role.catalog());
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM catalog_roles WHERE catalog_id = ? AND name = ?")) {
      statement.setLong(1, catalogId);
      statement.setString(2, role.name());
      try (ResultSet results = statement.executeQuery()) {
        if (!results.next()) {
          throw notFound(role);
        }
      }
    }
    return catalogId;
  }

  static NotFoundException notFound(CatalogRole role) {
    return new NotFoundException("Catalog role does not exist: %s in catalog %s", role.name(), role.catalog());
  }

  /** The securable's path below its catalog, as the {@code text[]} the grants table stores. */
  static Array pathBelowCatalog(Connection connection, Securable securable) throws SQLException {
    List<String> path = securable.path();
    return connection.createArrayOf("text", path.subList(1, path.size()).toArray(String[]::new));
  }

  private static void requireExists(Connection connection, String sql, String name, String message) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      try (ResultSet results = statement.executeQuery()) {
        if (!results.next()) {
          throw new NotFoundException(message, name);
        }
      }
    }
  }
}
