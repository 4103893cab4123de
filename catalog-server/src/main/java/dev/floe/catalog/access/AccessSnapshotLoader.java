package dev.floe.catalog.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.access.AccessSnapshot.StoredPrincipal;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.catalog.metastore.FollowedSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads the access tables of {@code V3__access.sql} (with the columns later migrations added) into
 * an {@link AccessSnapshot}, all in one repeatable-read transaction so the snapshot is the state at
 * the {@code access_version} it carries.
 */
final class AccessSnapshotLoader {
  private static final Logger LOG = Logger.getLogger(AccessSnapshotLoader.class);
  private static final ObjectMapper JSON = dev.floe.catalog.json.FloeJson.mapper();
  private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};

  private AccessSnapshotLoader() {}

  /** The version the triggers last stored: the version of the data now in the tables. */
  static long storedVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery("SELECT version FROM access_version WHERE id = 1")) {
      results.next();
      return results.getLong(1);
    }
  }

  /** Reads everything at one version. */
  static AccessSnapshot load(Connection connection) throws SQLException {
    return FollowedSnapshot.atOneVersion(connection, AccessSnapshotLoader::read);
  }

  private static AccessSnapshot read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      long version = storedVersion(connection);
      Map<String, Set<String>> rolesByPrincipal = new HashMap<>();
      try (ResultSet results =
          statement.executeQuery("SELECT principal, principal_role FROM principal_role_members")) {
        while (results.next()) {
          rolesByPrincipal.computeIfAbsent(results.getString(1), key -> new TreeSet<>()).add(results.getString(2));
        }
      }
      Map<String, StoredPrincipal> principals = new TreeMap<>();
      Map<String, String> byClientId = new HashMap<>();
      try (ResultSet results =
          statement.executeQuery(
              "SELECT name, client_id, secret_hash, disabled, properties::text, created_at, updated_at, id,"
                  + " credential_generation, credentials_rotated_at FROM principals")) {
        while (results.next()) {
          String name = results.getString(1);
          String clientId = results.getString(2);
          Timestamp rotated = results.getTimestamp(10);
          PrincipalRecord record =
              new PrincipalRecord(
                  name,
                  results.getObject(8, UUID.class),
                  Optional.ofNullable(clientId),
                  results.getBoolean(4),
                  rolesByPrincipal.getOrDefault(name, Set.of()),
                  fromJson(results.getString(5)),
                  results.getTimestamp(6).toInstant(),
                  results.getTimestamp(7).toInstant(),
                  results.getLong(9),
                  Optional.ofNullable(rotated).map(Timestamp::toInstant));
          principals.put(name, new StoredPrincipal(record, results.getString(3)));
          if (clientId != null) {
            byClientId.put(clientId, name);
          }
        }
      }
      Map<String, PrincipalRoleRecord> principalRoles = new TreeMap<>();
      Set<String> serviceAdministrators = new HashSet<>();
      try (ResultSet results = statement.executeQuery("SELECT name, service_admin, trusted_engine, created_at FROM principal_roles")) {
        while (results.next()) {
          PrincipalRoleRecord role =
              new PrincipalRoleRecord(
                  results.getString(1), results.getBoolean(2), results.getBoolean(3), results.getTimestamp(4).toInstant());
          principalRoles.put(role.name(), role);
          if (role.serviceAdministrator()) {
            serviceAdministrators.add(role.name());
          }
        }
      }
      Map<CatalogRole, List<Grant>> grants = new LinkedHashMap<>();
      Map<String, List<CatalogRole>> catalogRoles = new TreeMap<>();
      try (ResultSet results =
          statement.executeQuery(
              "SELECT c.name, r.name FROM catalog_roles r JOIN catalogs c ON c.id = r.catalog_id ORDER BY c.name, r.name")) {
        while (results.next()) {
          CatalogRole role = new CatalogRole(results.getString(1), results.getString(2));
          catalogRoles.computeIfAbsent(role.catalog(), key -> new ArrayList<>()).add(role);
          grants.put(role, new ArrayList<>());
        }
      }
      Map<String, Set<CatalogRole>> assignments = new HashMap<>();
      try (ResultSet results =
          statement.executeQuery(
              "SELECT a.principal_role, c.name, a.catalog_role FROM catalog_role_assignments a"
                  + " JOIN catalogs c ON c.id = a.catalog_id")) {
        while (results.next()) {
          assignments
              .computeIfAbsent(results.getString(1), key -> new HashSet<>())
              .add(new CatalogRole(results.getString(2), results.getString(3)));
        }
      }
      Map<CatalogRole, List<Grant>> pendingGrants = new HashMap<>();
      try (ResultSet results =
          statement.executeQuery(
              "SELECT c.name, g.catalog_role, g.privilege, g.securable_type, g.securable_path, g.pending FROM grants g"
                  + " JOIN catalogs c ON c.id = g.catalog_id")) {
        while (results.next()) {
          String catalog = results.getString(1);
          String role = results.getString(2);
          Optional<Grant> grant =
              grant(catalog, role, results.getString(3), results.getString(4), (String[]) results.getArray(5).getArray());
          // an unreadable row (written by a newer version) grants nothing: fail closed; a pending
          // grant (its object does not exist yet) grants nothing either, it is only listed
          Map<CatalogRole, List<Grant>> target = results.getBoolean(6) ? pendingGrants : grants;
          grant.ifPresent(value -> target.computeIfAbsent(value.role(), key -> new ArrayList<>()).add(value));
        }
      }
      Map<String, List<CatalogRole>> rolesByCatalog = new HashMap<>();
      catalogRoles.forEach((catalog, roles) -> rolesByCatalog.put(catalog, List.copyOf(roles)));
      return new AccessSnapshot(
          new GrantData(version, serviceAdministrators, assignments, grants),
          Collections.unmodifiableMap(principals),
          Map.copyOf(byClientId),
          Collections.unmodifiableMap(principalRoles),
          Map.copyOf(rolesByCatalog),
          copyOf(pendingGrants));
    }
  }

  private static Optional<Grant> grant(String catalog, String role, String privilege, String type, String[] path) {
    try {
      List<String> full = new ArrayList<>(path.length + 1);
      full.add(catalog);
      full.addAll(List.of(path));
      return Optional.of(
          new Grant(role, Privilege.valueOf(privilege), new Securable(SecurableType.valueOf(type), full)));
    } catch (IllegalArgumentException e) {
      LOG.warnf("Ignoring unreadable grant of catalog role %s in catalog %s: %s", role, catalog, e.getMessage());
      return Optional.empty();
    }
  }

  private static Map<CatalogRole, List<Grant>> copyOf(Map<CatalogRole, List<Grant>> grants) {
    Map<CatalogRole, List<Grant>> copy = new HashMap<>();
    grants.forEach((role, roleGrants) -> copy.put(role, List.copyOf(roleGrants)));
    return Map.copyOf(copy);
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, PROPERTIES);
    } catch (JsonProcessingException e) {
      LOG.warnf("Unreadable principal properties: %s", e.getMessage());
      return Map.of();
    }
  }
}
