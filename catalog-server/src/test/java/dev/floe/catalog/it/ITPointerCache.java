package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pointer cache across two real nodes on one PostgreSQL: the shared test server (A) and a
 * second Floe (B). Warm loads on B answer from memory; a commit on A reaches B's loads through
 * PostgreSQL NOTIFY; A reads its own writes at once; B catches up after its listener's connection
 * is killed.
 */
class ITPointerCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATABASE_READS =
      Pattern.compile("(?m)^floe_pointer_cache_reads_total\\{[^}]*result=\"database\"[^}]*} ([0-9.E]+)");
  private static final Namespace NAMESPACE = Namespace.of("pointer_cache_" + Long.toString(System.nanoTime() % 1_000_000, 36));
  private static final TableIdentifier TABLE = TableIdentifier.of(NAMESPACE, "t");

  private static ServerProcess nodeB;
  private static String tokenA;
  private static String tokenB;
  private static RESTCatalog clientA;
  private static Table table;

  @BeforeAll
  static void setUp() throws Exception {
    Map<String, String> environment = new LinkedHashMap<>(FloeTestServer.serverEnvironment());
    environment.remove("FLOE_BOOTSTRAP_CREDENTIALS");
    nodeB = ServerProcess.start(ServerProcess.freePort(), FloeTestServer.workDir().resolve("floe-pointer-node.log"), environment);
    tokenA = RestCalls.rootToken();
    tokenB = Tokens.clientCredentials(nodeB.baseUri() + "/api/catalog", FloeTestServer.ROOT_CLIENT_ID, FloeTestServer.ROOT_SECRET);
    clientA = IcebergClients.catalog(FloeTestServer.catalogUri());
    clientA.createNamespace(NAMESPACE);
    table = clientA.createTable(TABLE, IcebergClients.SCHEMA);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (clientA != null) {
      clientA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Test
  void warmLoadsReadNoDatabase() throws Exception {
    String expected = committed();
    awaitLocation(nodeB.baseUri(), tokenB, expected, 10_000);
    load(nodeB.baseUri(), tokenB);
    double before = databaseReads(nodeB.baseUri());
    for (int i = 0; i < 50; i++) {
      assertThat(load(nodeB.baseUri(), tokenB)).isEqualTo(expected);
    }
    assertThat(databaseReads(nodeB.baseUri())).as("pointer reads that went to the database").isEqualTo(before);
  }

  @Test
  void aCommitOnOneNodeReachesTheOther() throws Exception {
    List<Long> delays = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      // B holds the current pointer
      String current = committed();
      awaitLocation(nodeB.baseUri(), tokenB, current, 10_000);
      load(nodeB.baseUri(), tokenB);
      table.updateProperties().set("round", Integer.toString(round)).commit();
      String next = committed();
      assertThat(next).isNotEqualTo(current);
      long started = System.nanoTime();
      awaitLocation(nodeB.baseUri(), tokenB, next, 5_000);
      delays.add((System.nanoTime() - started) / 1_000);
    }
    Collections.sort(delays);
    System.out.printf(
        "ITPointerCache: cross-node staleness over %d commits: p50 %d µs, max %d µs%n",
        delays.size(), delays.get(delays.size() / 2), delays.get(delays.size() - 1));
  }

  @Test
  void theCommittingNodeReadsItsWrites() throws Exception {
    for (int round = 0; round < 30; round++) {
      load(FloeTestServer.baseUri(), tokenA);
      table.updateProperties().set("ryw", Integer.toString(round)).commit();
      assertThat(load(FloeTestServer.baseUri(), tokenA)).as("round %d", round).isEqualTo(committed());
    }
  }

  @Test
  void aNodeCatchesUpAfterItsListenerWasCutOff() throws Exception {
    String current = committed();
    awaitLocation(nodeB.baseUri(), tokenB, current, 10_000);
    load(nodeB.baseUri(), tokenB);
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'floe-pointer-listener'");
      // committed while no listener listens: no node hears of it
      table.updateProperties().set("while-cut-off", "yes").commit();
      String next = committed();
      awaitLocation(nodeB.baseUri(), tokenB, next, 20_000);
      // both nodes listen again
      long deadline = System.currentTimeMillis() + 20_000;
      int listeners = 0;
      while (System.currentTimeMillis() < deadline && listeners < 2) {
        try (ResultSet row =
            statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'floe-pointer-listener'")) {
          row.next();
          listeners = row.getInt(1);
        }
        Thread.sleep(100);
      }
      assertThat(listeners).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void gzipIsServedToClientsThatAcceptIt() throws Exception {
    // an answer worth compressing
    table.updateProperties().set("padding", "x".repeat(4_000)).commit();
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create(FloeTestServer.baseUri() + "/api/catalog/v1/lakehouse/namespaces/" + NAMESPACE.level(0) + "/tables/t");
    HttpResponse<byte[]> plain =
        http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokenA).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> compressed =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokenA).header("Accept-Encoding", "gzip, deflate").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(compressed.statusCode()).isEqualTo(200);
    assertThat(compressed.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(compressed.headers().firstValue("Vary")).hasValueSatisfying(vary -> assertThat(vary).containsIgnoringCase("Accept-Encoding"));
    try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
      assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
    }
    assertThat(compressed.body().length).isLessThan(plain.body().length);
    String strong = plain.headers().firstValue("ETag").orElseThrow();
    String weak = compressed.headers().firstValue("ETag").orElseThrow();
    assertThat(weak).isEqualTo("W/" + strong);
    HttpResponse<byte[]> notModified =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + tokenA)
                .header("Accept-Encoding", "gzip")
                .header("If-None-Match", weak)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(notModified.statusCode()).isEqualTo(304);
  }

  /**
   * A commit's answer kept for Idempotency-Key replays is stored compressed, and a retry gets it
   * back byte for byte.
   */
  @Test
  void answersKeptForReplayAreCompressed() throws Exception {
    String key = java.util.UUID.randomUUID().toString();
    String path = "/v1/lakehouse/namespaces/" + NAMESPACE.level(0) + "/tables/t";
    String change = "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"replayed\":\"" + key + "\"}}]}";
    HttpResponse<String> first = RestCalls.post(path, change, Map.of("Idempotency-Key", key));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> retry = RestCalls.post(path, change, Map.of("Idempotency-Key", key));
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        java.sql.PreparedStatement statement =
            connection.prepareStatement(
                "SELECT response_body IS NULL, pg_column_size(response_body_gzip) FROM idempotency_records WHERE idempotency_key = ?")) {
      statement.setString(1, key);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getBoolean(1)).as("no text kept").isTrue();
        int stored = row.getInt(2);
        int answer = first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("ITPointerCache: a commit's answer of %d bytes is kept for replay in %d bytes%n", answer, stored);
        assertThat(stored).isLessThan(answer * 7 / 10);
      }
    }
  }

  private static String committed() {
    table.refresh();
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  private static String load(String baseUri, String token) throws Exception {
    HttpResponse<String> response =
        RestCalls.to(baseUri, "GET", "/api/catalog/v1/" + "lakehouse" + "/namespaces/" + NAMESPACE.level(0) + "/tables/t", null, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("metadata-location").asText();
  }

  private static void awaitLocation(String baseUri, String token, String expected, long timeoutMillis) throws Exception {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    String seen = load(baseUri, token);
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(1);
      seen = load(baseUri, token);
    }
    assertThat(seen).as("metadata location served by %s", baseUri).isEqualTo(expected);
  }

  private static double databaseReads(String baseUri) {
    HttpResponse<String> metrics = RestCalls.to(baseUri, "GET", "/q/metrics", null, null);
    Matcher matcher = DATABASE_READS.matcher(metrics.body());
    assertThat(matcher.find()).as("floe_pointer_cache_reads_total{result=database} in /q/metrics").isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
