package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The management API over HTTP on the packaged server, as the root principal (FloeTestServer's
 * FLOE_BOOTSTRAP_CREDENTIALS) and as principals it creates, with tokens from the token endpoint.
 */
class ITManagementApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/management/v1";

  private static HttpResponse<String> root(String method, String path, String body) {
    return RestCalls.toServer(method, API + path, body, RestCalls.rootToken());
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void openApiDocumentDescribesTheManagementApi() {
    HttpResponse<String> document = RestCalls.toServer("GET", "/q/openapi?format=json", null, null);
    JsonNode openApi = json(document, 200);
    JsonNode paths = openApi.get("paths");
    assertThat(paths.has(API + "/principals")).isTrue();
    assertThat(paths.has(API + "/catalogs/{catalog}/catalog-roles/{role}/grants")).isTrue();
    assertThat(paths.has(API + "/explain")).isTrue();
    assertThat(paths.get(API + "/principals").get("post").get("summary").asText()).isEqualTo("Create a service principal");
    // the management API, the governance evaluation engines call and the lineage API (the Iceberg
    // REST API is described by Iceberg's own document, /api/catalog/openapi.yaml)
    paths.fieldNames().forEachRemaining(path -> assertThat(path).matches("^(" + API + "|/api/governance/v1|/api/lineage/v1)/.*|/api/v1/lineage"));
  }

  @Test
  void everyEndpointNeedsAuthentication() {
    for (String path : new String[] {"/catalogs", "/principals", "/principal-roles", "/catalogs/lakehouse/catalog-roles"}) {
      assertThat(RestCalls.toServer("GET", API + path, null, null).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(RestCalls.toServer("POST", API + "/principals", "{\"name\": \"intruder\"}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void principalLifecycleGrantsAndExplain() {
    // a principal, its credentials shown once
    JsonNode created = json(root("POST", "/principals", "{\"name\": \"it-alice\", \"properties\": {\"team\": \"sales\"}}"), 201);
    String clientId = created.at("/credentials/client-id").asText();
    String secret = created.at("/credentials/client-secret").asText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    HttpResponse<String> shown = root("GET", "/principals/it-alice", null);
    assertThat(json(shown, 200).get("client-id").asText()).isEqualTo(clientId);
    assertThat(shown.body()).doesNotContain(secret).doesNotContain("pbkdf2");
    assertThat(root("GET", "/principals", null).body()).doesNotContain(secret).doesNotContain("pbkdf2");
    assertThat(root("POST", "/principals", "{\"name\": \"it-alice\"}").statusCode()).isEqualTo(409);
    assertThat(root("GET", "/principals/nobody", null).statusCode()).isEqualTo(404);

    // alice alone may do nothing
    String alice = RestCalls.token(clientId, secret);
    assertThat(json(RestCalls.toServer("GET", API + "/catalogs", null, alice), 200).get("catalogs")).isEmpty();
    assertThat(RestCalls.toServer("GET", API + "/principals", null, alice).statusCode()).isEqualTo(403);
    assertThat(RestCalls.toServer("GET", API + "/catalogs/lakehouse/catalog-roles", null, alice).statusCode()).isEqualTo(404);

    // roles and a grant
    json(root("POST", "/principal-roles", "{\"name\": \"it-analysts\"}"), 201);
    assertThat(root("PUT", "/principals/it-alice/principal-roles/it-analysts", null).statusCode()).isEqualTo(201);
    json(root("POST", "/catalogs/lakehouse/catalog-roles", "{\"name\": \"it-readers\"}"), 201);
    assertThat(root("POST", "/catalogs/lakehouse/catalog-roles", "{\"name\": \"it-readers\"}").statusCode()).isEqualTo(409);
    assertThat(root("PUT", "/principal-roles/it-analysts/catalog-roles/lakehouse/it-readers", null).statusCode()).isEqualTo(201);
    String grant = "{\"privilege\": \"TABLE_READ_DATA\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"it_sales\"]}}";
    // a grant names an existing object
    HttpResponse<String> missing = root("POST", "/catalogs/lakehouse/catalog-roles/it-readers/grants", grant);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("Namespace does not exist: lakehouse.it_sales");
    assertThat(RestCalls.toServer("POST", "/api/catalog/v1/lakehouse/namespaces", "{\"namespace\": [\"it_sales\"]}", RestCalls.rootToken()).statusCode())
        .isEqualTo(200);
    JsonNode granted = json(root("POST", "/catalogs/lakehouse/catalog-roles/it-readers/grants", grant), 201);
    assertThat(granted.at("/securable/path").toString()).isEqualTo("[\"lakehouse\",\"it_sales\"]");
    assertThat(granted.get("pending").asBoolean()).isFalse();
    HttpResponse<String> invalid =
        root("POST", "/catalogs/lakehouse/catalog-roles/it-readers/grants",
            "{\"privilege\": \"CATALOG_MANAGE_ACCESS\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"it_sales\"]}}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("CATALOG_MANAGE_ACCESS");

    // alice now sees the catalog, and explain says why she may load a table
    assertThat(json(RestCalls.toServer("GET", API + "/catalogs", null, RestCalls.token(clientId, secret)), 200).get("catalogs").toString())
        .contains("lakehouse");
    String explain =
        "{\"principal\": \"it-alice\", \"operation\": \"LOAD_TABLE\", \"targets\": [{\"type\": \"table\", \"path\": [\"lakehouse\", \"it_sales\", \"orders\"]}]}";
    JsonNode allowed = json(root("POST", "/explain", explain), 200);
    assertThat(allowed.get("outcome").asText()).isEqualTo("ALLOW");
    assertThat(allowed.at("/grants/0/catalog-role").asText()).isEqualTo("it-readers");
    assertThat(allowed.at("/grants/0/privilege").asText()).isEqualTo("TABLE_READ_DATA");
    assertThat(RestCalls.toServer("POST", API + "/explain", explain, alice).statusCode()).isIn(403, 404);

    assertThat(root("POST", "/catalogs/lakehouse/catalog-roles/it-readers/grants/revoke", grant).statusCode()).isEqualTo(204);
    assertThat(root("POST", "/catalogs/lakehouse/catalog-roles/it-readers/grants/revoke", grant).statusCode()).isEqualTo(404);
    assertThat(json(root("POST", "/explain", explain), 200).get("outcome").asText()).isEqualTo("NOT_FOUND");

    // rotation: the old secret stops working
    JsonNode rotated = json(root("POST", "/principals/it-alice/rotate", null), 200);
    assertThat(RestCalls.tokenResponse(clientId, secret).statusCode()).isNotEqualTo(200);
    String newSecret = rotated.get("client-secret").asText();
    RestCalls.token(clientId, newSecret);

    // disabled: no more tokens; enabled again: tokens
    assertThat(json(root("PATCH", "/principals/it-alice", "{\"disabled\": true}"), 200).get("disabled").asBoolean()).isTrue();
    assertThat(RestCalls.tokenResponse(clientId, newSecret).statusCode()).isNotEqualTo(200);
    json(root("PATCH", "/principals/it-alice", "{\"disabled\": false}"), 200);
    RestCalls.token(clientId, newSecret);

    assertThat(root("DELETE", "/principals/it-alice", null).statusCode()).isEqualTo(204);
    assertThat(RestCalls.tokenResponse(clientId, newSecret).statusCode()).isNotEqualTo(200);
    assertThat(root("DELETE", "/principal-roles/it-analysts", null).statusCode()).isEqualTo(204);
    assertThat(root("DELETE", "/catalogs/lakehouse/catalog-roles/it-readers", null).statusCode()).isEqualTo(204);
  }

  @Test
  void catalogsCreateUpdateAndDropWhenEmpty() {
    String root = "file://" + FloeTestServer.workDir().toAbsolutePath().resolve("it-managed");
    json(root("POST", "/catalogs", "{\"name\": \"it_managed\", \"storage-root\": \"" + root + "\", \"properties\": {\"owner\": \"it\"}}"), 201);
    assertThat(root("POST", "/catalogs", "{\"name\": \"it_managed\", \"storage-root\": \"" + root + "\"}").statusCode()).isEqualTo(409);
    // the new catalog comes with catalog_admin for the service administrators
    JsonNode roles = json(root("GET", "/catalogs/it_managed/catalog-roles", null), 200);
    assertThat(roles.get("catalog-roles").toString()).contains("catalog_admin");

    JsonNode updated = json(root("PATCH", "/catalogs/it_managed", "{\"updates\": {\"table-default.format-version\": \"2\"}, \"removals\": [\"owner\"]}"), 200);
    assertThat(updated.at("/properties/table-default.format-version").asText()).isEqualTo("2");
    assertThat(updated.get("properties").has("owner")).isFalse();
    HttpResponse<String> storage = root("PATCH", "/catalogs/it_managed", "{\"updates\": {\"allowed-locations\": \"file:///\"}}");
    assertThat(storage.statusCode()).isEqualTo(400);
    assertThat(storage.body()).contains("allowed-locations");

    HttpResponse<String> namespace =
        RestCalls.toServer("POST", "/api/catalog/v1/it_managed/namespaces", "{\"namespace\": [\"busy\"]}", RestCalls.rootToken());
    assertThat(namespace.statusCode()).as(namespace.body()).isEqualTo(200);
    assertThat(root("DELETE", "/catalogs/it_managed", null).statusCode()).isEqualTo(409);
    assertThat(RestCalls.toServer("DELETE", "/api/catalog/v1/it_managed/namespaces/busy", null, RestCalls.rootToken()).statusCode())
        .isEqualTo(204);
    assertThat(root("DELETE", "/catalogs/it_managed", null).statusCode()).isEqualTo(204);
    assertThat(root("GET", "/catalogs/it_managed", null).statusCode()).isEqualTo(404);
    assertThat(root("DELETE", "/catalogs/it_managed", null).statusCode()).isEqualTo(404);
  }

  /** A listing's size parameters that are not numbers are the client's fault, and the answer names them. */
  @Test
  void listingLimitsThatAreNotNumbersAreBadRequests() {
    String reports = "/catalogs/lakehouse/namespaces/it_limits/tables/t/metrics-reports";
    for (String path :
        new String[] {reports + "?limit=ten", reports + "?limit=1.5", "/catalogs/lakehouse/purges?limit=ten", "/audit/events?pageSize=ten"}) {
      HttpResponse<String> response = root("GET", path, null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
      assertThat(response.body()).as(path).contains(path.substring(path.indexOf('?') + 1, path.indexOf('=')));
    }
    assertThat(root("GET", reports + "?limit=5", null).statusCode()).isEqualTo(200);
  }
}
