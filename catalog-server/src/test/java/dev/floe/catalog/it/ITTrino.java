package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Trino 476 with Floe as its Iceberg REST catalog, on the local-file-system warehouse of the
 * default catalog {@code lakehouse}: DDL, CTAS, reads, INSERT, DELETE and schema evolution through
 * Trino, checked against Trino's tpch connector and against Floe's own REST API.
 *
 * <p>The steps build on each other, so they run in order, on the run's shared Trino ({@link
 * SharedTrino}: catalogs {@code iceberg}, {@code iceberg_s3}, {@code iceberg_kc}, {@code tpch}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITTrino {
  private static final String SCHEMA = "trino_it";
  private static final String TABLE = "customer";
  private static final String QUALIFIED = "iceberg." + SCHEMA + "." + TABLE;
  private static final String TPCH = "tpch.tiny.customer";
  private static final String COLUMNS = "custkey, name, address, nationkey, phone, acctbal, mktsegment, comment";

  /** The Floe catalog in S3 (MinIO) that Trino's {@code iceberg_s3} catalog reads and writes. */
  private static final String S3_CATALOG = SharedTrino.S3_CATALOG;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private TrinoServer trino;
  private Connection connection;
  private long classStarted;
  /** Files of the table as Floe and Trino reported them before the drop. */
  private final List<Path> tableFiles = new ArrayList<>();

  @BeforeAll
  void connect() throws SQLException {
    classStarted = System.nanoTime();
    trino = SharedTrino.get();
    Properties properties = new Properties();
    properties.setProperty("user", "floe-it");
    connection = DriverManager.getConnection(trino.jdbcUrl(), properties);
  }

  @AfterAll
  void disconnect() throws SQLException {
    try {
      if (connection != null) {
        // Best effort, in case a step failed before the cleanup step; the cleanup step asserts.
        quietly("DROP TABLE IF EXISTS " + QUALIFIED);
        quietly("DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
        connection.close();
      }
    } finally {
      System.out.printf(
          "ITTrino: class wall time %d ms (the shared Trino's start included if this class started it)%n",
          Duration.ofNanos(System.nanoTime() - classStarted).toMillis());
    }
  }

  /**
   * The schema is created without a location: Floe answers with a default {@code location}
   * property (under the catalog's storage root), from which Trino derives unique table locations
   * and creates tables with a staged create. (Without that property Trino 476 falls back to a
   * plain create and then refuses the non-empty table location.)
   */
  @Test
  @Order(1)
  void createSchema() throws Exception {
    execute("CREATE SCHEMA iceberg." + SCHEMA);

    assertThat(column("SHOW SCHEMAS FROM iceberg")).contains(SCHEMA);
    HttpResponse<String> namespace = get("/v1/lakehouse/namespaces/" + SCHEMA);
    assertThat(namespace.statusCode()).as(namespace.body()).isEqualTo(200);
    JsonNode body = json.readTree(namespace.body());
    assertThat(body.path("namespace").get(0).asText()).isEqualTo(SCHEMA);
    assertThat(body.path("properties").path("location").asText()).isEqualTo(schemaLocation());
  }

  @Test
  @Order(2)
  void createTableAsSelect() throws Exception {
    long started = System.nanoTime();
    long written = update("CREATE TABLE " + QUALIFIED + " AS SELECT " + COLUMNS + " FROM " + TPCH);
    long ctasMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.printf("ITTrino: CTAS of %d rows took %d ms%n", written, ctasMillis);

    assertThat(written).isEqualTo(1500);
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED)).isEqualTo(1500L);
    assertThat(column("SHOW TABLES FROM iceberg." + SCHEMA)).containsExactly(TABLE);
  }

  /**
   * Trino with a Keycloak token: its service account's group (engineers) is granted reading the
   * schema, so it reads the table, and may not write it.
   */
  @Test
  @Order(7)
  void readsWithAKeycloakTokenWhatItsGroupMayRead() throws Exception {
    String root = FloeTestServer.rootToken();
    String management = "/api/management/v1";
    RestCalls.toServer("POST", management + "/principal-roles", "{\"name\": \"engineers\"}", root);
    assertThat(RestCalls.toServer("POST", management + "/catalogs/lakehouse/catalog-roles", "{\"name\": \"trino_readers\"}", root).statusCode())
        .isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", management + "/principal-roles/engineers/catalog-roles/lakehouse/trino_readers", null, root).statusCode())
        .isEqualTo(201);
    for (String privilege : List.of("NAMESPACE_READ_PROPERTIES", "TABLE_LIST", "TABLE_READ_DATA")) {
      HttpResponse<String> granted =
          RestCalls.toServer(
              "POST", management + "/catalogs/lakehouse/catalog-roles/trino_readers/grants",
              "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + SCHEMA + "\"]}}",
              root);
      assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    }
    String viaKeycloak = "iceberg_kc." + SCHEMA + "." + TABLE;
    assertThat(column("SHOW SCHEMAS FROM iceberg_kc")).contains(SCHEMA);
    assertThat(scalar("SELECT count(*) FROM " + viaKeycloak)).isEqualTo(scalar("SELECT count(*) FROM " + QUALIFIED));
    assertThatThrownBy(() -> update("INSERT INTO " + viaKeycloak + " SELECT * FROM " + QUALIFIED + " LIMIT 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Forbidden");
  }

  @Test
  @Order(3)
  void readsMatchTpch() throws Exception {
    String query =
        "SELECT mktsegment, count(*), sum(CAST(acctbal AS DECIMAL(12, 2))), min(custkey), max(custkey),"
            + " count(DISTINCT nationkey) FROM %s WHERE nationkey < 10 AND acctbal > 0"
            + " GROUP BY mktsegment ORDER BY mktsegment";
    List<List<Object>> fromIceberg = rows(query.formatted(QUALIFIED));
    List<List<Object>> fromTpch = rows(query.formatted(TPCH));

    assertThat(fromIceberg).hasSize(5); // the five TPC-H market segments
    assertThat(fromIceberg).isEqualTo(fromTpch);
    assertThat(fromIceberg.stream().mapToLong(row -> (Long) row.get(1)).sum())
        .isEqualTo(scalar("SELECT count(*) FROM " + TPCH + " WHERE nationkey < 10 AND acctbal > 0"))
        .isGreaterThan(0L);

    // a point lookup, column by column
    String point = "SELECT " + COLUMNS + " FROM %s WHERE custkey = 1234";
    assertThat(rows(point.formatted(QUALIFIED))).hasSize(1).isEqualTo(rows(point.formatted(TPCH)));
  }

  @Test
  @Order(4)
  void insertRows() throws Exception {
    long inserted =
        update(
            "INSERT INTO " + QUALIFIED + " (" + COLUMNS + ") VALUES"
                + " (100001, 'Customer#100001', 'Somewhere 1', 1, '11-111-111-1111', 100.25, 'BUILDING', 'one'),"
                + " (100002, 'Customer#100002', 'Somewhere 2', 2, '12-222-222-2222', 200.50, 'MACHINERY', 'two'),"
                + " (100003, 'Customer#100003', 'Somewhere 3', 3, '13-333-333-3333', -5.75, 'AUTOMOBILE', 'three')");

    assertThat(inserted).isEqualTo(3);
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED)).isEqualTo(1503L);
    assertThat(rows("SELECT custkey, mktsegment, acctbal FROM " + QUALIFIED + " WHERE custkey > 100000 ORDER BY custkey"))
        .containsExactly(
            List.of(100001L, "BUILDING", 100.25),
            List.of(100002L, "MACHINERY", 200.50),
            List.of(100003L, "AUTOMOBILE", -5.75));
  }

  @Test
  @Order(5)
  void deleteRows() throws Exception {
    long building = scalar("SELECT count(*) FROM " + TPCH + " WHERE mktsegment = 'BUILDING'") + 1;
    assertThat(building).isGreaterThan(1L);

    long deleted = update("DELETE FROM " + QUALIFIED + " WHERE mktsegment = 'BUILDING'");

    assertThat(deleted).isEqualTo(building);
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED)).isEqualTo(1503L - building);
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED + " WHERE mktsegment = 'BUILDING'")).isZero();
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED + " WHERE mktsegment = 'MACHINERY'"))
        .isEqualTo(scalar("SELECT count(*) FROM " + TPCH + " WHERE mktsegment = 'MACHINERY'") + 1);
  }

  @Test
  @Order(6)
  void addColumnThenWriteAndReadIt() throws Exception {
    long before = scalar("SELECT count(*) FROM " + QUALIFIED);
    execute("ALTER TABLE " + QUALIFIED + " ADD COLUMN loyalty_tier varchar");

    assertThat(column("SELECT column_name FROM iceberg.information_schema.columns"
            + " WHERE table_schema = '" + SCHEMA + "' AND table_name = '" + TABLE + "' ORDER BY ordinal_position"))
        .containsExactly(
            "custkey", "name", "address", "nationkey", "phone", "acctbal", "mktsegment", "comment", "loyalty_tier");

    long inserted =
        update(
            "INSERT INTO " + QUALIFIED + " (" + COLUMNS + ", loyalty_tier) VALUES"
                + " (100004, 'Customer#100004', 'Somewhere 4', 4, '14-444-444-4444', 42.00, 'HOUSEHOLD', 'four', 'gold')");
    assertThat(inserted).isEqualTo(1);

    assertThat(rows("SELECT custkey, name, loyalty_tier FROM " + QUALIFIED + " WHERE loyalty_tier IS NOT NULL"))
        .containsExactly(List.of(100004L, "Customer#100004", "gold"));
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED + " WHERE loyalty_tier IS NULL")).isEqualTo(before);
    assertThat(scalar("SELECT count(*) FROM " + QUALIFIED)).isEqualTo(before + 1);
  }

  @Test
  @Order(7)
  void floeServesTheTableTrinoWrote() throws Exception {
    HttpResponse<String> response = get("/v1/lakehouse/namespaces/" + SCHEMA + "/tables/" + TABLE);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    JsonNode metadata = body.path("metadata");

    // CTAS, INSERT, DELETE, INSERT after ADD COLUMN (a schema change adds no snapshot)
    JsonNode snapshots = metadata.path("snapshots");
    assertThat(snapshots.isArray()).as(response.body()).isTrue();
    List<String> operations = new ArrayList<>();
    List<Long> snapshotIds = new ArrayList<>();
    snapshots.forEach(
        s -> {
          operations.add(s.path("summary").path("operation").asText());
          snapshotIds.add(s.path("snapshot-id").asLong());
        });
    assertThat(operations).containsExactly("append", "append", "delete", "append");
    assertThat(metadata.path("current-snapshot-id").asLong()).isEqualTo(snapshotIds.get(3));

    // Trino sees the very snapshots Floe reports
    assertThat(column("SELECT snapshot_id FROM iceberg." + SCHEMA + ".\"" + TABLE + "$snapshots\" ORDER BY committed_at"))
        .containsExactlyElementsOf(snapshotIds.stream().map(Object.class::cast).toList());

    // the current schema has the added column
    int currentSchemaId = metadata.path("current-schema-id").asInt();
    List<String> fields = new ArrayList<>();
    metadata.path("schemas").forEach(
        schema -> {
          if (schema.path("schema-id").asInt() == currentSchemaId) {
            schema.path("fields").forEach(f -> fields.add(f.path("name").asText()));
          }
        });
    assertThat(fields).endsWith("comment", "loyalty_tier").hasSize(9);

    // metadata and data live in the local warehouse
    Path warehouse = warehouse();
    String tableLocation = metadata.path("location").asText();
    assertThat(tableLocation).startsWith(schemaLocation() + "/" + TABLE + "-"); // Trino's unique location
    assertThat(localPath(tableLocation)).startsWith(warehouse).isDirectory();
    Path metadataFile = localPath(body.path("metadata-location").asText());
    assertThat(metadataFile).startsWith(localPath(tableLocation)).isRegularFile();
    tableFiles.add(metadataFile);
    List<Object> dataFiles = column("SELECT file_path FROM iceberg." + SCHEMA + ".\"" + TABLE + "$files\"");
    assertThat(dataFiles).isNotEmpty();
    for (Object file : dataFiles) {
      Path dataFile = localPath((String) file);
      assertThat(dataFile).startsWith(warehouse).isRegularFile();
      tableFiles.add(dataFile);
    }
  }

  @Test
  @Order(8)
  void dropTableAndSchema() throws Exception {
    execute("DROP TABLE " + QUALIFIED);
    HttpResponse<String> table = get("/v1/lakehouse/namespaces/" + SCHEMA + "/tables/" + TABLE);
    assertThat(table.statusCode()).as(table.body()).isEqualTo(404);
    assertThat(column("SHOW TABLES FROM iceberg." + SCHEMA)).isEmpty();
    // Trino drops through a REST catalog with purgeRequested=true: Floe deletes the files
    Purges.awaitDone("lakehouse", SCHEMA + "." + TABLE, Duration.ofSeconds(60));
    assertThat(tableFiles).isNotEmpty().allSatisfy(file -> assertThat(file).doesNotExist());

    execute("DROP SCHEMA iceberg." + SCHEMA);
    HttpResponse<String> namespace = get("/v1/lakehouse/namespaces/" + SCHEMA);
    assertThat(namespace.statusCode()).as(namespace.body()).isEqualTo(404);
    assertThat(column("SHOW SCHEMAS FROM iceberg")).doesNotContain(SCHEMA);
  }

  @Test
  @Order(9)
  void readsAndWritesATableInS3() throws Exception {
    MinioTestServer minio = FloeTestServer.minio();
    execute("CREATE SCHEMA iceberg_s3.sales");
    execute("CREATE TABLE iceberg_s3.sales.nation AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation");
    execute("INSERT INTO iceberg_s3.sales.nation VALUES (100, 'ATLANTIS', 9)");
    assertThat(column("SELECT count(*) FROM iceberg_s3.sales.nation")).containsExactly(26L);
    assertThat(column("SELECT name FROM iceberg_s3.sales.nation WHERE nationkey = 100")).containsExactly("ATLANTIS");
    execute("DELETE FROM iceberg_s3.sales.nation WHERE regionkey = 9");
    assertThat(column("SELECT count(*) FROM iceberg_s3.sales.nation")).containsExactly(25L);

    // Floe serves the table Trino wrote, and its files are in the bucket under the catalog's root
    HttpResponse<String> table = get("/v1/" + S3_CATALOG + "/namespaces/sales/tables/nation");
    assertThat(table.statusCode()).as(table.body()).isEqualTo(200);
    String location = json.readTree(table.body()).path("metadata").path("location").asText();
    assertThat(location).startsWith("s3://" + MinioTestServer.BUCKET + "/" + S3_CATALOG + "/sales/");
    String prefix = S3Catalogs.keyOf(location) + "/";
    List<String> keys = minio.keys(MinioTestServer.BUCKET, prefix);
    assertThat(keys).anyMatch(key -> key.startsWith(prefix + "data/") && key.endsWith(".parquet"));
    assertThat(keys).anyMatch(key -> key.endsWith(".metadata.json"));

    execute("DROP TABLE iceberg_s3.sales.nation");
    Purges.awaitDone(S3_CATALOG, "sales.nation", Duration.ofSeconds(60));
    assertThat(minio.keys(MinioTestServer.BUCKET, prefix)).isEmpty();
    execute("DROP SCHEMA iceberg_s3.sales");
  }

  // ---------------------------------------------------------------- helpers

  /** {@code file:///.../target/it/data/warehouse/trino_it}: in the default catalog's storage root. */
  private static String schemaLocation() {
    return "file://" + warehouse().resolve(SCHEMA);
  }

  private static Path warehouse() {
    return FloeTestServer.workDir().resolve("data").resolve("warehouse").toAbsolutePath().normalize();
  }

  private static Path localPath(String location) {
    assertThat(location).startsWith("file:");
    return Path.of(URI.create(location)).toAbsolutePath().normalize();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(FloeTestServer.catalogUri() + path))
            .header("Authorization", "Bearer " + FloeTestServer.rootToken())
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw withTrinoLog(sql, e);
    }
  }

  private long update(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw withTrinoLog(sql, e);
    }
  }

  private long scalar(String sql) throws SQLException {
    List<List<Object>> rows = rows(sql);
    assertThat(rows).as(sql).hasSize(1);
    assertThat(rows.get(0)).as(sql).hasSize(1);
    return ((Number) rows.get(0).get(0)).longValue();
  }

  private List<Object> column(String sql) throws SQLException {
    return rows(sql).stream().map(row -> row.get(0)).toList();
  }

  private List<List<Object>> rows(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      ResultSetMetaData meta = results.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (results.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = results.getObject(i);
          row.add(value instanceof BigDecimal decimal ? decimal.stripTrailingZeros() : value);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw withTrinoLog(sql, e);
    }
  }

  private void quietly(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      System.out.printf("ITTrino: cleanup '%s' failed: %s%n", sql, e);
    }
  }

  private SQLException withTrinoLog(String sql, SQLException e) {
    return new SQLException(
        "Trino failed on: " + sql + "\n" + e.getMessage() + "\ntail of " + trino.log() + ":\n" + TrinoServer.tail(trino.log(), 40),
        e.getSQLState(),
        e);
  }
}
