package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.TagDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * The writes of the governance store, each one transaction through {@link Jdbc}; the triggers of
 * V11 bump the governance version. Checks of meaning (schemas, expressions, audiences) are made
 * before, by the caller; these only resolve names to the ids rows are bound to and turn SQL states
 * into 404 and 409.
 */
final class GovernanceWrites {
  private final Jdbc jdbc;

  GovernanceWrites(Jdbc jdbc) {
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
  }

  // ---------------------------------------------------------------- tag definitions

  void createTag(TagDefinition tag, String actor) {
    write(connection -> {
      String parent = tag.parentName();
      if (parent != null && !exists(connection, "SELECT 1 FROM tag_definitions WHERE name = ?", parent)) {
        throw new BadRequestException("Tag '%s' needs its parent tag '%s' to be defined first", tag.name(), parent);
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO tag_definitions (name, description, applier_roles, created_by, updated_by) VALUES (?, ?, ?, ?, ?)")) {
        statement.setString(1, tag.name());
        statement.setString(2, tag.description());
        statement.setArray(3, Jdbc.textArray(statement, tag.applierRoles().stream().sorted().toList()));
        statement.setString(4, actor);
        statement.setString(5, actor);
        statement.executeUpdate();
      } catch (SQLException e) {
        if (DatabaseException.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw new AlreadyExistsException("Tag already exists: %s", tag.name());
        }
        throw e;
      }
      return null;
    });
  }

  void updateTag(TagDefinition tag, String actor) {
    int updated =
        jdbc.update(
            "UPDATE tag_definitions SET description = ?, applier_roles = ?, version = version + 1, updated_by = ?, updated_at = now()"
                + " WHERE name = ?",
            statement -> {
              statement.setString(1, tag.description());
              statement.setArray(2, Jdbc.textArray(statement, tag.applierRoles().stream().sorted().toList()));
              statement.setString(3, actor);
              statement.setString(4, tag.name());
            });
    if (updated == 0) {
      throw new NotFoundException("Tag does not exist: %s", tag.name());
    }
  }

  /**
   * Drops a tag definition: 409 while a child tag is defined, and while the tag is assigned or
   * masked unless {@code force}, which drops those assignments and masks with it.
   */
  void dropTag(String name, boolean force) {
    write(connection -> {
      if (!exists(connection, "SELECT 1 FROM tag_definitions WHERE name = ? FOR UPDATE", name)) {
        throw new NotFoundException("Tag does not exist: %s", name);
      }
      if (exists(connection, "SELECT 1 FROM tag_definitions WHERE starts_with(name, ? || '.')", name)) {
        throw new AlreadyExistsException("Tag %s has child tags; drop them first", name);
      }
      long assigned = count(connection, "SELECT count(*) FROM tag_assignments WHERE tag = ?", name);
      long masked = count(connection, "SELECT count(*) FROM column_masks WHERE tag = ?", name);
      if ((assigned > 0 || masked > 0) && !force) {
        throw new AlreadyExistsException(
            "Tag %s is in use (%d assignments, %d column masks); drop them first or drop the tag with force=true", name, assigned, masked);
      }
      update(connection, "DELETE FROM tag_assignments WHERE tag = ?", name);
      update(connection, "DELETE FROM column_masks WHERE tag = ?", name);
      update(connection, "DELETE FROM tag_definitions WHERE name = ?", name);
      return null;
    });
  }

  // ---------------------------------------------------------------- assignments

  /** Assigns a tag to a securable (and a column of it); returns the new assignment's id. */
  long assign(Securable securable, OptionalInt fieldId, String tag, String actor) {
    return write(connection -> insertAssignment(connection, securable, fieldId, tag, actor, false));
  }

  /** As {@link #assign}, leaving an existing assignment alone (for the one-time migration). */
  void assignIfAbsent(Securable securable, String tag, String actor) {
    write(connection -> insertAssignment(connection, securable, OptionalInt.empty(), tag, actor, true));
  }

  /** Whether a tag is defined. */
  boolean tagDefined(String name) {
    return jdbc.exists("SELECT 1 FROM tag_definitions WHERE name = ?", statement -> statement.setString(1, name));
  }

  private static long insertAssignment(
      Connection connection, Securable securable, OptionalInt fieldId, String tag, String actor, boolean ifAbsent) throws SQLException {
    {
      Binding binding = bind(connection, securable);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO tag_assignments (catalog_id, tag, securable_type, securable_path, namespace_id, object_id, field_id, assigned_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)" + (ifAbsent ? " ON CONFLICT DO NOTHING" : "") + " RETURNING id")) {
        statement.setLong(1, binding.catalogId());
        statement.setString(2, tag);
        statement.setString(3, securable.type().name());
        statement.setArray(4, pathBelowCatalog(statement, securable));
        setNullableLong(statement, 5, binding.namespaceId());
        setNullableLong(statement, 6, binding.objectId());
        if (fieldId.isPresent()) {
          statement.setInt(7, fieldId.getAsInt());
        } else {
          statement.setNull(7, Types.INTEGER);
        }
        statement.setString(8, actor);
        try (ResultSet results = statement.executeQuery()) {
          return results.next() ? results.getLong(1) : -1;
        }
      } catch (SQLException e) {
        if (DatabaseException.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw new AlreadyExistsException("Tag %s is already assigned to %s%s", tag, securable, fieldId.isPresent() ? " field id " + fieldId.getAsInt() : "");
        }
        if (DatabaseException.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
          throw new BadRequestException("Tag '%s' is not defined", tag);
        }
        throw e;
      }
    }
  }

  void unassign(long id) {
    if (jdbc.update("DELETE FROM tag_assignments WHERE id = ?", statement -> statement.setLong(1, id)) == 0) {
      throw new NotFoundException("Tag assignment does not exist: %d", id);
    }
  }

  // ---------------------------------------------------------------- row filters

  long createRowFilter(Securable table, String storedExpression, String audienceJson, String actor) {
    return write(connection -> {
      Binding binding = bind(connection, table);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO row_filters (catalog_id, object_id, securable_path, expression, audience, created_by, updated_by)"
                  + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id")) {
        statement.setLong(1, binding.catalogId());
        statement.setLong(2, binding.objectId());
        statement.setArray(3, pathBelowCatalog(statement, table));
        statement.setString(4, storedExpression);
        statement.setString(5, audienceJson);
        statement.setString(6, actor);
        statement.setString(7, actor);
        try (ResultSet results = statement.executeQuery()) {
          results.next();
          return results.getLong(1);
        }
      }
    });
  }

  void updateRowFilter(long id, String storedExpression, String audienceJson, String actor) {
    int updated =
        jdbc.update(
            "UPDATE row_filters SET expression = ?, audience = ?::jsonb, version = version + 1, updated_by = ?, updated_at = now() WHERE id = ?",
            statement -> {
              statement.setString(1, storedExpression);
              statement.setString(2, audienceJson);
              statement.setString(3, actor);
              statement.setLong(4, id);
            });
    if (updated == 0) {
      throw new NotFoundException("Row filter does not exist: %d", id);
    }
  }

  void dropRowFilter(long id) {
    if (jdbc.update("DELETE FROM row_filters WHERE id = ?", statement -> statement.setLong(1, id)) == 0) {
      throw new NotFoundException("Row filter does not exist: %d", id);
    }
  }

  // ---------------------------------------------------------------- column masks

  /**
   * Creates a column mask in {@code catalog} ({@code id} empty) or replaces the target, mask and
   * audience of mask {@code id} (raising its version); returns its id.
   */
  long saveColumnMask(Optional<Long> id, String catalog, MaskTarget target, String maskJson, String audienceJson, String actor) {
    return write(connection -> {
      long catalogId;
      Long objectId = null;
      java.sql.Array path = null;
      Integer fieldId = null;
      String tag = null;
      switch (target) {
        case MaskTarget.Column column -> {
          Binding binding = bind(connection, column.table());
          catalogId = binding.catalogId();
          objectId = binding.objectId();
          path = connection.createArrayOf("text", below(column.table()));
          fieldId = column.fieldId();
        }
        case MaskTarget.Tag onTag -> {
          catalogId = catalogId(connection, catalog);
          tag = onTag.tag();
        }
      }
      String sql =
          id.isEmpty()
              ? "INSERT INTO column_masks (catalog_id, object_id, securable_path, field_id, tag, mask, audience, created_by, updated_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) RETURNING id"
              : "UPDATE column_masks SET catalog_id = ?, object_id = ?, securable_path = ?, field_id = ?, tag = ?, mask = ?::jsonb,"
                  + " audience = ?::jsonb, updated_by = ?, version = version + 1, updated_at = now() WHERE id = ? AND catalog_id = ? RETURNING id";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, catalogId);
        setNullableLong(statement, 2, objectId);
        statement.setArray(3, path);
        if (fieldId == null) {
          statement.setNull(4, Types.INTEGER);
        } else {
          statement.setInt(4, fieldId);
        }
        statement.setString(5, tag);
        statement.setString(6, maskJson);
        statement.setString(7, audienceJson);
        statement.setString(8, actor);
        if (id.isEmpty()) {
          statement.setString(9, actor);
        } else {
          statement.setLong(9, id.get());
          statement.setLong(10, catalogId);
        }
        try (ResultSet results = statement.executeQuery()) {
          if (!results.next()) {
            throw new NotFoundException("Column mask does not exist: %d", id.orElse(0L));
          }
          return results.getLong(1);
        }
      } catch (SQLException e) {
        if (DatabaseException.FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) && tag != null) {
          throw new BadRequestException("Tag '%s' is not defined", tag);
        }
        throw e;
      }
    });
  }

  void dropColumnMask(long id) {
    if (jdbc.update("DELETE FROM column_masks WHERE id = ?", statement -> statement.setLong(1, id)) == 0) {
      throw new NotFoundException("Column mask does not exist: %d", id);
    }
  }

  // ---------------------------------------------------------------- one-time steps

  /** Whether a one-time step has run. */
  boolean migrationDone(String name) {
    return jdbc.exists("SELECT 1 FROM governance_migrations WHERE name = ?", statement -> statement.setString(1, name));
  }

  /**
   * Runs a one-time step in one transaction under an advisory lock (two nodes starting at once run
   * it once) and records it; returns whether it ran now.
   */
  boolean runOnce(String name, java.util.function.Function<GovernanceWrites, String> step) {
    return write(connection -> {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended('floe-governance-migration' || ?, 0))")) {
        lock.setString(1, name);
        lock.execute();
      }
      if (exists(connection, "SELECT 1 FROM governance_migrations WHERE name = ?", name)) {
        return false;
      }
      String details = step.apply(this);
      update(connection, "INSERT INTO governance_migrations (name, details) VALUES (?, ?)", name, details);
      return true;
    });
  }

  // ---------------------------------------------------------------- helpers

  /** The ids a securable's rows are bound to. */
  private record Binding(long catalogId, Long namespaceId, Long objectId) {}

  private static Binding bind(Connection connection, Securable securable) throws SQLException {
    long catalogId = catalogId(connection, securable.catalogName());
    return switch (securable.type()) {
      case CATALOG -> new Binding(catalogId, null, null);
      case NAMESPACE -> {
        Namespace namespace = Namespace.of(securable.namespaceLevels().toArray(String[]::new));
        Long id = id(connection, "SELECT id FROM namespaces WHERE catalog_id = ? AND path = ?", catalogId, NamespacePaths.path(namespace));
        if (id == null) {
          throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
        yield new Binding(catalogId, id, null);
      }
      case TABLE, VIEW -> {
        Namespace namespace = Namespace.of(securable.namespaceLevels().toArray(String[]::new));
        Long id =
            id(
                connection,
                "SELECT id FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ? AND kind = ?",
                catalogId,
                NamespacePaths.path(namespace),
                securable.name(),
                securable.type().name());
        if (id == null) {
          if (securable.type() == SecurableType.TABLE) {
            throw new NoSuchTableException("Table does not exist: %s", securable);
          }
          throw new NoSuchViewException("View does not exist: %s", securable);
        }
        yield new Binding(catalogId, null, id);
      }
    };
  }

  private static long catalogId(Connection connection, String catalog) throws SQLException {
    Long id = id(connection, "SELECT id FROM catalogs WHERE name = ?", catalog);
    if (id == null) {
      throw new NotFoundException("Catalog does not exist: %s", catalog);
    }
    return id;
  }

  private static Long id(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      for (Object parameter : parameters) {
        statement.setObject(index++, parameter);
      }
      try (ResultSet results = statement.executeQuery()) {
        return results.next() ? results.getLong(1) : null;
      }
    }
  }

  private static String[] below(Securable securable) {
    List<String> path = securable.path();
    return path.subList(1, path.size()).toArray(String[]::new);
  }

  private static java.sql.Array pathBelowCatalog(PreparedStatement statement, Securable securable) throws SQLException {
    return statement.getConnection().createArrayOf("text", below(securable));
  }

  private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet results = statement.executeQuery()) {
        return results.next();
      }
    }
  }

  private static long count(Connection connection, String sql, String parameter) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet results = statement.executeQuery()) {
        results.next();
        return results.getLong(1);
      }
    }
  }

  private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  private <T> T write(Jdbc.Work<T> work) {
    try {
      return jdbc.inTransaction(work);
    } catch (DatabaseException.ForeignKeyViolation e) {
      throw new NotFoundException("Something the governance change names was dropped concurrently");
    }
  }
}
