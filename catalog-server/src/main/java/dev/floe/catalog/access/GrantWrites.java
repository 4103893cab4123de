package dev.floe.catalog.access;

import static dev.floe.catalog.access.AccessJdbc.update;
import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Writes to catalog roles, their assignments to principal roles and their grants, each a
 * transaction of its own. Grants on namespaces, tables and views are bound to the object by id
 * (V9__grant_binding.sql): the triggers there move them with a rename, drop them with the object
 * and bind pending grants when their object is created.
 */
final class GrantWrites {
  private final AccessJdbc jdbc;

  GrantWrites(AccessJdbc jdbc) {
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
  }

  void createCatalogRole(CatalogRole role) {
    AccessNames.checkRoleName(role.name(), "catalog role");
    jdbc.write(
        connection -> {
          long catalogId = AccessJdbc.catalogId(connection, role.catalog());
          if (update(
                  connection,
                  "INSERT INTO catalog_roles (catalog_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                  catalogId,
                  role.name())
              == 0) {
            throw new AlreadyExistsException("Catalog role already exists: %s in catalog %s", role.name(), role.catalog());
          }
          return null;
        });
  }

  void dropCatalogRole(CatalogRole role) {
    jdbc.write(
        connection -> {
          long catalogId = AccessJdbc.catalogId(connection, role.catalog());
          if (update(connection, "DELETE FROM catalog_roles WHERE catalog_id = ? AND name = ?", catalogId, role.name()) == 0) {
            throw AccessJdbc.notFound(role);
          }
          return null;
        });
  }

  boolean assignCatalogRole(String principalRole, CatalogRole role) {
    return changeAssignment(
        principalRole,
        role,
        "INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING");
  }

  boolean unassignCatalogRole(String principalRole, CatalogRole role) {
    return changeAssignment(
        principalRole,
        role,
        "DELETE FROM catalog_role_assignments WHERE principal_role = ? AND catalog_id = ? AND catalog_role = ?");
  }

  /**
   * Runs {@code sql} (parameters: principal role, catalog id, catalog role) once both roles exist;
   * whether it changed a row.
   */
  private boolean changeAssignment(String principalRole, CatalogRole role, String sql) {
    return jdbc.write(
        connection -> {
          AccessJdbc.requirePrincipalRole(connection, principalRole);
          long catalogId = AccessJdbc.requireCatalogRole(connection, role);
          return update(connection, sql, principalRole, catalogId, role.name()) > 0;
        });
  }

  GrantResult grant(CatalogRole role, Privilege privilege, Securable securable, boolean allowMissing) {
    Grant grant = checkedGrant(role, privilege, securable);
    return jdbc.write(
        connection -> {
          long catalogId = AccessJdbc.requireCatalogRole(connection, role);
          Array path = AccessJdbc.pathBelowCatalog(connection, grant.securable());
          Long namespaceId = null;
          Long objectId = null;
          SecurableType type = grant.securable().type();
          if (type != SecurableType.CATALOG) {
            // the lock an object's creation takes too: no object of this name appears between
            // looking for it and storing the grant pending
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(floe_grant_lock(?, ?, ?))")) {
              lock.setLong(1, catalogId);
              lock.setString(2, type.name());
              lock.setArray(3, path);
              lock.execute();
            }
            Optional<Long> id = objectId(connection, catalogId, grant.securable());
            if (id.isEmpty() && !allowMissing) {
              throw new NotFoundException(
                  "%s does not exist: %s (grant with \"allow-missing\": true to store the grant pending until it is created)",
                  describe(type), String.join(".", grant.securable().path()));
            }
            if (type == SecurableType.NAMESPACE) {
              namespaceId = id.orElse(null);
            } else {
              objectId = id.orElse(null);
            }
          }
          boolean pending = type != SecurableType.CATALOG && namespaceId == null && objectId == null;
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "INSERT INTO grants (catalog_id, catalog_role, privilege, securable_type, securable_path,"
                      + " namespace_id, object_id, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setLong(1, catalogId);
            statement.setString(2, role.name());
            statement.setString(3, grant.privilege().name());
            statement.setString(4, type.name());
            statement.setArray(5, path);
            statement.setObject(6, namespaceId, Types.BIGINT);
            statement.setObject(7, objectId, Types.BIGINT);
            statement.setBoolean(8, pending);
            return new GrantResult(statement.executeUpdate() > 0, pending);
          }
        });
  }

  boolean revoke(CatalogRole role, Privilege privilege, Securable securable) {
    Grant grant = checkedGrant(role, privilege, securable);
    return jdbc.write(
        connection -> {
          long catalogId = AccessJdbc.requireCatalogRole(connection, role);
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "DELETE FROM grants WHERE catalog_id = ? AND catalog_role = ? AND privilege = ?"
                      + " AND securable_type = ? AND securable_path = ?")) {
            statement.setLong(1, catalogId);
            statement.setString(2, role.name());
            statement.setString(3, grant.privilege().name());
            statement.setString(4, grant.securable().type().name());
            statement.setArray(5, AccessJdbc.pathBelowCatalog(connection, grant.securable()));
            return statement.executeUpdate() > 0;
          }
        });
  }

  /** The id of the namespace, or of the table or view (of that kind), the securable names. */
  private static Optional<Long> objectId(Connection connection, long catalogId, Securable securable) throws SQLException {
    String separator = String.valueOf(NamespacePaths.SEPARATOR);
    String namespacePath = String.join(separator, securable.namespaceLevels());
    PreparedStatement statement =
        securable.type() == SecurableType.NAMESPACE
            ? connection.prepareStatement("SELECT id FROM namespaces WHERE catalog_id = ? AND path = ?")
            : connection.prepareStatement(
                "SELECT id FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ? AND kind = ?");
    try (statement) {
      statement.setLong(1, catalogId);
      statement.setString(2, namespacePath);
      if (securable.type() != SecurableType.NAMESPACE) {
        statement.setString(3, securable.name());
        statement.setString(4, securable.type().name());
      }
      try (ResultSet results = statement.executeQuery()) {
        return results.next() ? Optional.of(results.getLong(1)) : Optional.empty();
      }
    }
  }

  private static String describe(SecurableType type) {
    return switch (type) {
      case CATALOG -> "Catalog";
      case NAMESPACE -> "Namespace";
      case TABLE -> "Table";
      case VIEW -> "View";
    };
  }

  private static Grant checkedGrant(CatalogRole role, Privilege privilege, Securable securable) {
    requireNonNull(role, "role is null");
    requireNonNull(privilege, "privilege is null");
    requireNonNull(securable, "securable is null");
    if (!securable.catalogName().equals(role.catalog())) {
      throw new BadRequestException(
          "Catalog role %s of catalog %s cannot hold a grant on %s, which is in another catalog",
          role.name(), role.catalog(), securable);
    }
    // the Grant checks that the privilege is grantable on the securable's type
    return new Grant(role.name(), privilege, securable);
  }
}
