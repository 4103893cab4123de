package dev.floe.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.Grant;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.rbac.RbacAuthorizer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access store on a real PostgreSQL (embedded, started by the test), each test on a fresh
 * database migrated by Flyway with Floe's migrations.
 */
class TestPostgresAccessStore {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private DataSource dataSource;
  private final List<PostgresAccessStore> stores = new ArrayList<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void freshDatabase() throws SQLException {
    String name = "access_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    dataSource = postgres.getDatabase("postgres", name);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  @AfterEach
  void stopStores() {
    stores.forEach(PostgresAccessStore::stop);
  }

  private PostgresAccessStore store(Duration versionCheck) {
    PostgresAccessStore store = new PostgresAccessStore(dataSource, versionCheck);
    store.start();
    stores.add(store);
    return store;
  }

  private PostgresAccessStore store() {
    return store(Duration.ofHours(1));
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private void createCatalog(String name) throws SQLException {
    sql("INSERT INTO catalogs (name, storage_root) VALUES ('" + name + "', 'file:///tmp/" + name + "')");
  }

  /** A top-level namespace, as the metastore writes it. */
  private void createNamespace(String catalog, String namespace) throws SQLException {
    sql("INSERT INTO namespaces (catalog_id, path, parent_path) SELECT id, '" + namespace + "', '' FROM catalogs WHERE name = '" + catalog + "'");
  }

  /** A table in a top-level namespace, as the metastore writes it. */
  private void createTable(String catalog, String namespace, String name) throws SQLException {
    sql("INSERT INTO catalog_objects (catalog_id, namespace_id, namespace_path, name, kind, metadata_location)"
        + " SELECT catalog_id, id, path, '" + name + "', 'TABLE', 'file:///tmp/m.json' FROM namespaces"
        + " WHERE path = '" + namespace + "' AND catalog_id = (SELECT id FROM catalogs WHERE name = '" + catalog + "')");
  }

  @Test
  void principalsAuthenticateWithTheirSecretOnly() throws SQLException {
    PostgresAccessStore store = store();
    Credentials alice = store.createPrincipal("alice", Map.of("team", "data"));
    assertThat(alice.clientId()).matches("[0-9a-f]{32}");

    PrincipalEntry entry = store.authenticateClient(alice.clientId(), alice.secret()).orElseThrow();
    assertThat(entry.name()).isEqualTo("alice");
    assertThat(entry.disabled()).isFalse();
    assertThat(entry.clientId()).contains(alice.clientId());
    assertThat(store.authenticateClient(alice.clientId(), alice.secret() + "x")).isEmpty();
    assertThat(store.authenticateClient("unknown", alice.secret())).isEmpty();
    assertThat(store.authenticateClient(alice.clientId(), null)).isEmpty();
    assertThat(store.principalRecord("alice").orElseThrow().properties()).containsEntry("team", "data");

    // only a slow hash is stored
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var results = statement.executeQuery("SELECT secret_hash FROM principals WHERE name = 'alice'")) {
      results.next();
      assertThat(results.getString(1)).startsWith("pbkdf2-sha256$210000$").doesNotContain(alice.secret());
    }

    assertThatThrownBy(() -> store.createPrincipal("alice", Map.of()))
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("alice");
    assertThatThrownBy(() -> store.createPrincipal("", Map.of())).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> store.createPrincipal("bad\nname", Map.of())).isInstanceOf(BadRequestException.class);
  }

  /**
   * Principals and principal roles follow EntityNames' rule when created (a space, a slash or a
   * percent sign was accepted in principal names); a name stored before the rule still works.
   */
  @Test
  void namesFollowOneRuleOnCreateAndStoredNamesKeepWorking() throws SQLException {
    PostgresAccessStore store = store();
    for (String name : List.of("with space", "a/b", "50%", " lead", "é", "-dash-first", "x".repeat(129))) {
      assertThatThrownBy(() -> store.createPrincipal(name, Map.of()))
          .as(name).isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid principal name");
      assertThatThrownBy(() -> store.createPrincipalRole(name, false))
          .as(name).isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid principal role name");
    }
    store.createPrincipal("svc.loader@team-a_1", Map.of());
    store.createPrincipalRole("x".repeat(128), false);

    // a principal stored under an older, looser rule: readable, disabled and dropped by that name
    store.createPrincipal("legacy", Map.of());
    sql("UPDATE principals SET name = 'old name/with slash' WHERE name = 'legacy'");
    PostgresAccessStore fresh = store();
    assertThat(fresh.principalRecord("old name/with slash")).isPresent();
    fresh.setDisabled("old name/with slash", true);
    assertThat(fresh.principal("old name/with slash").orElseThrow().disabled()).isTrue();
    fresh.dropPrincipal("old name/with slash");
    assertThat(fresh.principalRecord("old name/with slash")).isEmpty();
  }

  @Test
  void rotateDisableEnableDrop() {
    PostgresAccessStore store = store();
    Credentials first = store.createPrincipal("svc", Map.of());
    Credentials second = store.rotateCredentials("svc");
    assertThat(second.clientId()).isEqualTo(first.clientId());
    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(store.authenticateClient(first.clientId(), first.secret())).isEmpty();
    assertThat(store.authenticateClient(second.clientId(), second.secret())).isPresent();

    store.setDisabled("svc", true);
    assertThat(store.principal("svc").orElseThrow().disabled()).isTrue();
    // authentication still answers, with the principal marked disabled: the caller refuses it
    assertThat(store.authenticateClient(second.clientId(), second.secret()).orElseThrow().disabled()).isTrue();
    store.setDisabled("svc", false);
    assertThat(store.principal("svc").orElseThrow().disabled()).isFalse();

    store.dropPrincipal("svc");
    assertThat(store.principal("svc")).isEmpty();
    assertThat(store.authenticateClient(second.clientId(), second.secret())).isEmpty();
    assertThatThrownBy(() -> store.dropPrincipal("svc")).isInstanceOf(NotFoundException.class).hasMessageContaining("svc");
    assertThatThrownBy(() -> store.rotateCredentials("nobody")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.setDisabled("nobody", true)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void everyCatalogGetsCatalogAdminForTheServiceAdministrators() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore store = store();
    CatalogRole admin = new CatalogRole("lake", "catalog_admin");
    assertThat(store.catalogRoles("lake")).containsExactly(admin);
    assertThat(store.grantsOf(admin))
        .extracting(Grant::privilege)
        .containsExactlyInAnyOrder(Privilege.CATALOG_MANAGE_CONTENT, Privilege.CATALOG_MANAGE_ACCESS, Privilege.CATALOG_MANAGE_POLICIES);
    assertThat(store.catalogRolesOf(PostgresAccessStore.SERVICE_ADMIN_ROLE)).containsExactly(admin);
    assertThat(store.serviceAdministratorRoles()).containsExactly(PostgresAccessStore.SERVICE_ADMIN_ROLE);

    // a catalog created later, by anyone, gets the same in its own transaction
    long before = store.version();
    createCatalog("second");
    await().atMost(Duration.ofSeconds(10)).until(() -> store.version() > before);
    assertThat(store.catalogRolesOf(PostgresAccessStore.SERVICE_ADMIN_ROLE))
        .containsExactlyInAnyOrder(admin, new CatalogRole("second", "catalog_admin"));
  }

  @Test
  void trustedEngineAndServiceAdministratorRolesAreFlagsOfPrincipalRoles() {
    PostgresAccessStore store = store();
    store.createPrincipalRole("engines", false, true);
    store.createPrincipalRole("plain", false);
    assertThat(store.principalRole("engines").orElseThrow().trustedEngine()).isTrue();
    assertThat(store.principalRole("engines").orElseThrow().serviceAdministrator()).isFalse();
    assertThat(store.principalRole("plain").orElseThrow().trustedEngine()).isFalse();
    assertThat(store.anyTrustedEngine(List.of("plain", "engines"))).isTrue();
    assertThat(store.anyTrustedEngine(List.of("plain", "unknown"))).isFalse();
    assertThat(store.anyServiceAdministrator(List.of(PostgresAccessStore.SERVICE_ADMIN_ROLE))).isTrue();
    assertThat(store.anyServiceAdministrator(List.of("engines"))).isFalse();
  }

  @Test
  void rolesAssignmentsAndGrantsDriveTheRbac() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore store = store();
    RbacAuthorizer authorizer = new RbacAuthorizer(store);
    store.createPrincipal("alice", Map.of());
    store.createPrincipalRole("analysts", false);
    assertThat(store.assignPrincipalRole("alice", "analysts")).isTrue();
    assertThat(store.assignPrincipalRole("alice", "analysts")).isFalse();
    CatalogRole readers = new CatalogRole("lake", "readers");
    store.createCatalogRole(readers);
    assertThat(store.assignCatalogRole("analysts", readers)).isTrue();
    Securable orders = Securable.table("lake", List.of("sales"), "orders");
    PrincipalContext alice = new PrincipalContext(new Principal("alice", false), store.principal("alice").orElseThrow().principalRoles());

    assertThat(authorizer.decide(alice, Operation.LOAD_TABLE, List.of(Target.of(orders))).outcome()).isEqualTo(Outcome.NOT_FOUND);
    createNamespace("lake", "sales");
    assertThat(store.grant(readers, Privilege.TABLE_READ_DATA, Securable.namespace("lake", "sales"), false).created()).isTrue();
    assertThat(store.grant(readers, Privilege.TABLE_READ_DATA, Securable.namespace("lake", "sales"), false).created()).isFalse();
    Decision allowed = authorizer.decide(alice, Operation.LOAD_TABLE, List.of(Target.of(orders)));
    assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(allowed.grants()).containsExactly(new Grant("readers", Privilege.TABLE_READ_DATA, Securable.namespace("lake", "sales")));
    assertThat(authorizer.decide(alice, Operation.DROP_TABLE, List.of(Target.of(orders))).outcome()).isEqualTo(Outcome.DENY);

    assertThat(store.revoke(readers, Privilege.TABLE_READ_DATA, Securable.namespace("lake", "sales"))).isTrue();
    assertThat(store.revoke(readers, Privilege.TABLE_READ_DATA, Securable.namespace("lake", "sales"))).isFalse();
    assertThat(authorizer.decide(alice, Operation.LOAD_TABLE, List.of(Target.of(orders))).outcome()).isEqualTo(Outcome.NOT_FOUND);

    // grants: validated against the securable type and the role's catalog
    assertThatThrownBy(() -> store.grant(readers, Privilege.TABLE_CREATE, orders, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TABLE_CREATE");
    assertThatThrownBy(() -> store.grant(readers, Privilege.TABLE_READ_DATA, Securable.namespace("other", "x"), false))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("another catalog");
    assertThatThrownBy(() -> store.grant(new CatalogRole("lake", "nobody"), Privilege.TABLE_LIST, Securable.catalog("lake"), false))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nobody");

    // duplicates and unknowns
    assertThatThrownBy(() -> store.createCatalogRole(readers)).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> store.createPrincipalRole("analysts", false)).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> store.createCatalogRole(new CatalogRole("missing", "r")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> store.assignPrincipalRole("bob", "analysts")).isInstanceOf(NotFoundException.class).hasMessageContaining("bob");
    assertThatThrownBy(() -> store.assignCatalogRole("nobody", readers)).isInstanceOf(NotFoundException.class).hasMessageContaining("nobody");
    assertThatThrownBy(() -> store.createPrincipalRole("bad name", false)).isInstanceOf(BadRequestException.class);

    // dropping a principal role ends its memberships and assignments
    assertThat(store.unassignCatalogRole("analysts", readers)).isTrue();
    assertThat(store.unassignCatalogRole("analysts", readers)).isFalse();
    store.assignCatalogRole("analysts", readers);
    store.dropPrincipalRole("analysts");
    assertThat(store.principal("alice").orElseThrow().principalRoles()).isEmpty();
    assertThat(store.catalogRolesOf("analysts")).isEmpty();
    store.dropCatalogRole(readers);
    assertThat(store.catalogRoles("lake")).containsExactly(new CatalogRole("lake", "catalog_admin"));
    assertThatThrownBy(() -> store.dropCatalogRole(readers)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void droppingACatalogDropsItsRolesGrantsAndAssignments() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore store = store();
    CatalogRole writers = new CatalogRole("lake", "writers");
    store.createPrincipalRole("engineers", false);
    store.createCatalogRole(writers);
    store.assignCatalogRole("engineers", writers);
    store.grant(writers, Privilege.TABLE_WRITE_DATA, Securable.catalog("lake"), false);
    long before = store.version();

    sql("DELETE FROM catalogs WHERE name = 'lake'");
    store.refreshIfChanged();

    assertThat(store.version()).isGreaterThan(before);
    assertThat(store.catalogRoles("lake")).isEmpty();
    assertThat(store.grantsOf(writers)).isEmpty();
    assertThat(store.catalogRolesOf("engineers")).isEmpty();
    assertThat(store.catalogRolesOf(PostgresAccessStore.SERVICE_ADMIN_ROLE)).isEmpty();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var results = statement.executeQuery(
            "SELECT (SELECT count(*) FROM catalog_roles) + (SELECT count(*) FROM grants) + (SELECT count(*) FROM catalog_role_assignments)")) {
      results.next();
      assertThat(results.getLong(1)).isZero();
    }
  }

  @Test
  void anotherNodeSeesChangesThroughNotifications() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore writer = store();
    // no periodic check within the test: only notifications can bring the change
    PostgresAccessStore reader = store(Duration.ofHours(1));
    RbacAuthorizer authorizer = new RbacAuthorizer(reader);
    writer.createPrincipal("carol", Map.of());
    writer.createPrincipalRole("auditors", false);
    writer.assignPrincipalRole("carol", "auditors");
    CatalogRole role = new CatalogRole("lake", "auditors");
    writer.createCatalogRole(role);
    writer.assignCatalogRole("auditors", role);
    PrincipalContext carol = new PrincipalContext(new Principal("carol", false), Set.of("auditors"));
    Target table = Target.of(Securable.table("lake", List.of("sales"), "orders"));
    // warm the reader's RBAC cache at the current version
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.version() == writer.version());
    assertThat(authorizer.decide(carol, Operation.LOAD_TABLE, List.of(table)).allowed()).isFalse();

    long started = System.nanoTime();
    writer.grant(role, Privilege.TABLE_READ_PROPERTIES, Securable.catalog("lake"), false);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> authorizer.decide(carol, Operation.LOAD_TABLE, List.of(table)).allowed());
    System.out.printf("TestPostgresAccessStore: grant visible on the other store after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    assertThat(reader.principal("carol")).isPresent();

    writer.setDisabled("carol", true);
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.principal("carol").orElseThrow().disabled());
  }

  @Test
  void listenerReconnectsAfterLosingItsConnection() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore writer = store();
    PostgresAccessStore reader = store(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> listeners() >= 2);
    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'floe-access-listener'");
    writer.createPrincipalRole("after_reconnect", false);
    // the change is either notified after the reconnect or found by the check the listener makes when it reconnects
    await().atMost(Duration.ofSeconds(15)).until(() -> reader.principalRole("after_reconnect").isPresent());
    await().atMost(Duration.ofSeconds(10)).until(() -> listeners() >= 2);
    // and it still follows notifications afterwards
    writer.createPrincipalRole("later_still", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.principalRole("later_still").isPresent());
  }

  @Test
  void stoppedStoresStopListening() throws SQLException {
    PostgresAccessStore store = store();
    await().atMost(Duration.ofSeconds(10)).until(() -> listeners() == 1);
    store.stop();
    assertThat(listeners()).isZero();
  }

  @Test
  void periodicCheckFindsChangesWithoutNotification() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore reader = store(Duration.ofMillis(200));
    // a change whose notification is lost: trigger off, version moved by hand
    sql(
        "ALTER TABLE principal_roles DISABLE TRIGGER principal_roles_changed",
        "INSERT INTO principal_roles (name) VALUES ('silent')",
        "ALTER TABLE principal_roles ENABLE TRIGGER principal_roles_changed",
        "UPDATE access_version SET version = version + 1");
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.principalRole("silent").isPresent());
  }

  @Test
  void bootstrapCreatesRootOnceWithAPrivateCredentialsFile(@TempDir Path dataDir) throws Exception {
    createCatalog("lakehouse");
    PostgresAccessStore store = store();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertThat(AccessBootstrap.bootstrap(store, Optional.empty(), dataDir, new PrintStream(printed, true, StandardCharsets.UTF_8))).isTrue();

    Path file = dataDir.resolve("root-credentials");
    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Map<String, String> lines = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.contains("=")) {
        lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    String clientId = lines.get("client_id");
    String secret = lines.get("client_secret");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(clientId, secret, file.toString());
    try (var listing = Files.list(dataDir)) {
      assertThat(listing.map(path -> path.getFileName().toString()).toList()).containsExactly("root-credentials");
    }

    PrincipalEntry root = store.authenticateClient(clientId, secret).orElseThrow();
    assertThat(root.name()).isEqualTo("root");
    assertThat(root.principalRoles()).containsExactly(PostgresAccessStore.SERVICE_ADMIN_ROLE);
    // root may use the default catalog through catalog_admin, and administer the service
    RbacAuthorizer authorizer = new RbacAuthorizer(store);
    PrincipalContext context = new PrincipalContext(new Principal("root", false), root.principalRoles());
    assertThat(authorizer.decide(context, Operation.DROP_TABLE, List.of(Target.of(Securable.table("lakehouse", List.of("a"), "t")))).allowed()).isTrue();
    assertThat(authorizer.decide(context, Operation.GRANT, List.of(Target.of(Securable.catalog("lakehouse")))).allowed()).isTrue();
    assertThat(authorizer.decide(context, Operation.CREATE_PRINCIPAL, List.of()).allowed()).isTrue();

    // a second start does nothing and leaves the file alone
    String content = Files.readString(file);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertThat(AccessBootstrap.bootstrap(store, Optional.empty(), dataDir.resolve("elsewhere"), new PrintStream(again, true, StandardCharsets.UTF_8))).isFalse();
    assertThat(again.size()).isZero();
    assertThat(Files.readString(file)).isEqualTo(content);
    assertThat(Files.exists(dataDir.resolve("elsewhere").resolve("root-credentials"))).isFalse();
  }

  @Test
  void bootstrapWithConfiguredCredentials(@TempDir Path dataDir) throws Exception {
    PostgresAccessStore store = store();
    AccessBootstrap.ClientCredentials configured = AccessBootstrap.parse("root:floe-it-root-secret");
    assertThat(AccessBootstrap.bootstrap(store, Optional.of(configured), dataDir, System.out)).isTrue();
    assertThat(store.authenticateClient("root", "floe-it-root-secret").orElseThrow().name()).isEqualTo("root");
    assertThat(Files.exists(dataDir.resolve("root-credentials"))).isFalse();
    createCatalog("later");
    store.refreshIfChanged();
    assertThat(store.catalogRolesOf(PostgresAccessStore.SERVICE_ADMIN_ROLE)).contains(new CatalogRole("later", "catalog_admin"));
  }

  @Test
  void bootstrapRefusesToOverwriteALeftoverCredentialsFile(@TempDir Path dataDir) throws Exception {
    PostgresAccessStore store = store();
    Files.writeString(dataDir.resolve("root-credentials"), "old");
    assertThatThrownBy(() -> AccessBootstrap.bootstrap(store, Optional.empty(), dataDir, System.out))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("never overwrites");
    assertThat(Files.readString(dataDir.resolve("root-credentials"))).isEqualTo("old");
    assertThat(store.anyPrincipalExists()).isFalse();
  }

  @Test
  void bootstrapRestoresADroppedServiceAdminRole(@TempDir Path dataDir) throws Exception {
    createCatalog("lake");
    PostgresAccessStore store = store();
    store.dropPrincipalRole(PostgresAccessStore.SERVICE_ADMIN_ROLE);
    assertThat(store.serviceAdministratorRoles()).isEmpty();
    AccessBootstrap.bootstrap(store, Optional.of(AccessBootstrap.parse("root:floe-it-root-secret")), dataDir, System.out);
    assertThat(store.serviceAdministratorRoles()).containsExactly(PostgresAccessStore.SERVICE_ADMIN_ROLE);
    assertThat(store.catalogRolesOf(PostgresAccessStore.SERVICE_ADMIN_ROLE)).containsExactly(new CatalogRole("lake", "catalog_admin"));
  }

  @Test
  void principalsHaveAnIdPerInstanceAndACredentialGenerationPerRotation() {
    PostgresAccessStore store = store();
    store.createPrincipal("svc", Map.of());
    PrincipalEntry created = store.principal("svc").orElseThrow();
    assertThat(created.credentialGeneration()).isEqualTo(1);
    assertThat(created.credentialsRotatedAt()).isEmpty();

    Instant beforeRotation = Instant.now().minusSeconds(1);
    store.rotateCredentials("svc");
    PrincipalEntry rotated = store.principal("svc").orElseThrow();
    assertThat(rotated.id()).isEqualTo(created.id());
    assertThat(rotated.credentialGeneration()).isEqualTo(2);
    assertThat(rotated.credentialsRotatedAt()).hasValueSatisfying(at -> assertThat(at).isAfter(beforeRotation));

    // the same name again is another principal
    store.dropPrincipal("svc");
    store.createPrincipal("svc", Map.of());
    PrincipalEntry again = store.principal("svc").orElseThrow();
    assertThat(again.id()).isNotEqualTo(created.id());
    assertThat(again.credentialGeneration()).isEqualTo(1);
    assertThat(store.principalRecord("svc").orElseThrow().id()).isEqualTo(again.id());
  }

  @Test
  void tableGrantsBindToTheTableNotItsName() throws SQLException {
    createCatalog("lake");
    createNamespace("lake", "raw");
    PostgresAccessStore store = store();
    // another node, told only by notifications
    PostgresAccessStore other = store(Duration.ofHours(1));
    CatalogRole readers = new CatalogRole("lake", "readers");
    store.createCatalogRole(readers);
    Securable piiRaw = Securable.table("lake", List.of("raw"), "pii_raw");
    Grant read = new Grant("readers", Privilege.TABLE_READ_DATA, piiRaw);

    // a missing table: 404 naming it, nothing stored
    assertThatThrownBy(() -> store.grant(readers, Privilege.TABLE_READ_DATA, piiRaw, false))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("Table does not exist: lake.raw.pii_raw");
    assertThat(grantRows()).isZero();

    // allow-missing: pending, grants nothing, binds when the table is created
    assertThat(store.grant(readers, Privilege.TABLE_READ_DATA, piiRaw, true))
        .isEqualTo(new GrantResult(true, true));
    assertThat(store.pendingGrantsOf(readers)).containsExactly(read);
    assertThat(store.grantsOf(readers)).isEmpty();
    // a view of that name is not the table the grant waits for
    sql("INSERT INTO catalog_objects (catalog_id, namespace_id, namespace_path, name, kind, metadata_location)"
        + " SELECT catalog_id, id, path, 'pii_raw', 'VIEW', 'file:///tmp/v.json' FROM namespaces WHERE path = 'raw'");
    store.refreshIfChanged();
    assertThat(store.pendingGrantsOf(readers)).containsExactly(read);
    sql("DELETE FROM catalog_objects WHERE name = 'pii_raw'");
    createTable("lake", "raw", "pii_raw");
    await().atMost(Duration.ofSeconds(10)).until(() -> other.grantsOf(readers).equals(List.of(read)));
    store.refreshIfChanged();
    assertThat(store.grantsOf(readers)).containsExactly(read);
    assertThat(store.pendingGrantsOf(readers)).isEmpty();
    // granted again on the existing table: already held
    assertThat(store.grant(readers, Privilege.TABLE_READ_DATA, piiRaw, false))
        .isEqualTo(new GrantResult(false, false));

    // renamed (and moved to another namespace): the grant follows the table
    createNamespace("lake", "clean");
    sql("UPDATE catalog_objects SET namespace_id = (SELECT id FROM namespaces WHERE path = 'clean'),"
        + " namespace_path = 'clean', name = 'pii_v2' WHERE name = 'pii_raw'");
    Grant moved = new Grant("readers", Privilege.TABLE_READ_DATA, Securable.table("lake", List.of("clean"), "pii_v2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> other.grantsOf(readers).equals(List.of(moved)));

    // dropped: its grants go in the same statement; a new table of either name holds nothing
    sql("DELETE FROM catalog_objects WHERE name = 'pii_v2'");
    assertThat(grantRows()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> other.grantsOf(readers).isEmpty());
    createTable("lake", "raw", "pii_raw");
    createTable("lake", "clean", "pii_v2");
    store.refreshIfChanged();
    assertThat(store.grantsOf(readers)).isEmpty();
    assertThat(store.revoke(readers, Privilege.TABLE_READ_DATA, piiRaw)).isFalse();
  }

  @Test
  void namespaceGrantsBindAndGoWithTheirNamespace() throws SQLException {
    createCatalog("lake");
    PostgresAccessStore store = store();
    CatalogRole readers = new CatalogRole("lake", "readers");
    store.createCatalogRole(readers);
    Securable sales = Securable.namespace("lake", "sales");
    assertThatThrownBy(() -> store.grant(readers, Privilege.TABLE_READ_DATA, sales, false))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("Namespace does not exist: lake.sales");
    assertThat(store.grant(readers, Privilege.TABLE_READ_DATA, sales, true).pending()).isTrue();
    // a pending grant can be revoked like any other
    assertThat(store.revoke(readers, Privilege.TABLE_READ_DATA, sales)).isTrue();
    assertThat(store.pendingGrantsOf(readers)).isEmpty();
    store.grant(readers, Privilege.TABLE_READ_DATA, sales, true);

    createNamespace("lake", "sales");
    store.refreshIfChanged();
    assertThat(store.grantsOf(readers)).containsExactly(new Grant("readers", Privilege.TABLE_READ_DATA, sales));
    sql("DELETE FROM namespaces WHERE path = 'sales'");
    store.refreshIfChanged();
    assertThat(store.grantsOf(readers)).isEmpty();
    createNamespace("lake", "sales");
    store.refreshIfChanged();
    assertThat(store.grantsOf(readers)).isEmpty();
  }

  @Test
  void objectsWithoutGrantsLeaveTheAccessVersionAlone() throws SQLException {
    createCatalog("lake");
    createNamespace("lake", "raw");
    PostgresAccessStore store = store();
    long before = storedVersion();
    createTable("lake", "raw", "t");
    sql("UPDATE catalog_objects SET name = 'u' WHERE name = 't'", "DELETE FROM catalog_objects WHERE name = 'u'");
    assertThat(storedVersion()).isEqualTo(before);
    assertThat(store.version()).isEqualTo(before);
  }

  private long grantRows() throws SQLException {
    return count("SELECT count(*) FROM grants WHERE securable_type <> 'CATALOG'");
  }

  private long storedVersion() throws SQLException {
    return count("SELECT version FROM access_version");
  }

  private long count(String query) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var results = statement.executeQuery(query)) {
      results.next();
      return results.getLong(1);
    }
  }

  private int listeners() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var results = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'floe-access-listener'")) {
      results.next();
      return results.getInt(1);
    }
  }
}
