package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The parts of the REST protocol beyond the compatibility kit: ETag, pagination, idempotency, errors. */
class ITRestProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "/v1/lakehouse/namespaces/it_protocol";
  private static RESTCatalog catalog;

  @BeforeAll
  static void createNamespace() {
    catalog = IcebergClients.catalog(FloeTestServer.catalogUri());
    catalog.createNamespace(Namespace.of("it_protocol"));
  }

  @AfterAll
  static void close() throws Exception {
    catalog.close();
  }

  @Test
  void configAdvertisesPrefixEndpointsAndIdempotency() throws Exception {
    HttpResponse<String> response = RestCalls.get("/v1/config?warehouse=lakehouse", Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(response.body());
    assertThat(config.path("overrides").path("prefix").asText()).isEqualTo("lakehouse");
    assertThat(config.path("idempotency-key-lifetime").asText()).isEqualTo("PT30M");
    List<String> endpoints = new ArrayList<>();
    config.path("endpoints").forEach(node -> endpoints.add(node.asText()));
    assertThat(endpoints)
        .contains(
            "POST /v1/{prefix}/transactions/commit",
            "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
            "POST /v1/{prefix}/namespaces/{namespace}/register-view");

    HttpResponse<String> unknown = RestCalls.get("/v1/config?warehouse=nope", Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(RestCalls.error(unknown).message()).contains("nope");
  }

  @Test
  void loadTableServesEtagAndNotModified() {
    TableIdentifier identifier = TableIdentifier.of("it_protocol", "etag");
    Table table = catalog.createTable(identifier, IcebergClients.SCHEMA);
    String path = NS + "/tables/etag";

    HttpResponse<String> first = RestCalls.get(path, Map.of());
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = RestCalls.get(path, Map.of("If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<String> refsOnly = RestCalls.get(path + "?snapshots=refs", Map.of("If-None-Match", etag));
    assertThat(refsOnly.statusCode()).as("a different snapshot mode is a different representation").isEqualTo(200);

    table.newFastAppend().appendFile(IcebergClients.fakeDataFile("file:/fake/etag-1.parquet")).commit();
    HttpResponse<String> afterCommit = RestCalls.get(path, Map.of("If-None-Match", etag));
    assertThat(afterCommit.statusCode()).as("a commit changes the representation").isEqualTo(200);
    assertThat(afterCommit.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

    assertThat(RestCalls.get(path + "?snapshots=some", Map.of()).statusCode()).isEqualTo(400);
  }

  @Test
  void listingsPaginateWithoutGapsOrRepeats() throws Exception {
    Namespace namespace = Namespace.of("it_protocol", "paged");
    catalog.createNamespace(namespace);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String name = String.format("t%02d", i);
      catalog.createTable(TableIdentifier.of(namespace, name), IcebergClients.SCHEMA);
      expected.add(name);
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      HttpResponse<String> response =
          RestCalls.get(
              NS + "%1Fpaged/tables?pageSize=5&pageToken=" + java.net.URLEncoder.encode(token, "UTF-8"),
              Map.of());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body());
      assertThat(page.path("identifiers").size()).isLessThanOrEqualTo(5);
      page.path("identifiers").forEach(id -> seen.add(id.path("name").asText()));
      token = page.path("next-page-token").isMissingNode() || page.path("next-page-token").isNull()
          ? null
          : page.path("next-page-token").asText();
      pages++;
    } while (token != null && pages < 20);
    assertThat(pages).isEqualTo(5);
    assertThat(seen).containsExactlyElementsOf(expected);

    // the Java client pages through everything with a small page size too
    try (RESTCatalog paging =
        IcebergClients.catalog(FloeTestServer.catalogUri(), Map.of("rest-page-size", "4"))) {
      assertThat(paging.listTables(namespace)).hasSize(23);
      assertThat(paging.listNamespaces(Namespace.of("it_protocol"))).containsExactly(namespace);
    }

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(RestCalls.get(NS + "/tables?pageSize=0", Map.of()).statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.get(NS + "/tables?pageSize=abc", Map.of()).statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.get(NS + "/tables?pageToken=%25%25%25", Map.of()).statusCode()).isEqualTo(400);
    soft.assertAll();
  }

  @Test
  void idempotencyKeyReplaysTheFirstAnswer() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = "{\"namespace\":[\"it_protocol\",\"idem\"],\"properties\":{\"a\":\"1\"}}";
    HttpResponse<String> first =
        RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", key));
    assertThat(first.statusCode()).isEqualTo(200);

    HttpResponse<String> replay =
        RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", key));
    assertThat(replay.statusCode()).as("a retry with the same key gets the first answer").isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");

    HttpResponse<String> withoutKey = RestCalls.post("/v1/lakehouse/namespaces", body, Map.of());
    assertThat(withoutKey.statusCode()).as("without a key the request runs again").isEqualTo(409);

    // a deterministic 4xx is replayed as well
    String errorKey = UUID.randomUUID().toString();
    HttpResponse<String> conflict =
        RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", errorKey));
    assertThat(conflict.statusCode()).isEqualTo(409);
    catalog.dropNamespace(Namespace.of("it_protocol", "idem"));
    HttpResponse<String> conflictReplay =
        RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", errorKey));
    assertThat(conflictReplay.statusCode()).isEqualTo(409);
    assertThat(catalog.namespaceExists(Namespace.of("it_protocol", "idem")))
        .as("the replayed request did not run again")
        .isFalse();

    // the same key for another request is refused
    HttpResponse<String> misuse =
        RestCalls.post(
            "/v1/lakehouse/namespaces",
            "{\"namespace\":[\"it_protocol\",\"other\"]}",
            Map.of("Idempotency-Key", key));
    assertThat(misuse.statusCode()).isEqualTo(422);

    HttpResponse<String> badKey =
        RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", "not-a-uuid"));
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(RestCalls.error(badKey).message()).contains("Idempotency-Key");
  }

  @Test
  void malformedRequestsGetClear4xx() {
    String tables = NS + "/tables";
    SoftAssertions soft = new SoftAssertions();
    expect(soft, RestCalls.post(tables, "{not json", Map.of()), 400, "CreateTableRequest");
    expect(soft, RestCalls.post(tables, "", Map.of()), 400, "Missing request body");
    expect(soft, RestCalls.post(tables, "{\"name\":\"x\"}", Map.of()), 400, "schema");
    expect(soft, RestCalls.post(tables, "[1,2]", Map.of()), 400, "CreateTableRequest");
    expect(
        soft,
        RestCalls.post(
            tables,
            "{\"name\":\"\",\"schema\":{\"type\":\"struct\",\"fields\":[]}}",
            Map.of()),
        400,
        "table name");
    expect(soft, RestCalls.post("/v1/lakehouse/namespaces", "{\"namespace\":[]}", Map.of()), 400, "");
    expect(soft, RestCalls.post("/v1/lakehouse/namespaces", "{\"namespace\":\"flat\"}", Map.of()), 400, "CreateNamespaceRequest");
    expect(soft, RestCalls.get("/v1/lakehouse/namespaces/missing_ns/tables", Map.of()), 404, "missing_ns");
    expect(soft, RestCalls.get(NS + "/tables/missing_table", Map.of()), 404, "missing_table");
    expect(soft, RestCalls.get("/v1/nowhere/namespaces", Map.of()), 404, "nowhere");
    expect(soft, RestCalls.delete(NS + "/tables/missing?purgeRequested=maybe", Map.of()), 400, "purgeRequested");
    expect(
        soft,
        RestCalls.post(NS + "/tables/missing_table", "{\"requirements\":[],\"updates\":[{\"action\":\"no-such-action\"}]}", Map.of()),
        400,
        "UpdateTableRequest");
    expect(
        soft,
        RestCalls.post("/v1/lakehouse/tables/rename", "{\"source\":{\"namespace\":[\"it_protocol\"],\"name\":\"a\"}}", Map.of()),
        400,
        "RenameTableRequest");
    expect(soft, RestCalls.post("/v1/lakehouse/transactions/commit", "{\"table-changes\":[{}]}", Map.of()), 400, "");
    expect(soft, RestCalls.delete("/v1/lakehouse/namespaces/it_protocol", Map.of()), 409, "not empty");
    soft.assertAll();
  }

  /**
   * A schema the table's format version cannot hold (Iceberg's {@code Schema.checkCompatibility}:
   * {@code unknown}, as Spark's {@code CREATE TABLE … AS SELECT NULL AS x} makes it, and {@code
   * variant} need v3) is the client's fault: a 400 with Iceberg's message, never a 500 that Iceberg's
   * client retries.
   */
  @Test
  void schemasTheFormatVersionCannotHoldAreBadRequests() {
    String tables = NS + "/tables";
    String nullColumn =
        "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"int\"},"
            + "{\"id\":2,\"name\":\"x\",\"required\":false,\"type\":\"unknown\"}]}";
    String variantColumn =
        "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"int\"},"
            + "{\"id\":2,\"name\":\"v\",\"required\":false,\"type\":\"variant\"}]}";
    String v2 = ",\"properties\":{\"format-version\":\"2\"}";
    SoftAssertions soft = new SoftAssertions();
    // Spark's CTAS: a staged create first
    expect(
        soft,
        RestCalls.post(tables, "{\"name\":\"ctas_null\",\"stage-create\":true,\"schema\":" + nullColumn + v2 + "}", Map.of()),
        400,
        "unknown is not supported until v3");
    expect(soft, RestCalls.post(tables, "{\"name\":\"null_column\",\"schema\":" + nullColumn + v2 + "}", Map.of()), 400, "Invalid schema for v2");
    expect(soft, RestCalls.post(tables, "{\"name\":\"variant_column\",\"schema\":" + variantColumn + v2 + "}", Map.of()), 400, "variant");
    // v3 holds both
    expect(
        soft,
        RestCalls.post(tables, "{\"name\":\"variant_v3\",\"schema\":" + variantColumn + ",\"properties\":{\"format-version\":\"3\"}}", Map.of()),
        200,
        "");

    // a commit adding such a column to a v2 table, alone and in a transaction
    String plain =
        "{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"int\"}]}";
    assertThat(RestCalls.post(tables, "{\"name\":\"plain_v2\",\"schema\":" + plain + v2 + "}", Map.of()).statusCode()).isEqualTo(200);
    String addVariant =
        "\"requirements\":[],\"updates\":[{\"action\":\"add-schema\",\"schema\":"
            + variantColumn.replace("{\"type\":\"struct\",", "{\"type\":\"struct\",\"schema-id\":1,")
            + ",\"last-column-id\":2},{\"action\":\"set-current-schema\",\"schema-id\":-1}]";
    expect(soft, RestCalls.post(tables + "/plain_v2", "{" + addVariant + "}", Map.of()), 400, "variant is not supported until v3");
    expect(
        soft,
        RestCalls.post(
            "/v1/lakehouse/transactions/commit",
            "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"it_protocol\"],\"name\":\"plain_v2\"}," + addVariant + "}]}",
            Map.of()),
        400,
        "variant is not supported until v3");
    soft.assertAll();
    assertThat(catalog.loadTable(TableIdentifier.of("it_protocol", "plain_v2")).schema().columns()).hasSize(1);
  }

  private static void expect(SoftAssertions soft, HttpResponse<String> response, int status, String messagePart) {
    soft.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (response.statusCode() >= 400) {
      ErrorResponse error = RestCalls.error(response);
      soft.assertThat(error.code()).isEqualTo(status);
      soft.assertThat(error.message()).as(response.body()).contains(messagePart);
    }
  }
}
