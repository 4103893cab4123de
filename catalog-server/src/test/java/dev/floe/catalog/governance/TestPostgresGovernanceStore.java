package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.floe.catalog.metastore.Jdbc;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.DefaultTags;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.TagDefinition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The governance store and the triggers of V11 on a real PostgreSQL (embedded), each test on a
 * fresh database migrated by Flyway: versions, cascades from drops, renames carrying tags and
 * policies along, notifications reaching a second store (a second node), the one-time move of
 * {@code floe.tags}.
 */
class TestPostgresGovernanceStore {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final Securable ORDERS = Securable.table("lake", List.of("sales"), "orders");
  private static final Audience ANALYSTS = Audience.of(AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "analysts"));
  private static EmbeddedPostgres postgres;

  private DataSource dataSource;
  private final List<PostgresGovernanceStore> stores = new ArrayList<>();

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
    String name = "governance_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    dataSource = postgres.getDatabase("postgres", name);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    sql(
        "INSERT INTO catalogs (name, storage_root) VALUES ('lake', 'file:///tmp/lake')",
        "INSERT INTO namespaces (catalog_id, path, parent_path) SELECT id, 'sales', '' FROM catalogs WHERE name = 'lake'");
    createTable("orders");
  }

  @AfterEach
  void stopStores() {
    stores.forEach(PostgresGovernanceStore::stop);
  }

  @Test
  void startsWithTheDefaultPiiTagsAndASaltPerCatalog() {
    PostgresGovernanceStore store = store();
    assertThat(store.tags())
        .extracting(tag -> tag.definition())
        .containsExactlyInAnyOrderElementsOf(DefaultTags.pii(Set.of()));
    assertThat(store.hashSalt("lake")).hasValueSatisfying(salt -> assertThat(salt).hasSize(64).matches("[0-9a-f]+"));
    assertThat(store.hashSalt("missing")).isEmpty();
    assertThat(store.stateOf("lake").tag("pii.email")).isPresent();
  }

  @Test
  void everyChangeRaisesTheVersionAndTheItemsVersion() {
    PostgresGovernanceStore store = store();
    long start = store.version();
    TagRecord created = store.createTag(new TagDefinition("confidential", "Not for everyone", Set.of(), 1), "ada");
    assertThat(created.definition().version()).isEqualTo(1);
    assertThat(store.version()).isGreaterThan(start);
    long afterCreate = store.version();
    TagRecord updated = store.updateTag(new TagDefinition("confidential", "Secret", Set.of("stewards"), 1), "bob");
    assertThat(updated.definition().version()).isEqualTo(2);
    assertThat(updated.updatedBy()).isEqualTo("bob");
    assertThat(updated.createdBy()).isEqualTo("ada");
    assertThat(store.version()).isGreaterThan(afterCreate);

    PolicyRecord<dev.floe.policy.governance.RowFilterPolicy> filter = store.createRowFilter(ORDERS, "\"$field:1\" > 0", GovernanceCodec.audienceJson(ANALYSTS), "ada");
    assertThat(filter.policy().version()).isEqualTo(1);
    assertThat(store.updateRowFilter("lake", filter.policy().id(), "\"$field:1\" > 1", GovernanceCodec.audienceJson(Audience.everyone()), "ada").policy().version())
        .isEqualTo(2);
    assertThat(store.stateOf("lake").rowFiltersOn(ORDERS)).hasSize(1);
  }

  @Test
  void tagsOfContainersApplyBelowAndColumnTagsAreNotTableTags() {
    PostgresGovernanceStore store = store();
    store.createTag(new TagDefinition("confidential", "", Set.of(), 1), "ada");
    store.assign(Securable.namespace("lake", "sales"), OptionalInt.empty(), "confidential", "ada");
    store.assign(ORDERS, OptionalInt.of(3), "pii.email", "ada");
    GovernanceTagSource tags = new GovernanceTagSource(store);
    assertThat(tags.tagsOf(ORDERS)).containsExactly("confidential");
    assertThat(store.stateOf("lake").columnTags(ORDERS, 3)).containsExactly("pii.email");
    assertThatThrownBy(() -> store.assign(ORDERS, OptionalInt.of(3), "pii.email", "ada")).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> store.assign(Securable.table("lake", List.of("sales"), "missing"), OptionalInt.empty(), "pii", "ada"))
        .isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void aRenamedTableKeepsItsTagsAndPoliciesAndADroppedOneLosesThem() throws SQLException {
    PostgresGovernanceStore store = store();
    store.assign(ORDERS, OptionalInt.of(2), "pii.email", "ada");
    store.createRowFilter(ORDERS, "\"$field:1\" > 0", GovernanceCodec.audienceJson(ANALYSTS), "ada");
    store.saveColumnMask(Optional.empty(), "lake", new MaskTarget.Column(ORDERS, 2), GovernanceCodec.maskJson(new Mask.Hash()), GovernanceCodec.audienceJson(ANALYSTS), "ada");

    // a rename of a table without governance items changes no governance row: no new version
    createTable("plain");
    long before = store.version();
    sql("UPDATE catalog_objects SET name = 'plain2' WHERE name = 'plain'");
    store.refreshIfChanged();
    assertThat(store.version()).isEqualTo(before);

    sql("UPDATE catalog_objects SET name = 'orders_v2' WHERE name = 'orders'");
    store.refreshIfChanged();
    Securable renamed = Securable.table("lake", List.of("sales"), "orders_v2");
    assertThat(store.version()).isGreaterThan(before);
    assertThat(store.stateOf("lake").columnTags(renamed, 2)).containsExactly("pii.email");
    assertThat(store.stateOf("lake").rowFiltersOn(renamed)).hasSize(1);
    assertThat(store.stateOf("lake").masksOnColumn(renamed, 2)).hasSize(1);
    assertThat(store.stateOf("lake").rowFiltersOn(ORDERS)).isEmpty();

    long beforeDrop = store.version();
    sql("DELETE FROM catalog_objects WHERE name = 'orders_v2'");
    store.refreshIfChanged();
    assertThat(store.version()).isGreaterThan(beforeDrop);
    assertThat(store.assignments("lake")).isEmpty();
    assertThat(store.rowFilters("lake")).isEmpty();
    assertThat(store.columnMasks("lake")).isEmpty();
  }

  @Test
  void aChangeOnOneNodeReachesTheOtherByNotification() {
    PostgresGovernanceStore writer = store();
    PostgresGovernanceStore reader = store();
    writer.assign(ORDERS, OptionalInt.empty(), "pii", "ada");
    // the reader's periodic check is an hour away: only the notification can bring the change
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.stateOf("lake").effectiveTags(ORDERS).contains("pii"));
    assertThat(reader.version()).isEqualTo(writer.version());
  }

  @Test
  void aTagInUseIsDroppedOnlyByForce() {
    PostgresGovernanceStore store = store();
    store.assign(ORDERS, OptionalInt.empty(), "pii.phone", "ada");
    store.saveColumnMask(Optional.empty(), "lake", new MaskTarget.Tag("pii.phone"), GovernanceCodec.maskJson(new Mask.Nullify()), GovernanceCodec.audienceJson(ANALYSTS), "ada");
    assertThatThrownBy(() -> store.dropTag("pii.phone", false)).isInstanceOf(AlreadyExistsException.class).hasMessageContaining("force=true");
    assertThatThrownBy(() -> store.dropTag("pii", true)).isInstanceOf(AlreadyExistsException.class).hasMessageContaining("child tags");
    store.dropTag("pii.phone", true);
    assertThat(store.tag("pii.phone")).isEmpty();
    assertThat(store.assignments("lake")).isEmpty();
    assertThat(store.columnMasks("lake")).isEmpty();
  }

  @Test
  void theFloeTagsPropertyMovesIntoAssignmentsOnce() throws SQLException {
    PostgresGovernanceStore store = store();
    createTable("secret");
    Map<String, Map<String, String>> properties =
        Map.of("orders", Map.of("floe.tags", "confidential.finance, pii.email,,Not A Tag"), "secret", Map.of("other", "x"));
    TablePropertyTagsMigration migration =
        new TablePropertyTagsMigration(store, new Jdbc(dataSource), table -> properties.getOrDefault(table.name(), Map.of()));
    assertThat(migration.run()).isTrue();
    assertThat(store.stateOf("lake").effectiveTags(ORDERS)).containsExactlyInAnyOrder("confidential.finance", "pii.email");
    assertThat(store.tag("confidential")).isPresent();
    assertThat(store.tag("confidential.finance")).hasValueSatisfying(tag -> assertThat(tag.createdBy()).isEqualTo("floe-migration"));
    assertThat(details()).contains("2 tags on 2 tables moved").contains("Not A Tag");

    // it ran: a second start changes nothing, even after an assignment was removed
    store.unassign("lake", store.assignments("lake").get(0).assignment().id());
    assertThat(migration.run()).isFalse();
    assertThat(store.assignments("lake")).hasSize(1);
  }

  private String details() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery("SELECT details FROM governance_migrations WHERE name = 'floe.tags'")) {
      results.next();
      return results.getString(1);
    }
  }

  private PostgresGovernanceStore store() {
    PostgresGovernanceStore store = new PostgresGovernanceStore(dataSource, Duration.ofHours(1));
    store.start();
    stores.add(store);
    return store;
  }

  private void createTable(String name) throws SQLException {
    sql("INSERT INTO catalog_objects (catalog_id, namespace_id, namespace_path, name, kind, metadata_location)"
        + " SELECT catalog_id, id, path, '" + name + "', 'TABLE', 'file:///tmp/" + name + ".json' FROM namespaces WHERE path = 'sales'");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
