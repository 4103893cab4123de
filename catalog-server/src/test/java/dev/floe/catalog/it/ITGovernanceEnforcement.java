package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.ImmutableRemoteSignRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequestParser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row filters and column masks enforced where Floe cannot hand the job to an engine: no vended
 * credentials and no remote signatures for a caller a policy reaches (unless it is a trusted
 * engine), and the {@code read-restrictions} of its loadTable answers.
 *
 * <p>Needs the governance store's management API ({@code POST
 * /api/management/v1/catalogs/{catalog}/row-filters} and {@code /column-masks}); the request bodies
 * are written in {@link #createRowFilter} and {@link #createColumnMask} alone.
 */
class ITGovernanceEnforcement {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String LOCAL = "lakehouse";
  private static final String VENDING = "govvend_" + SUFFIX;
  private static final String SIGNING = "govsign_" + SUFFIX;
  private static final String NAMESPACE = "goven_" + SUFFIX;
  private static final String VENDED = "vended-credentials";

  private static String readerRole;
  private static String readerToken;
  private static String exemptToken;
  private static String engineToken;
  /** The row filter and the column mask of each catalog, by catalog. */
  private static final Map<String, Long> FILTER_IDS = new java.util.HashMap<>();
  private static final Map<String, Long> MASK_IDS = new java.util.HashMap<>();
  private static Table signed;

  @BeforeAll
  static void setUp() throws Exception {
    createVendingCatalog();
    S3Catalogs.create(SIGNING);
    for (String catalog : List.of(LOCAL, VENDING)) {
      try (RESTCatalog client = IcebergClients.catalog(FloeTestServer.catalogUri(), Map.of("warehouse", catalog))) {
        client.createNamespace(Namespace.of(NAMESPACE));
        client.createTable(TableIdentifier.of(NAMESPACE, "orders"), IcebergClients.SCHEMA);
      }
    }
    try (RESTCatalog client = S3Catalogs.remoteSigningClient(SIGNING)) {
      client.createNamespace(Namespace.of(NAMESPACE));
      signed = client.createTable(TableIdentifier.of(NAMESPACE, "orders"), IcebergClients.SCHEMA);
    }
    readerRole = "gov_en_reader_" + SUFFIX;
    readerToken = principal(readerRole, false, LOCAL, VENDING, SIGNING);
    exemptToken = principal("gov_en_exempt_" + SUFFIX, false, LOCAL, VENDING, SIGNING);
    engineToken = principal("gov_en_engine_" + SUFFIX, true, LOCAL, VENDING, SIGNING);
    for (String catalog : List.of(LOCAL, VENDING, SIGNING)) {
      FILTER_IDS.put(catalog, createRowFilter(catalog, NAMESPACE, "orders", "name = 'a' OR id > 10", readerRole));
      MASK_IDS.put(catalog, createColumnMask(catalog, NAMESPACE, "orders", "name", "nullify", readerRole));
    }
  }

  /** A principal (with a principal role of its name) that may read the test namespace in every catalog. */
  private static String principal(String name, boolean trustedEngine, String... catalogs) {
    String root = FloeTestServer.rootToken();
    String management = "/api/management/v1";
    HttpResponse<String> created = RestCalls.toServer("POST", management + "/principals", "{\"name\": \"" + name + "\"}", root);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> role =
        RestCalls.toServer(
            "POST", management + "/principal-roles", "{\"name\": \"" + name + "\", \"trusted-engine\": " + trustedEngine + "}", root);
    assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", management + "/principals/" + name + "/principal-roles/" + name, null, root).statusCode())
        .isEqualTo(201);
    for (String catalog : catalogs) {
      assertThat(RestCalls.toServer("POST", management + "/catalogs/" + catalog + "/catalog-roles", "{\"name\": \"" + name + "\"}", root)
              .statusCode())
          .isEqualTo(201);
      assertThat(RestCalls.toServer("PUT", management + "/principal-roles/" + name + "/catalog-roles/" + catalog + "/" + name, null, root)
              .statusCode())
          .isEqualTo(201);
      for (String privilege : List.of("TABLE_READ_DATA", "TABLE_WRITE_DATA")) {
        String grant =
            "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + NAMESPACE + "\"]}}";
        HttpResponse<String> granted =
            RestCalls.toServer("POST", management + "/catalogs/" + catalog + "/catalog-roles/" + name + "/grants", grant, root);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
      }
    }
    JsonNode credentials = json(created).path("credentials");
    return RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  // ------------------------------------------------------------------ policy setup (the governance store's API)

  /** A row filter on a table for one principal role; its policy id. */
  private static long createRowFilter(String catalog, String namespace, String table, String sql, String role) {
    String body =
        "{\"namespace\": [\"" + namespace + "\"], \"table\": \"" + table + "\","
            + " \"expression\": " + quote(sql) + ","
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"" + role + "\"}]}";
    return created(RestCalls.toServer("POST", "/api/management/v1/catalogs/" + catalog + "/row-filters", body, FloeTestServer.rootToken()));
  }

  /** A column mask on a column for one principal role; its policy id. */
  private static long createColumnMask(String catalog, String namespace, String table, String column, String mask, String role) {
    String body =
        "{\"target\": {\"namespace\": [\"" + namespace + "\"], \"table\": \"" + table + "\", \"column\": \"" + column + "\"},"
            + " \"mask\": {\"function\": \"" + mask + "\"},"
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"" + role + "\"}]}";
    return created(RestCalls.toServer("POST", "/api/management/v1/catalogs/" + catalog + "/column-masks", body, FloeTestServer.rootToken()));
  }

  private static long created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response).path("id").asLong();
  }

  // ------------------------------------------------------------------ tests

  @Test
  void noVendedCredentialsForACallerAPolicyReaches() {
    String path = "/v1/" + VENDING + "/namespaces/" + NAMESPACE + "/tables/orders";
    HttpResponse<String> reader = RestCalls.get(path, Map.of("Authorization", "Bearer " + readerToken, "X-Iceberg-Access-Delegation", VENDED));
    assertThat(reader.statusCode()).as(reader.body()).isEqualTo(403);
    assertThat(RestCalls.error(reader).message()).contains("vended credentials refused").contains(Long.toString(FILTER_IDS.get(VENDING)));
    HttpResponse<String> refresh = RestCalls.get(path + "/credentials", Map.of("Authorization", "Bearer " + readerToken));
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(403);
    // no policy reaches the other reader; the trusted engine enforces them itself
    assertThat(RestCalls.get(path, Map.of("Authorization", "Bearer " + exemptToken, "X-Iceberg-Access-Delegation", VENDED)).statusCode())
        .isEqualTo(200);
    assertThat(RestCalls.get(path, Map.of("Authorization", "Bearer " + engineToken, "X-Iceberg-Access-Delegation", VENDED)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void noRemoteSignaturesForACallerAPolicyReaches() {
    String uri = FloeTestServer.s3().endpoint() + "/" + S3TestServer.BUCKET + "/" + S3Catalogs.keyOf(signed.location()) + "/metadata/x.json";
    String body =
        RemoteSignRequestParser.toJson(
            ImmutableRemoteSignRequest.builder()
                .region(FloeTestServer.s3().region())
                .method("GET")
                .uri(URI.create(uri))
                .headers(Map.of())
                .build());
    String path = "/v1/" + SIGNING + "/namespaces/" + NAMESPACE + "/tables/orders/sign";
    HttpResponse<String> reader = RestCalls.post(path, body, Map.of("Authorization", "Bearer " + readerToken));
    assertThat(reader.statusCode()).as(reader.body()).isEqualTo(403);
    assertThat(RestCalls.error(reader).message()).contains("remote signing refused").contains(Long.toString(MASK_IDS.get(SIGNING)));
    assertThat(RestCalls.post(path, body, Map.of("Authorization", "Bearer " + engineToken)).statusCode()).isEqualTo(200);
    assertThat(RestCalls.post(path, body, Map.of("Authorization", "Bearer " + exemptToken)).statusCode()).isEqualTo(200);
  }

  @Test
  void loadTableCarriesTheCallersReadRestrictions() {
    String path = "/v1/" + LOCAL + "/namespaces/" + NAMESPACE + "/tables/orders";
    HttpResponse<String> reader = RestCalls.get(path, Map.of("Authorization", "Bearer " + readerToken));
    assertThat(reader.statusCode()).as(reader.body()).isEqualTo(200);
    JsonNode restrictions = json(reader).path("read-restrictions");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(reader.headers().firstValue("ETag")).isEmpty();
    soft.assertThat(restrictions.path("required-column-projections").toString())
        .isEqualTo("[{\"field-id\":2,\"action\":\"replace-with-null\"}]");
    soft.assertThat(restrictions.path("required-row-filter").path("type").asText()).isEqualTo("or");
    HttpResponse<String> other = RestCalls.get(path, Map.of("Authorization", "Bearer " + exemptToken));
    soft.assertThat(json(other).has("read-restrictions")).isFalse();
    soft.assertThat(other.headers().firstValue("ETag")).isPresent();
    soft.assertAll();
  }

  @Test
  void theEvaluationAnswersTheFilterAndTheMask() {
    String body =
        "{\"identity\": {\"user\": \"" + readerRole + "\", \"groups\": [], \"principalRoles\": []}, \"catalog\": \"" + LOCAL + "\","
            + " \"tables\": [{\"namespace\": [\"" + NAMESPACE + "\"], \"name\": \"orders\", \"columns\": [{\"name\": \"id\"}, {\"name\": \"name\"}]}]}";
    HttpResponse<String> response = RestCalls.toServer("POST", "/api/governance/v1/evaluate", body, engineToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode table = json(response).path("tables").path(0);
    assertThat(table.path("rowFilter").asText()).isEqualTo("\"name\" = 'a' OR \"id\" > 10");
    assertThat(table.path("masks").path(0).path("expression").asText()).isEqualTo("CAST(NULL AS varchar)");
  }

  private static void createVendingCatalog() {
    MinioTestServer minio = FloeTestServer.minio();
    String body =
        "{\"name\":\"" + VENDING + "\",\"storage-root\":\"s3://" + MinioTestServer.BUCKET + "/" + VENDING + "\","
            + "\"properties\":{"
            + "\"s3.endpoint\":\"" + minio.endpoint() + "\","
            + "\"s3.region\":\"" + MinioTestServer.REGION + "\","
            + "\"s3.path-style-access\":\"true\","
            + "\"s3.sts-enabled\":\"true\","
            + "\"s3.sts-duration-seconds\":\"900\","
            + "\"s3.credentials\":\"env:" + MinioTestServer.CREDENTIALS_PREFIX + "\"}}";
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
