package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Principals, principal roles, catalog roles and grants in PostgreSQL (tables of {@code
 * V3__access.sql}), held in memory as one immutable snapshot: every read is a field read and a map
 * lookup, {@link #version()} is the database's {@code access_version} of the snapshot.
 *
 * <p>The snapshot is reloaded, in one repeatable-read transaction, after each of this node's own
 * writes (before the write method returns, so a caller sees its change at once), when PostgreSQL
 * notifies channel {@value #CHANNEL} (the triggers of the migration send it with every change, on
 * any node, also for cascades from a dropped catalog), and when the periodic version check (every
 * {@code floe.access.version-check-interval}) finds the stored version moved: a backstop for lost
 * notifications while the listener connection was down. The listener runs on its own thread with
 * its own connection and reconnects after a failure.
 *
 * <p>Writes are single JDBC transactions of their own; a write that must not be partial (drop a
 * principal and its memberships, ...) relies on the foreign keys' cascades.
 */
@ApplicationScoped
public class PostgresAccessStore implements GrantStore, PrincipalDirectory {
  /** The notification channel of the migration's triggers. */
  public static final String CHANNEL = "floe_access";

  /** The application name of the listener's connection, as {@code pg_stat_activity} shows it. */
  public static final String LISTENER_NAME = "floe-access-listener";

  /** The principal role whose members are service administrators, created by the migration. */
  public static final String SERVICE_ADMIN_ROLE = "service_admin";

  private static final Logger LOG = Logger.getLogger(PostgresAccessStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {};
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");
  private static final int MAX_PRINCIPAL_NAME = 255;
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  /** The advisory lock key of the bootstrap: "FloeBoot" in ASCII. */
  private static final long BOOTSTRAP_LOCK = 0x466c6f65426f6f74L;

  private final DataSource dataSource;
  private final Duration versionCheckInterval;
  private final Object reloadLock = new Object();
  private volatile State state = State.EMPTY;
  private volatile boolean running;
  private volatile Thread listener;

  @Inject
  public PostgresAccessStore(DataSource dataSource, AccessConfig config) {
    this(dataSource, config.versionCheckInterval());
  }

  public PostgresAccessStore(DataSource dataSource, Duration versionCheckInterval) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.versionCheckInterval = requireNonNull(versionCheckInterval, "versionCheckInterval is null");
    if (versionCheckInterval.isNegative() || versionCheckInterval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid floe.access.version-check-interval " + versionCheckInterval + ": must be positive");
    }
  }

  /** Loads the data and starts following changes; idempotent. */
  public synchronized void start() {
    if (running) {
      return;
    }
    reload();
    running = true;
    Thread thread = new Thread(this::listen, "floe-access-listener");
    thread.setDaemon(true);
    listener = thread;
    thread.start();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stop();
  }

  /** Stops following changes (the snapshot stays readable). */
  @PreDestroy
  public synchronized void stop() {
    running = false;
    Thread thread = listener;
    listener = null;
    if (thread != null) {
      // the listener sees the flag within a second (its longest wait for notifications), stops
      // listening and gives its connection back
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ GrantStore

  @Override
  public long version() {
    return current().grants.version();
  }

  @Override
  public Set<CatalogRole> catalogRolesOf(String principalRole) {
    requireNonNull(principalRole, "principalRole is null");
    return current().grants.catalogRoleAssignments().getOrDefault(principalRole, Set.of());
  }

  @Override
  public List<Grant> grantsOf(CatalogRole catalogRole) {
    requireNonNull(catalogRole, "catalogRole is null");
    return current().grants.grants().getOrDefault(catalogRole, List.of());
  }

  @Override
  public Set<String> serviceAdministratorRoles() {
    return current().grants.serviceAdministratorRoles();
  }

  @Override
  public GrantData snapshot() {
    return current().grants;
  }

  /** The snapshot; loaded on first use when {@link #start()} has not run yet. */
  private State current() {
    State current = state;
    if (current == State.EMPTY) {
      reload();
      current = state;
    }
    return current;
  }

  // ------------------------------------------------------------------ PrincipalDirectory

  @Override
  public Optional<PrincipalEntry> authenticateClient(String clientId, String secret) {
    if (clientId == null || secret == null) {
      Secrets.verifyNothing(secret);
      return Optional.empty();
    }
    State current = current();
    String name = current.principalByClientId.get(clientId);
    StoredPrincipal principal = name == null ? null : current.principals.get(name);
    if (principal == null || principal.secretHash == null) {
      Secrets.verifyNothing(secret);
      return Optional.empty();
    }
    if (!Secrets.verify(secret, principal.secretHash)) {
      return Optional.empty();
    }
    return Optional.of(principal.record.entry());
  }

  @Override
  public Optional<PrincipalEntry> principal(String name) {
    return principalRecord(name).map(PrincipalRecord::entry);
  }

  // ------------------------------------------------------------------ reads for the management API

  public Optional<PrincipalRecord> principalRecord(String name) {
    StoredPrincipal principal = current().principals.get(requireNonNull(name, "name is null"));
    return principal == null ? Optional.empty() : Optional.of(principal.record);
  }

  /** Every principal, by name. */
  public List<PrincipalRecord> principals() {
    return current().principals.values().stream().map(principal -> principal.record).toList();
  }

  public Optional<PrincipalRoleRecord> principalRole(String name) {
    return Optional.ofNullable(current().principalRoles.get(requireNonNull(name, "name is null")));
  }

  /** Every principal role, by name. */
  public List<PrincipalRoleRecord> principalRoles() {
    return List.copyOf(current().principalRoles.values());
  }

  /** The catalog roles of a catalog, by name; empty for an unknown catalog. */
  public List<CatalogRole> catalogRoles(String catalog) {
    return current().catalogRoles.getOrDefault(requireNonNull(catalog, "catalog is null"), List.of());
  }

  /**
   * The pending grants of a catalog role: granted with allow-missing on a namespace, table or view
   * that does not exist yet; they grant nothing until an object of that kind and name is created.
   */
  public List<Grant> pendingGrantsOf(CatalogRole catalogRole) {
    requireNonNull(catalogRole, "catalogRole is null");
    return current().pendingGrants.getOrDefault(catalogRole, List.of());
  }

  public boolean catalogRoleExists(CatalogRole role) {
    return current().catalogRoles.getOrDefault(role.catalog(), List.of()).contains(role);
  }

  // ------------------------------------------------------------------ writes: principals

  /** Creates a service principal with new credentials; returns them (the only time they are shown). */
  public Credentials createPrincipal(String name, Map<String, String> properties) {
    return createPrincipal(name, Secrets.newClientId(), Secrets.newSecret(), properties, Set.of());
  }

  /**
   * Creates a service principal with the given credentials and principal roles (the bootstrap);
   * {@code AlreadyExistsException} when the name or the client id is taken.
   */
  public Credentials createPrincipal(
      String name, String clientId, String secret, Map<String, String> properties, Set<String> principalRoles) {
    checkPrincipalName(name);
    requireNonNull(clientId, "clientId is null");
    requireNonNull(secret, "secret is null");
    String hash = Secrets.hash(secret);
    write(
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
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw e.getMessage() != null && e.getMessage().contains("client_id")
                  ? new AlreadyExistsException("Client id already in use")
                  : new AlreadyExistsException("Principal already exists: %s", name);
            }
            throw e;
          }
          for (String role : principalRoles) {
            requirePrincipalRole(connection, role);
            update(connection, "INSERT INTO principal_role_members (principal, principal_role) VALUES (?, ?)", name, role);
          }
          return null;
        });
    return new Credentials(name, clientId, secret);
  }

  /**
   * New credentials for a service principal; the old secret stops working at once on every node,
   * and so do the tokens issued with it (a new credential generation, see the Authenticator).
   */
  public Credentials rotateCredentials(String name) {
    String secret = Secrets.newSecret();
    String hash = Secrets.hash(secret);
    String clientId =
        write(
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
                if ("23514".equals(e.getSQLState())) {
                  throw new BadRequestException(
                      "Principal %s has no credentials to rotate: it is known from an identity provider", name);
                }
                throw e;
              }
            });
    return new Credentials(name, clientId, secret);
  }

  /** Disables or enables a principal. */
  public void setDisabled(String name, boolean disabled) {
    write(
        connection -> {
          if (update(connection, "UPDATE principals SET disabled = ?, updated_at = now() WHERE name = ?", disabled, name) == 0) {
            throw new NotFoundException("Principal does not exist: %s", name);
          }
          return null;
        });
  }

  /** Drops a principal and its principal role memberships. */
  public void dropPrincipal(String name) {
    write(
        connection -> {
          if (update(connection, "DELETE FROM principals WHERE name = ?", name) == 0) {
            throw new NotFoundException("Principal does not exist: %s", name);
          }
          return null;
        });
  }

  /** Whether any principal exists (the bootstrap runs only when none does). */
  public boolean anyPrincipalExists() {
    return read(connection -> {
      try (Statement statement = connection.createStatement();
          ResultSet results = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM principals)")) {
        results.next();
        return results.getBoolean(1);
      }
    });
  }

  /**
   * Creates the root principal as a member of {@value #SERVICE_ADMIN_ROLE} when no principal
   * exists, in one transaction under an advisory lock (two nodes starting at once create one
   * root). {@code beforeCommit} runs inside the transaction after the rows are written (it writes
   * the credentials file); when it throws, nothing is stored.
   *
   * @return whether the root principal was created
   */
  public boolean bootstrapRoot(String name, String clientId, String secret, Runnable beforeCommit) {
    checkPrincipalName(name);
    String hash = Secrets.hash(secret);
    return write(
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
                  SERVICE_ADMIN_ROLE)
              > 0) {
            // the role had been dropped: give it back the administration of every catalog
            update(
                connection,
                "INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role)"
                    + " SELECT ?, catalog_id, name FROM catalog_roles WHERE name = 'catalog_admin'"
                    + " ON CONFLICT DO NOTHING",
                SERVICE_ADMIN_ROLE);
          } else {
            update(connection, "UPDATE principal_roles SET service_admin = true WHERE name = ? AND NOT service_admin", SERVICE_ADMIN_ROLE);
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
              SERVICE_ADMIN_ROLE);
          beforeCommit.run();
          return true;
        });
  }

  // ------------------------------------------------------------------ writes: principal roles

  public void createPrincipalRole(String name, boolean serviceAdministrator) {
    checkRoleName(name, "principal role");
    write(
        connection -> {
          if (update(
                  connection,
                  "INSERT INTO principal_roles (name, service_admin) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                  name,
                  serviceAdministrator)
              == 0) {
            throw new AlreadyExistsException("Principal role already exists: %s", name);
          }
          return null;
        });
  }

  /** Drops a principal role, its memberships and its catalog role assignments. */
  public void dropPrincipalRole(String name) {
    write(
        connection -> {
          if (update(connection, "DELETE FROM principal_roles WHERE name = ?", name) == 0) {
            throw new NotFoundException("Principal role does not exist: %s", name);
          }
          return null;
        });
  }

  /** Makes a principal a member of a principal role; returns false when it already was. */
  public boolean assignPrincipalRole(String principal, String principalRole) {
    return changeMembership(
        principal,
        principalRole,
        "INSERT INTO principal_role_members (principal, principal_role) VALUES (?, ?) ON CONFLICT DO NOTHING");
  }

  /** Ends a membership; returns false when there was none (404 for an unknown principal or role). */
  public boolean unassignPrincipalRole(String principal, String principalRole) {
    return changeMembership(
        principal, principalRole, "DELETE FROM principal_role_members WHERE principal = ? AND principal_role = ?");
  }

  /** Runs {@code sql} (parameters: principal, principal role) once both exist; whether it changed a row. */
  private boolean changeMembership(String principal, String principalRole, String sql) {
    return write(
        connection -> {
          requirePrincipal(connection, principal);
          requirePrincipalRole(connection, principalRole);
          return update(connection, sql, principal, principalRole) > 0;
        });
  }

  // ------------------------------------------------------------------ writes: catalog roles and grants

  public void createCatalogRole(CatalogRole role) {
    checkRoleName(role.name(), "catalog role");
    write(
        connection -> {
          long catalogId = catalogId(connection, role.catalog());
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

  /** Drops a catalog role with its grants and assignments. */
  public void dropCatalogRole(CatalogRole role) {
    write(
        connection -> {
          long catalogId = catalogId(connection, role.catalog());
          if (update(connection, "DELETE FROM catalog_roles WHERE catalog_id = ? AND name = ?", catalogId, role.name()) == 0) {
            throw notFound(role);
          }
          return null;
        });
  }

  /** Assigns a catalog role to a principal role; returns false when it already was. */
  public boolean assignCatalogRole(String principalRole, CatalogRole role) {
    return changeAssignment(
        principalRole,
        role,
        "INSERT INTO catalog_role_assignments (principal_role, catalog_id, catalog_role) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING");
  }

  /** Takes a catalog role away from a principal role; returns false when it was not assigned. */
  public boolean unassignCatalogRole(String principalRole, CatalogRole role) {
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
    return write(
        connection -> {
          requirePrincipalRole(connection, principalRole);
          long catalogId = requireCatalogRole(connection, role);
          return update(connection, sql, principalRole, catalogId, role.name()) > 0;
        });
  }

  /** What a grant did: whether the grant is new, and whether it waits for its object (pending). */
  public record GrantResult(boolean created, boolean pending) {}

  /**
   * Grants {@code privilege} on {@code securable} to a catalog role of the securable's catalog.
   * A grant on a namespace, table or view is bound to that object (by id): it follows the object
   * when it is renamed and is dropped with it. When no such object exists, {@code
   * NotFoundException} (404) names it, unless {@code allowMissing}: then the grant is stored
   * pending, grants nothing, and binds to the object of that kind created next under that name.
   * {@code IllegalArgumentException} (400) when the privilege cannot be granted on that kind of
   * securable.
   */
  public GrantResult grant(CatalogRole role, Privilege privilege, Securable securable, boolean allowMissing) {
    Grant grant = checkedGrant(role, privilege, securable);
    return write(
        connection -> {
          long catalogId = requireCatalogRole(connection, role);
          Array path = pathBelowCatalog(connection, grant.securable());
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
            statement.setObject(6, namespaceId, java.sql.Types.BIGINT);
            statement.setObject(7, objectId, java.sql.Types.BIGINT);
            statement.setBoolean(8, pending);
            return new GrantResult(statement.executeUpdate() > 0, pending);
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

  /**
   * Revokes a grant, bound to the object now of that name or pending for that name (both, when
   * both exist); returns false when the role held neither.
   */
  public boolean revoke(CatalogRole role, Privilege privilege, Securable securable) {
    Grant grant = checkedGrant(role, privilege, securable);
    return write(
        connection -> {
          long catalogId = requireCatalogRole(connection, role);
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "DELETE FROM grants WHERE catalog_id = ? AND catalog_role = ? AND privilege = ?"
                      + " AND securable_type = ? AND securable_path = ?")) {
            statement.setLong(1, catalogId);
            statement.setString(2, role.name());
            statement.setString(3, grant.privilege().name());
            statement.setString(4, grant.securable().type().name());
            statement.setArray(5, pathBelowCatalog(connection, grant.securable()));
            return statement.executeUpdate() > 0;
          }
        });
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

  // ------------------------------------------------------------------ loading

  /** Reloads the snapshot from the database if the stored version differs from the one held. */
  public void refreshIfChanged() {
    long stored =
        read(connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet results = statement.executeQuery("SELECT version FROM access_version WHERE id = 1")) {
            results.next();
            return results.getLong(1);
          }
        });
    if (stored != version()) {
      reload();
    }
  }

  /** Reads everything at one version and publishes it. */
  public void reload() {
    synchronized (reloadLock) {
      State loaded = read(this::load);
      // never go back to an older version (a slower concurrent reload)
      if (loaded.grants.version() >= state.grants.version() || state == State.EMPTY) {
        state = loaded;
      }
    }
  }

  private State load(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement statement = connection.createStatement()) {
      long version;
      try (ResultSet results = statement.executeQuery("SELECT version FROM access_version WHERE id = 1")) {
        results.next();
        version = results.getLong(1);
      }
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
          java.sql.Timestamp rotated = results.getTimestamp(10);
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
                  Optional.ofNullable(rotated).map(java.sql.Timestamp::toInstant));
          principals.put(name, new StoredPrincipal(record, results.getString(3)));
          if (clientId != null) {
            byClientId.put(clientId, name);
          }
        }
      }
      Map<String, PrincipalRoleRecord> principalRoles = new TreeMap<>();
      Set<String> serviceAdministrators = new HashSet<>();
      try (ResultSet results = statement.executeQuery("SELECT name, service_admin, created_at FROM principal_roles")) {
        while (results.next()) {
          PrincipalRoleRecord role =
              new PrincipalRoleRecord(results.getString(1), results.getBoolean(2), results.getTimestamp(3).toInstant());
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
      connection.commit();
      Map<String, List<CatalogRole>> rolesByCatalog = new HashMap<>();
      catalogRoles.forEach((catalog, roles) -> rolesByCatalog.put(catalog, List.copyOf(roles)));
      Map<String, String> clientIds = Map.copyOf(byClientId);
      return new State(
          new GrantData(version, serviceAdministrators, assignments, grants),
          Collections.unmodifiableMap(principals),
          clientIds,
          Collections.unmodifiableMap(principalRoles),
          Map.copyOf(rolesByCatalog),
          copyOf(pendingGrants));
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.setAutoCommit(autoCommit);
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

  // ------------------------------------------------------------------ listening

  private void listen() {
    long backoffMillis = 200;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET application_name = '" + LISTENER_NAME + "'");
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        // whatever changed while no one listened
        checkVersion(connection);
        backoffMillis = 200;
        long nextCheck = System.nanoTime() + versionCheckInterval.toNanos();
        while (running) {
          long waitMillis = Math.max(1, Math.min(1_000, (nextCheck - System.nanoTime()) / 1_000_000));
          PGNotification[] notifications = postgres.getNotifications((int) waitMillis);
          if (notifications != null && notifications.length > 0) {
            long newest = newestVersion(notifications);
            if (newest == Long.MIN_VALUE || newest > version()) {
              reload();
            }
          }
          if (System.nanoTime() - nextCheck >= 0) {
            checkVersion(connection);
            nextCheck = System.nanoTime() + versionCheckInterval.toNanos();
          }
        }
        // a pooled connection must not keep listening: the server keeps notifications for every
        // listener until it reads them
        try (Statement statement = connection.createStatement()) {
          statement.execute("UNLISTEN *");
          statement.execute("RESET application_name");
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        LOG.warnf("Access change listener lost its database connection (%s); reconnecting in %d ms", e.getMessage(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          break;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  private void checkVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery("SELECT version FROM access_version WHERE id = 1")) {
      results.next();
      if (results.getLong(1) != version()) {
        reload();
      }
    }
  }

  private static long newestVersion(PGNotification[] notifications) {
    long newest = Long.MIN_VALUE + 1;
    for (PGNotification notification : notifications) {
      try {
        newest = Math.max(newest, Long.parseLong(notification.getParameter()));
      } catch (NumberFormatException e) {
        return Long.MIN_VALUE; // not ours to interpret: reload to be safe
      }
    }
    return newest;
  }

  // ------------------------------------------------------------------ JDBC

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("Access store read failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in a transaction of its own, then reloads the snapshot. */
  private <T> T write(Work<T> work) {
    T result;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        // dropped concurrently between the existence check and the change
        throw new NotFoundException("A principal, role or catalog named in the request no longer exists");
      }
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new AlreadyExistsException("Already exists: %s", e.getMessage());
      }
      throw new IllegalStateException("Access store write failed: " + e.getMessage(), e);
    }
    reload();
    return result;
  }

  private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
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

  private static void requirePrincipal(Connection connection, String name) throws SQLException {
    requireExists(connection, "SELECT 1 FROM principals WHERE name = ?", name, "Principal does not exist: %s");
  }

  private static void requirePrincipalRole(Connection connection, String name) throws SQLException {
    requireExists(connection, "SELECT 1 FROM principal_roles WHERE name = ?", name, "Principal role does not exist: %s");
  }

  private static long catalogId(Connection connection, String catalog) throws SQLException {
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

  private static long requireCatalogRole(Connection connection, CatalogRole role) throws SQLException {
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

  private static NotFoundException notFound(CatalogRole role) {
    return new NotFoundException("Catalog role does not exist: %s in catalog %s", role.name(), role.catalog());
  }

  private static Array pathBelowCatalog(Connection connection, Securable securable) throws SQLException {
    List<String> path = securable.path();
    return connection.createArrayOf("text", path.subList(1, path.size()).toArray(String[]::new));
  }

  private static String toJson(Map<String, String> properties) {
    try {
      return JSON.writeValueAsString(properties == null ? Map.of() : properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, PROPERTIES);
    } catch (JsonProcessingException e) {
      LOG.warnf("Unreadable principal properties: %s", e.getMessage());
      return Map.of();
    }
  }

  // ------------------------------------------------------------------ validation

  /** Principal names: 1 to 255 characters, no control characters, no surrounding spaces. */
  public static void checkPrincipalName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_PRINCIPAL_NAME
        || !name.strip().equals(name)
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException(
          "Invalid principal name %s: use 1 to %d characters without control characters or surrounding spaces",
          name, MAX_PRINCIPAL_NAME);
    }
  }

  /** Role names: 1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit. */
  public static void checkRoleName(String name, String kind) {
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "Invalid %s name %s: use 1 to 128 letters, digits, '_', '.', '@' or '-', starting with a letter or digit",
          kind, name);
    }
  }

  // ------------------------------------------------------------------ state

  private record StoredPrincipal(PrincipalRecord record, String secretHash) {}

  private static Map<CatalogRole, List<Grant>> copyOf(Map<CatalogRole, List<Grant>> grants) {
    Map<CatalogRole, List<Grant>> copy = new HashMap<>();
    grants.forEach((role, roleGrants) -> copy.put(role, List.copyOf(roleGrants)));
    return Map.copyOf(copy);
  }

  private record State(
      GrantData grants,
      Map<String, StoredPrincipal> principals,
      Map<String, String> principalByClientId,
      Map<String, PrincipalRoleRecord> principalRoles,
      Map<String, List<CatalogRole>> catalogRoles,
      Map<CatalogRole, List<Grant>> pendingGrants) {
    static final State EMPTY = new State(GrantData.empty(0), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }
}
