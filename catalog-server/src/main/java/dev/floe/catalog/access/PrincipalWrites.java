package dev.floe.catalog.access;

import static dev.floe.catalog.access.AccessJdbc.update;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Writes to principals, principal roles and their memberships, each a transaction of its own; a
 * write that must not be partial (drop a principal and its memberships, ...) relies on the foreign
 * keys' cascades. The triggers of the migrations bump {@code access_version} and notify every node.
 */
final class PrincipalWrites {
  /** The advisory lock key of the bootstrap: "FloeBoot" in ASCII. */
  private static final long BOOTSTRAP_LOCK = 0x466c6f65426f6f74L;

  private static final ObjectMapper JSON = dev.floe.catalog.json.FloeJson.mapper();

  private final AccessJdbc jdbc;

  PrincipalWrites(AccessJdbc jdbc) {
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
  }

  Credentials createPrincipal(
      String name, String clientId, String secret, Map<String, String> properties, Set<String> principalRoles) {
    AccessNames.checkPrincipalName(name);
    requireNonNull(clientId, "clientId is null");
    requireNonNull(secret, "secret is null");
    String hash = Secrets.hash(secret);
    jdbc.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO principals (name, client_id, secret_hash, properties) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setString(1, name);
            insert.setString(2, clientId);
            insert.setString(3, hash);
            insert.setString(4, toJson(properties));
            insert.executeUpdate();
          } catch (SQLException e) {
            if (AccessJdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw e.getMessage() != null && e.getMessage().contains("client_id")
                  ? new AlreadyExistsException("Client id already in use")
                  : new AlreadyExistsException("Principal already exists: %s", name);
            }
            throw e;
          }
          for (String role : principalRoles) {
            AccessJdbc.requirePrincipalRole(connection, role);
            update(connection, "INSERT INTO principal_role_members (principal, principal_role) VALUES (?, ?)", name, role);
          }
          return null;
        });
    return new Credentials(name, clientId, secret);
  }

  Credentials rotateCredentials(String name) {
    String secret = Secrets.newSecret();
    String hash = Secrets.hash(secret);
    String clientId =
        jdbc.write(
            connection -> {
              try (PreparedStatement statement =
                  connection.prepareStatement(
                      "UPDATE principals SET secret_hash = ?, credential_generation = credential_generation + 1,"
                          + " credentials_rotated_at = now(), updated_at = now() WHERE name = ? RETURNING client_id")) {
                statement.setString(1, hash);
                statement.setString(2, name);
                try (ResultSet results = statement.executeQuery()) {
                  if (!results.next()) {
                    throw new NotFoundException("Principal does not exist: %s", name);
                  }
                  String id = results.getString(1);
                  if (id == null) {
                    throw new BadRequestException(
                        "Principal %s has no credentials to rotate: it is known from an identity provider", name);
                  }
                  return id;
                }
              } catch (SQLException e) {
                if (AccessJdbc.CHECK_VIOLATION.equals(e.getSQLState())) {
                  throw new BadRequestException(
                      "Principal %s has no credentials to rotate: it is known from an identity provider", name);
                }
                throw e;
              }
            });
    return new Credentials(name, clientId, secret);
  }

  void setDisabled(String name, boolean disabled) {
    jdbc.write(
        connection -> {
          if (update(connection, "UPDATE principals SET disabled = ?, updated_at = now() WHERE name = ?", disabled, name) == 0) {
            throw new NotFoundException("Principal does not exist: %s", name);
          }
          return null;
        });
  }

  void dropPrincipal(String name) {
    jdbc.write(
        connection -> {
          if (update(connection, "DELETE FROM principals WHERE name = ?", name) == 0) {
            throw new NotFoundException("Principal does not exist: %s", name);
          }
          return null;
        });
  }

  boolean anyPrincipalExists() {
    return jdbc.read(connection -> {
      try (Statement statement = connection.createStatement();
          ResultSet results = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM principals)")) {
        results.next();
        return results.getBoolean(1);
      }
    });
  }

  boolean bootstrapRoot(String name, String clientId, String secret, String serviceAdminRole, Runnable beforeCommit) {
    AccessNames.checkPrincipalName(name);
    String hash = Secrets.hash(secret);
    return jdbc.write(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")");
            try (ResultSet results = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM principals)")) {
              results.next();
              if (results.getBoolean(1)) {
                return false;
              }
            }
          }
          if (update(
                  connection,
                  "INSERT INTO principal_roles (name, service_admin) VALUES (?, true) ON CONFLICT (name) DO NOTHING",
                  serviceAdminRole)
              > 0) {
            // the role had been dropped: give it back the administration of every catalog
            update(
                connection,
                "INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role)"
                    + " SELECT ?, catalog_id, name FROM catalog_roles WHERE name = 'catalog_admin'"
                    + " ON CONFLICT DO NOTHING",
                serviceAdminRole);
          } else {
            update(connection, "UPDATE principal_roles SET service_admin = true WHERE name = ? AND NOT service_admin", serviceAdminRole);
          }
          update(
              connection,
              "INSERT INTO principals (name, client_id, secret_hash) VALUES (?, ?, ?)",
              name,
              clientId,
              hash);
          update(
              connection,
              "INSERT INTO principal_role_members (principal, principal_role) VALUES (?, ?)",
              name,
              serviceAdminRole);
          beforeCommit.run();
          return true;
        });
  }

  void createPrincipalRole(String name, boolean serviceAdministrator, boolean trustedEngine) {
    AccessNames.checkRoleName(name, "principal role");
    jdbc.write(
        connection -> {
          if (update(
                  connection,
                  "INSERT INTO principal_roles (name, service_admin, trusted_engine) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                  name,
                  serviceAdministrator,
                  trustedEngine)
              == 0) {
            throw new AlreadyExistsException("Principal role already exists: %s", name);
          }
          return null;
        });
  }

  void dropPrincipalRole(String name) {
    jdbc.write(
        connection -> {
          if (update(connection, "DELETE FROM principal_roles WHERE name = ?", name) == 0) {
            throw new NotFoundException("Principal role does not exist: %s", name);
          }
          return null;
        });
  }

  boolean assignPrincipalRole(String principal, String principalRole) {
    return changeMembership(
        principal,
        principalRole,
        "INSERT INTO principal_role_members (principal, principal_role) VALUES (?, ?) ON CONFLICT DO NOTHING");
  }

  boolean unassignPrincipalRole(String principal, String principalRole) {
    return changeMembership(
        principal, principalRole, "DELETE FROM principal_role_members WHERE principal = ? AND principal_role = ?");
  }

  /** Runs {@code sql} (parameters: principal, principal role) once both exist; whether it changed a row. */
  private boolean changeMembership(String principal, String principalRole, String sql) {
    return jdbc.write(
        connection -> {
          AccessJdbc.requirePrincipal(connection, principal);
          AccessJdbc.requirePrincipalRole(connection, principalRole);
          return update(connection, sql, principal, principalRole) > 0;
        });
  }

  private static String toJson(Map<String, String> properties) {
    try {
      return JSON.writeValueAsString(properties == null ? Map.of() : properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
