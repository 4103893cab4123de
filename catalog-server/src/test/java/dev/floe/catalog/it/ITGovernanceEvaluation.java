package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The governance evaluation endpoint on a real server, before any policy exists: who may ask
 * about whom (trusted engines, service administrators, everyone about itself), and the 4xx
 * answers of bad requests.
 */
class ITGovernanceEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CATALOG = "lakehouse";
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String NAMESPACE = "goveval_" + SUFFIX;
  private static final String EVALUATE = "/api/governance/v1/evaluate";

  private static String reader;
  private static String readerToken;
  private static String outsiderToken;
  private static String engineToken;

  @BeforeAll
  static void setUp() {
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(NAMESPACE));
      catalog.createTable(TableIdentifier.of(NAMESPACE, "orders"), IcebergClients.SCHEMA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reader = "gov_reader_" + SUFFIX;
    readerToken = AccessSetup.principalWithGrants(reader, CATALOG, List.of(NAMESPACE), "TABLE_READ_DATA");
    outsiderToken = AccessSetup.principalWithGrants("gov_outsider_" + SUFFIX, CATALOG, List.of(NAMESPACE), "TABLE_LIST");
    String engine = "gov_engine_" + SUFFIX;
    String root = FloeTestServer.rootToken();
    HttpResponse<String> role =
        RestCalls.toServer("POST", "/api/management/v1/principal-roles", "{\"name\": \"" + engine + "\", \"trusted-engine\": true}", root);
    assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
    assertThat(json(role).path("trusted-engine").asBoolean()).isTrue();
    HttpResponse<String> created = RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\": \"" + engine + "\"}", root);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", "/api/management/v1/principals/" + engine + "/principal-roles/" + engine, null, root).statusCode())
        .isEqualTo(201);
    JsonNode credentials = json(created).path("credentials");
    engineToken = RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  private static String request(String user, String catalog) {
    return "{\"identity\": {\"user\": \"" + user + "\", \"groups\": [], \"principalRoles\": []}, \"catalog\": \"" + catalog + "\","
        + " \"tables\": [{\"namespace\": [\"" + NAMESPACE + "\"], \"name\": \"orders\","
        + " \"columns\": [{\"name\": \"id\"}, {\"name\": \"name\", \"fieldId\": 2, \"type\": \"string\"}, {\"name\": \"gone\"}]}]}";
  }

  private static HttpResponse<String> evaluate(String body, String token) {
    return RestCalls.toServer("POST", EVALUATE, body, token);
  }

  @Test
  void aReaderEvaluatesItself() {
    HttpResponse<String> response = evaluate(request(reader, CATALOG), readerToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode table = json(response).path("tables").path(0);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(table.path("selectAllowed").asBoolean()).isTrue();
    soft.assertThat(table.path("visibleColumns").toString()).isEqualTo("[\"id\",\"name\"]");
    soft.assertThat(table.path("hiddenColumns").path(0).path("column").asText()).isEqualTo("gone");
    soft.assertThat(json(response).path("cacheTtlSeconds").asLong()).isEqualTo(30);
    soft.assertAll();
  }

  @Test
  void aCallerWithoutSelectIsAnsweredDeniedNotAnError() {
    HttpResponse<String> response = evaluate(request("gov_outsider_" + SUFFIX, CATALOG), outsiderToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("tables").path(0).path("selectAllowed").asBoolean()).isFalse();
  }

  @Test
  void aNonEngineCannotAskAboutAnotherIdentity() {
    HttpResponse<String> response = evaluate(request(reader, CATALOG), outsiderToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(RestCalls.error(response).message()).contains("may only evaluate governance for itself");
  }

  @Test
  void aTrustedEngineAndAServiceAdministratorAskForOthers() {
    HttpResponse<String> engine = evaluate(request(reader, CATALOG), engineToken);
    assertThat(engine.statusCode()).as(engine.body()).isEqualTo(200);
    assertThat(json(engine).path("tables").path(0).path("selectAllowed").asBoolean()).isTrue();
    String path =
        "/api/management/v1/catalogs/" + CATALOG + "/namespaces/" + NAMESPACE + "/tables/orders/effective-access?user=" + reader;
    HttpResponse<String> admin = RestCalls.toServer("GET", path, null, FloeTestServer.rootToken());
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(json(admin).path("visibleColumns").toString()).isEqualTo("[\"id\",\"name\"]");
    assertThat(RestCalls.toServer("GET", path, null, outsiderToken).statusCode()).isEqualTo(403);
  }

  @Test
  void anUnknownCatalogIsNotFound() {
    HttpResponse<String> response = evaluate(request(reader, "no_such_catalog"), readerToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
  }

  @Test
  void malformedRequestsAreBadRequestsNamingTheProblem() {
    SoftAssertions soft = new SoftAssertions();
    HttpResponse<String> noIdentity = evaluate("{\"catalog\": \"" + CATALOG + "\", \"tables\": []}", readerToken);
    soft.assertThat(noIdentity.statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.error(noIdentity).message()).contains("identity is null");
    HttpResponse<String> misspelled = evaluate(request(reader, CATALOG).replace("\"catalog\"", "\"katalog\""), readerToken);
    soft.assertThat(misspelled.statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.error(misspelled).message()).contains("catalog is null");
    HttpResponse<String> unknownField = evaluate(request(reader, CATALOG).replace("{\"identity\"", "{\"extra\": 1, \"identity\""), readerToken);
    soft.assertThat(unknownField.statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.error(unknownField).message()).contains("extra");
    HttpResponse<String> emptyNamespace =
        evaluate(request(reader, CATALOG).replace("[\"" + NAMESPACE + "\"]", "[]"), readerToken);
    soft.assertThat(emptyNamespace.statusCode()).isEqualTo(400);
    soft.assertThat(RestCalls.error(emptyNamespace).message()).contains("namespace is empty");
    HttpResponse<String> notJson = evaluate("tables", readerToken);
    soft.assertThat(notJson.statusCode()).isEqualTo(400);
    soft.assertAll();
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
