package dev.floe.catalog.access;

import dev.floe.catalog.metastore.FollowedSnapshot;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.access.AccessSnapshot.StoredPrincipal;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Principals, principal roles, catalog roles and grants in PostgreSQL (tables of {@code
 * V3__access.sql}), held in memory as one immutable {@link AccessSnapshot}: every read is a field
 * read and a map lookup, {@link #version()} is the database's {@code access_version} of the
 * snapshot. This class is the store's API; the work is done by
 *
 * <ul>
 *   <li>{@link AccessSnapshotLoader}: reads a snapshot in one repeatable-read transaction;
 *   <li>{@link ChangeListener}: {@code LISTEN} on {@value #CHANNEL}
 *       (the triggers of V3, V8 and V9 notify it with every change, on any node, cascades from a
 *       dropped catalog included), the periodic version check as backstop for lost notifications
 *       ({@code floe.access.version-check-interval}), reconnects after a failure;
 *   <li>{@link PrincipalWrites} and {@link GrantWrites}: the writes, each a JDBC transaction of its
 *       own through {@link AccessJdbc};
 *   <li>{@link AccessNames}: which names may be stored.
 * </ul>
 *
 * <p>The snapshot is reloaded after each of this node's own writes (before the write method
 * returns, so a caller sees its change at once), when the listener sees a newer version, and by
 * {@link #refreshIfChanged()} after changes of other stores that move grants through the triggers
 * (creating a catalog gives it a {@code catalog_admin} role, dropping or renaming objects drops or
 * moves their grants).
 */
@ApplicationScoped
public class PostgresAccessStore implements GrantStore, PrincipalDirectory {
  /** The notification channel of the migrations' triggers. */
  public static final String CHANNEL = "floe_access";

  /** The application name of the listener's connection, as {@code pg_stat_activity} shows it. */
  public static final String LISTENER_NAME = "floe-access-listener";

  /** The principal role whose members are service administrators, created by the migration. */
  public static final String SERVICE_ADMIN_ROLE = "service_admin";

  private final AccessJdbc jdbc;
  private final PrincipalWrites principalWrites;
  private final GrantWrites grantWrites;
  private final FollowedSnapshot<AccessSnapshot> snapshot;

  @Inject
  public PostgresAccessStore(DataSource dataSource, AccessConfig config) {
    this(dataSource, config.versionCheckInterval());
  }

  public PostgresAccessStore(DataSource dataSource, Duration versionCheckInterval) {
    requireNonNull(dataSource, "dataSource is null");
    requireNonNull(versionCheckInterval, "versionCheckInterval is null");
    if (versionCheckInterval.isNegative() || versionCheckInterval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid floe.access.version-check-interval " + versionCheckInterval + ": must be positive");
    }
    this.jdbc = new AccessJdbc(dataSource);
    this.principalWrites = new PrincipalWrites(jdbc);
    this.grantWrites = new GrantWrites(jdbc);
    this.snapshot =
        new FollowedSnapshot<>(
            CHANNEL,
            LISTENER_NAME,
            dataSource,
            versionCheckInterval,
            AccessSnapshotLoader::load,
            AccessSnapshotLoader::storedVersion,
            AccessSnapshot::version,
            AccessSnapshot.EMPTY);
  }

  /** Loads the data and starts following changes; idempotent. */
  public void start() {
    snapshot.start();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stop();
  }

  /** Stops following changes (the snapshot stays readable). */
  @PreDestroy
  public void stop() {
    snapshot.stop();
  }

  // ------------------------------------------------------------------ GrantStore

  @Override
  public long version() {
    return current().version();
  }

  @Override
  public Set<CatalogRole> catalogRolesOf(String principalRole) {
    requireNonNull(principalRole, "principalRole is null");
    return current().grants().catalogRoleAssignments().getOrDefault(principalRole, Set.of());
  }

  @Override
  public List<Grant> grantsOf(CatalogRole catalogRole) {
    requireNonNull(catalogRole, "catalogRole is null");
    return current().grants().grants().getOrDefault(catalogRole, List.of());
  }

  @Override
  public Set<String> serviceAdministratorRoles() {
    return current().grants().serviceAdministratorRoles();
  }

  @Override
  public GrantData snapshot() {
    return current().grants();
  }

  // ------------------------------------------------------------------ PrincipalDirectory

  @Override
  public Optional<PrincipalEntry> authenticateClient(String clientId, String secret) {
    if (clientId == null || secret == null) {
      Secrets.verifyNothing(secret);
      return Optional.empty();
    }
    StoredPrincipal principal = current().principalByClientId(clientId).orElse(null);
    if (principal == null || principal.secretHash() == null) {
      Secrets.verifyNothing(secret);
      return Optional.empty();
    }
    if (!Secrets.verify(secret, principal.secretHash())) {
      return Optional.empty();
    }
    return Optional.of(principal.record().entry());
  }

  @Override
  public Optional<PrincipalEntry> principal(String name) {
    return principalRecord(name).map(PrincipalRecord::entry);
  }

  // ------------------------------------------------------------------ reads for the management API

  public Optional<PrincipalRecord> principalRecord(String name) {
    return current().principal(name).map(StoredPrincipal::record);
  }

  /** Every principal, by name. */
  public List<PrincipalRecord> principals() {
    return current().principals().values().stream().map(StoredPrincipal::record).toList();
  }

  public Optional<PrincipalRoleRecord> principalRole(String name) {
    return Optional.ofNullable(current().principalRoles().get(requireNonNull(name, "name is null")));
  }

  /** Every principal role, by name. */
  public List<PrincipalRoleRecord> principalRoles() {
    return List.copyOf(current().principalRoles().values());
  }

  /** The catalog roles of a catalog, by name; empty for an unknown catalog. */
  public List<CatalogRole> catalogRoles(String catalog) {
    return current().catalogRoles().getOrDefault(requireNonNull(catalog, "catalog is null"), List.of());
  }

  /**
   * The pending grants of a catalog role: granted with allow-missing on a namespace, table or view
   * that does not exist yet; they grant nothing until an object of that kind and name is created.
   */
  public List<Grant> pendingGrantsOf(CatalogRole catalogRole) {
    requireNonNull(catalogRole, "catalogRole is null");
    return current().pendingGrants().getOrDefault(catalogRole, List.of());
  }

  public boolean catalogRoleExists(CatalogRole role) {
    return current().catalogRoleExists(role);
  }

  // ------------------------------------------------------------------ names

  /**
   * Refuses a principal name the store would not accept (400 naming it): {@link
   * dev.floe.catalog.metastore.EntityNames}' rule. For callers that check before recording anything.
   */
  public void checkPrincipalName(String name) {
    AccessNames.checkPrincipalName(name);
  }

  /** Refuses a principal role name the store would not accept (400 naming it). */
  public void checkPrincipalRoleName(String name) {
    AccessNames.checkRoleName(name, "principal role");
  }

  /** Refuses a catalog role name the store would not accept (400 naming it). */
  public void checkCatalogRoleName(String name) {
    AccessNames.checkRoleName(name, "catalog role");
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
    return changed(() -> principalWrites.createPrincipal(name, clientId, secret, properties, principalRoles));
  }

  /**
   * New credentials for a service principal; the old secret stops working at once on every node,
   * and so do the tokens issued with it (a new credential generation, see the Authenticator).
   */
  public Credentials rotateCredentials(String name) {
    return changed(() -> principalWrites.rotateCredentials(name));
  }

  /** Disables or enables a principal. */
  public void setDisabled(String name, boolean disabled) {
    changed(() -> principalWrites.setDisabled(name, disabled));
  }

  /** Drops a principal and its principal role memberships. */
  public void dropPrincipal(String name) {
    changed(() -> principalWrites.dropPrincipal(name));
  }

  /** Whether any principal exists (the bootstrap runs only when none does). */
  public boolean anyPrincipalExists() {
    return principalWrites.anyPrincipalExists();
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
    return changed(() -> principalWrites.bootstrapRoot(name, clientId, secret, SERVICE_ADMIN_ROLE, beforeCommit));
  }

  // ------------------------------------------------------------------ writes: principal roles

  public void createPrincipalRole(String name, boolean serviceAdministrator) {
    createPrincipalRole(name, serviceAdministrator, false);
  }

  /** Creates a principal role; {@code trustedEngine}: its members are trusted engines. */
  public void createPrincipalRole(String name, boolean serviceAdministrator, boolean trustedEngine) {
    changed(() -> principalWrites.createPrincipalRole(name, serviceAdministrator, trustedEngine));
  }

  /** Whether any of these (active) principal roles is a trusted engine role. */
  public boolean anyTrustedEngine(java.util.Collection<String> principalRoles) {
    Map<String, PrincipalRoleRecord> roles = current().principalRoles();
    for (String role : principalRoles) {
      PrincipalRoleRecord record = roles.get(role);
      if (record != null && record.trustedEngine()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any of these (active) principal roles is a service administrator role. */
  public boolean anyServiceAdministrator(java.util.Collection<String> principalRoles) {
    Set<String> administrators = serviceAdministratorRoles();
    return principalRoles.stream().anyMatch(administrators::contains);
  }

  /** Drops a principal role, its memberships and its catalog role assignments. */
  public void dropPrincipalRole(String name) {
    changed(() -> principalWrites.dropPrincipalRole(name));
  }

  /** Makes a principal a member of a principal role; returns false when it already was. */
  public boolean assignPrincipalRole(String principal, String principalRole) {
    return changed(() -> principalWrites.assignPrincipalRole(principal, principalRole));
  }

  /** Ends a membership; returns false when there was none (404 for an unknown principal or role). */
  public boolean unassignPrincipalRole(String principal, String principalRole) {
    return changed(() -> principalWrites.unassignPrincipalRole(principal, principalRole));
  }

  // ------------------------------------------------------------------ writes: catalog roles and grants

  public void createCatalogRole(CatalogRole role) {
    changed(() -> grantWrites.createCatalogRole(role));
  }

  /** Drops a catalog role with its grants and assignments. */
  public void dropCatalogRole(CatalogRole role) {
    changed(() -> grantWrites.dropCatalogRole(role));
  }

  /** Assigns a catalog role to a principal role; returns false when it already was. */
  public boolean assignCatalogRole(String principalRole, CatalogRole role) {
    return changed(() -> grantWrites.assignCatalogRole(principalRole, role));
  }

  /** Takes a catalog role away from a principal role; returns false when it was not assigned. */
  public boolean unassignCatalogRole(String principalRole, CatalogRole role) {
    return changed(() -> grantWrites.unassignCatalogRole(principalRole, role));
  }

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
    return changed(() -> grantWrites.grant(role, privilege, securable, allowMissing));
  }

  /**
   * Revokes a grant, bound to the object now of that name or pending for that name (both, when
   * both exist); returns false when the role held neither.
   */
  public boolean revoke(CatalogRole role, Privilege privilege, Securable securable) {
    return changed(() -> grantWrites.revoke(role, privilege, securable));
  }

  // ------------------------------------------------------------------ loading

  /**
   * Reloads the snapshot if the stored version differs from the one held: after a change of
   * another store that the triggers turned into access changes (a catalog created or dropped, an
   * object created, renamed or dropped), so this node decides with them from its next request on.
   */
  public void refreshIfChanged() {
    snapshot.refreshIfChanged();
  }

  private AccessSnapshot current() {
    return snapshot.current();
  }

  private <T> T changed(Supplier<T> write) {
    return snapshot.afterWrite(write);
  }

  private void changed(Runnable write) {
    snapshot.afterWrite(write);
  }
}
