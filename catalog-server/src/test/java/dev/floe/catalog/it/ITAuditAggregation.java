package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read aggregation ({@code floe.audit.aggregate-reads-window}) on a second node of the same
 * database: loads of an untagged table become one event with the count, loads of a tagged table
 * and refusals stay one event each. The node's window is an hour: what it folded is written when it
 * stops, so the test does not depend on timing.
 */
class ITAuditAggregation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  /** A catalog of its own: column masks of other tests in lakehouse would make every table there governed. */
  private static final String CATALOG = "audit_agg_" + SUFFIX;
  private static final String TAG = "audit_agg_" + SUFFIX;
  private static final int LOADS = 25;

  private static ServerProcess node;

  @BeforeAll
  static void setUp() {
    String storage = "file://" + FloeTestServer.workDir().toAbsolutePath().resolve("audit-agg-" + SUFFIX);
    created(RestCalls.postToServer("/api/management/v1/catalogs", "{\"name\":\"" + CATALOG + "\",\"storage-root\":\"" + storage + "\"}"), 201);
    String catalog = "/api/catalog/v1/" + CATALOG;
    created(RestCalls.toServer("POST", catalog + "/namespaces", "{\"namespace\": [\"agg\"]}", RestCalls.rootToken()), 200);
    for (String table : List.of("plain", "tagged", "warm")) {
      created(
          RestCalls.toServer(
              "POST",
              catalog + "/namespaces/agg/tables",
              "{\"name\":\"" + table + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
                  + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}",
              RestCalls.rootToken()),
          200);
    }
    created(RestCalls.postToServer("/api/management/v1/tags", "{\"name\": \"" + TAG + "\"}"), 201);
    created(
        RestCalls.postToServer(
            "/api/management/v1/catalogs/" + CATALOG + "/tag-assignments",
            "{\"tag\": \"" + TAG + "\", \"namespace\": [\"agg\"], \"table\": \"tagged\"}"),
        201);

    Map<String, String> environment = new LinkedHashMap<>(FloeTestServer.serverEnvironment());
    environment.remove("FLOE_BOOTSTRAP_CREDENTIALS");
    environment.put("FLOE_AUDIT_AGGREGATE_READS_WINDOW", "PT1H");
    node = ServerProcess.start(ServerProcess.freePort(), FloeTestServer.workDir().resolve("floe-audit-aggregation-node.log"), environment);
  }

  @AfterAll
  static void tearDown() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void loadsOfAnUntaggedTableAreOneEventWithTheirCountLoadsOfATaggedTableOneEventEach() throws Exception {
    String root = RestCalls.rootToken();
    String stranger = principalWithoutRoles();
    for (int i = 0; i < 5; i++) {
      assertThat(load("warm", root)).isEqualTo(200);
    }
    for (int i = 0; i < LOADS; i++) {
      assertThat(load("plain", root)).isEqualTo(200);
      assertThat(load("tagged", root)).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(load("plain", stranger)).isEqualTo(404);
    }
    HttpResponse<String> metrics = toNode("GET", "/q/metrics", root);
    assertThat(metrics.body().lines().filter(line -> line.startsWith("floe_audit_events_dropped_total")))
        .singleElement()
        .satisfies(line -> assertThat(line).endsWith(" 0.0"));
    assertThat(metrics.body().lines().filter(line -> line.startsWith("floe_audit_reads_folded_total")))
        .singleElement()
        .satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(LOADS + 5));
    // stopping the node writes every open window
    node.close();

    List<JsonNode> plain = events("principal=root&operation=LOAD_TABLE&resource=table:" + CATALOG + ".agg.plain");
    assertThat(plain).hasSize(1);
    JsonNode folded = plain.get(0);
    assertThat(folded.path("decision").asText()).isEqualTo("ALLOW");
    assertThat(folded.path("details").path("aggregated").asText()).isEqualTo("true");
    assertThat(folded.path("details").path("count").asText()).isEqualTo(Integer.toString(LOADS));
    assertThat(java.time.Instant.parse(folded.path("details").path("first").asText()))
        .isBeforeOrEqualTo(java.time.Instant.parse(folded.path("details").path("last").asText()));
    assertThat(folded.path("details").has("tags")).isFalse();

    List<JsonNode> tagged = events("principal=root&operation=LOAD_TABLE&resource=table:" + CATALOG + ".agg.tagged");
    assertThat(tagged).hasSize(LOADS);
    assertThat(tagged).allSatisfy(event -> {
      assertThat(event.path("details").has("aggregated")).as(event.toString()).isFalse();
      assertThat(event.path("details").path("tags").asText()).isEqualTo(TAG);
    });

    List<JsonNode> refused = events("operation=LOAD_TABLE&resource=table:" + CATALOG + ".agg.plain&decision=NOT_FOUND");
    assertThat(refused).hasSize(3).allSatisfy(event -> assertThat(event.path("details").has("aggregated")).isFalse());
  }

  private static int load(String table, String token) {
    return toNode("GET", "/api/catalog/v1/" + CATALOG + "/namespaces/agg/tables/" + table, token).statusCode();
  }

  private static HttpResponse<String> toNode(String method, String path, String token) {
    return RestCalls.to(node.baseUri(), method, path, null, token);
  }

  /** Every event of the query (one page of up to 1,000, read through the main server). */
  private static List<JsonNode> events(String query) throws Exception {
    HttpResponse<String> response =
        RestCalls.toServer("GET", "/api/management/v1/audit/events?pageSize=1000&" + query, null, RestCalls.rootToken());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    JSON.readTree(response.body()).path("events").forEach(events::add);
    return events;
  }

  private static String principalWithoutRoles() throws Exception {
    HttpResponse<String> created =
        RestCalls.postToServer("/api/management/v1/principals", "{\"name\": \"audit_agg_stranger_" + SUFFIX + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode credentials = JSON.readTree(created.body()).path("credentials");
    return RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  private static void created(HttpResponse<String> response, int expected) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
  }
}
