package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The management API as {@code /q/openapi} describes it, from the packaged server: every operation
 * has typed request and response schemas, documents its 4xx answers with the error schema and
 * requires the bearer scheme; and the server holds requests to those schemas (unknown fields are
 * refused by name).
 */
class ITManagementOpenApi {
  private static final String MANAGEMENT = "/api/management/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  /** Every operation the management API has, as "METHOD path". */
  private static final Set<String> OPERATIONS =
      Set.of(
          "GET /catalogs",
          "POST /catalogs",
          "GET /catalogs/{catalog}",
          "PATCH /catalogs/{catalog}",
          "DELETE /catalogs/{catalog}",
          "GET /catalogs/{catalog}/namespaces/{namespace}/tables/{table}/metrics-reports",
          "GET /catalogs/{catalog}/namespaces/{namespace}/tables/{table}/effective-access",
          "POST /api/governance/v1/evaluate",
          "POST /api/governance/v1/access-reports",
          "GET /catalogs/{catalog}/purges",
          "GET /catalogs/{catalog}/catalog-roles",
          "POST /catalogs/{catalog}/catalog-roles",
          "GET /catalogs/{catalog}/catalog-roles/{role}",
          "DELETE /catalogs/{catalog}/catalog-roles/{role}",
          "GET /catalogs/{catalog}/catalog-roles/{role}/grants",
          "POST /catalogs/{catalog}/catalog-roles/{role}/grants",
          "POST /catalogs/{catalog}/catalog-roles/{role}/grants/revoke",
          "GET /principals",
          "POST /principals",
          "GET /principals/{principal}",
          "PATCH /principals/{principal}",
          "DELETE /principals/{principal}",
          "POST /principals/{principal}/rotate",
          "GET /principals/{principal}/principal-roles",
          "PUT /principals/{principal}/principal-roles/{role}",
          "DELETE /principals/{principal}/principal-roles/{role}",
          "GET /principal-roles",
          "POST /principal-roles",
          "GET /principal-roles/{role}",
          "DELETE /principal-roles/{role}",
          "GET /principal-roles/{role}/catalog-roles",
          "PUT /principal-roles/{role}/catalog-roles/{catalog}/{catalogRole}",
          "DELETE /principal-roles/{role}/catalog-roles/{catalog}/{catalogRole}",
          "POST /explain",
          "GET /audit/events",
          "GET /audit/chain/verification",
          "POST /audit/chain/checkpoints",
          "GET /audit/export",
          "GET /audit/reports/{report}",
          "GET /tags",
          "POST /tags",
          "GET /tags/{name}",
          "PUT /tags/{name}",
          "DELETE /tags/{name}",
          "GET /catalogs/{catalog}/tag-assignments",
          "POST /catalogs/{catalog}/tag-assignments",
          "GET /catalogs/{catalog}/tag-assignments/{id}",
          "DELETE /catalogs/{catalog}/tag-assignments/{id}",
          "GET /catalogs/{catalog}/row-filters",
          "POST /catalogs/{catalog}/row-filters",
          "GET /catalogs/{catalog}/row-filters/{id}",
          "PUT /catalogs/{catalog}/row-filters/{id}",
          "DELETE /catalogs/{catalog}/row-filters/{id}",
          "GET /catalogs/{catalog}/column-masks",
          "POST /catalogs/{catalog}/column-masks",
          "GET /catalogs/{catalog}/column-masks/{id}",
          "PUT /catalogs/{catalog}/column-masks/{id}",
          "DELETE /catalogs/{catalog}/column-masks/{id}",
          "GET /catalogs/{catalog}/schema-contracts",
          "POST /catalogs/{catalog}/schema-contracts",
          "GET /catalogs/{catalog}/schema-contracts/{id}",
          "PUT /catalogs/{catalog}/schema-contracts/{id}",
          "DELETE /catalogs/{catalog}/schema-contracts/{id}",
          "POST /catalogs/{catalog}/pii-scans",
          "GET /catalogs/{catalog}/pii-scans/{id}",
          "GET /catalogs/{catalog}/pii-proposals",
          "POST /catalogs/{catalog}/pii-proposals/{id}/accept",
          "POST /catalogs/{catalog}/pii-proposals/{id}/reject",
          "POST /api/lineage/v1/lineage",
          "POST /api/v1/lineage",
          "GET /api/lineage/v1/tables/{catalog}/{namespace}/{table}/{direction}",
          "GET /api/lineage/v1/tables/{catalog}/{namespace}/{table}/columns",
          "GET /api/lineage/v1/jobs/runs");

  /** The operations that take no body (all other POST, PUT and PATCH operations take one). */
  private static final Set<String> WITHOUT_BODY =
      Set.of(
          "POST /principals/{principal}/rotate",
          "POST /audit/chain/checkpoints",
          "PUT /principals/{principal}/principal-roles/{role}",
          "PUT /principal-roles/{role}/catalog-roles/{catalog}/{catalogRole}",
          "POST /catalogs/{catalog}/pii-proposals/{id}/accept",
          "POST /catalogs/{catalog}/pii-proposals/{id}/reject");

  /** The operations whose success answers are not JSON, with their media types. */
  private static final Map<String, List<String>> NOT_JSON = Map.of("GET /audit/export", List.of("text/csv", "application/jsonl"));

  private static JsonNode document;

  @BeforeAll
  static void fetchDocument() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/q/openapi?format=json")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    document = JSON.readTree(response.body());
  }

  @Test
  void everyManagementOperationIsDescribed() {
    List<String> found = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(path -> {
      for (String method : METHODS) {
        if (document.path("paths").path(path).has(method)) {
          found.add(method.toUpperCase() + " " + path.substring(path.startsWith(MANAGEMENT) ? MANAGEMENT.length() : 0));
        }
      }
    });
    assertThat(found).containsExactlyInAnyOrderElementsOf(OPERATIONS);
    assertThat(document.path("paths").fieldNames())
        .toIterable()
        .allMatch(
            path -> path.startsWith(MANAGEMENT) || path.startsWith("/api/governance/v1/") || path.startsWith("/api/lineage/v1/")
                || path.equals("/api/v1/lineage"));
  }

  @Test
  void everyOperationHasSchemasErrorAnswersAndTheBearerRequirement() {
    String scheme = bearerScheme();
    SoftAssertions soft = new SoftAssertions();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        JsonNode operation = path.getValue().path(method);
        if (operation.isMissingNode()) {
          continue;
        }
        // management and governance paths without their 18-character root, the lineage API's in full
        String name =
            method.toUpperCase() + " " + (path.getKey().startsWith("/api/lineage/") || path.getKey().startsWith("/api/v1/")
                ? path.getKey()
                : path.getKey().substring(MANAGEMENT.length()));
        soft.assertThat(operation.path("summary").asText()).as(name + ": summary").isNotEmpty();
        // the bearer requirement on the operation itself
        soft.assertThat(operation.path("security").toString()).as(name + ": security").contains("\"" + scheme + "\"");
        // a typed request body where there is one
        if (!method.equals("get") && !method.equals("delete") && !WITHOUT_BODY.contains(name)) {
          JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
          soft.assertThat(isTyped(body)).as(name + ": request schema " + body).isTrue();
          soft.assertThat(operation.path("requestBody").path("content").has("application/octet-stream")).as(name).isFalse();
        } else {
          soft.assertThat(operation.has("requestBody")).as(name + ": no request body").isFalse();
        }
        // a typed answer for every success with a body
        JsonNode responses = operation.path("responses");
        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        soft.assertThat(codes).as(name + ": a success").anyMatch(code -> code.startsWith("2"));
        for (String code : codes) {
          JsonNode response = resolve(responses.path(code));
          if (code.equals("414")) {
            // the HTTP layer's answer to an overlong request line: no body
            soft.assertThat(response.has("content")).as(name + " 414 has no body").isFalse();
            continue;
          }
          if (code.equals("204")) {
            soft.assertThat(response.has("content")).as(name + " 204 has no body").isFalse();
            continue;
          }
          if (code.startsWith("2") && NOT_JSON.containsKey(name)) {
            List<String> types = new ArrayList<>();
            response.path("content").fieldNames().forEachRemaining(types::add);
            soft.assertThat(types).as(name + " " + code + ": media types").containsAll(NOT_JSON.get(name));
            continue;
          }
          JsonNode schema = response.path("content").path("application/json").path("schema");
          soft.assertThat(isTyped(schema)).as(name + " " + code + ": response schema " + response).isTrue();
          if (code.startsWith("4")) {
            soft.assertThat(schema.path("$ref").asText()).as(name + " " + code).isEqualTo("#/components/schemas/ErrorResponse");
          }
        }
        // the 4xx answers every management operation can give
        soft.assertThat(codes).as(name + ": 4xx answers").contains("400", "401", "403");
        if (path.getKey().contains("{") || method.equals("post") && !name.equals("POST /principals") && !name.equals("POST /principal-roles")
            && !name.equals("POST /catalogs") && !name.equals("POST /tags") && !name.equals("POST /access-reports")
            && !name.equals("POST /api/lineage/v1/lineage") && !name.equals("POST /api/v1/lineage")
            && !name.equals("POST /audit/chain/checkpoints")) {
          soft.assertThat(codes).as(name + ": names something that may not exist").contains("404");
        }
        if (operation.has("requestBody")) {
          soft.assertThat(codes).as(name + ": 415 for a body that is not JSON").contains("415");
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void schemasCarryTheWireNames() {
    JsonNode schemas = document.path("components").path("schemas");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(properties(schemas.path("CatalogRequest"))).contains("name", "storage-root", "properties");
    soft.assertThat(schemas.path("CatalogRequest").path("required").toString()).contains("name", "storage-root");
    soft.assertThat(properties(schemas.path("Catalog"))).containsExactlyInAnyOrder("name", "storage-root", "properties");
    soft.assertThat(properties(schemas.path("CatalogUpdate"))).containsExactlyInAnyOrder("updates", "removals");
    soft.assertThat(properties(schemas.path("GrantRequest"))).containsExactlyInAnyOrder("privilege", "securable", "allow-missing");
    soft.assertThat(properties(schemas.path("Grant"))).contains("catalog", "catalog-role", "privilege", "securable", "pending");
    soft.assertThat(properties(schemas.path("SecurableReference"))).contains("type", "path", "catalog", "namespace", "name");
    soft.assertThat(properties(schemas.path("Principal"))).contains("client-id", "principal-roles", "credential-generation", "credentials");
    soft.assertThat(properties(schemas.path("Credentials"))).containsExactlyInAnyOrder("client-id", "client-secret");
    soft.assertThat(properties(schemas.path("PrincipalRoleRequest"))).containsExactlyInAnyOrder("name", "service-administrator", "trusted-engine");
    soft.assertThat(properties(schemas.path("ExplainRequest"))).contains("principal", "operation", "targets", "principal-roles");
    soft.assertThat(properties(schemas.path("Explanation"))).contains("outcome", "reason", "grants");
    soft.assertThat(properties(schemas.path("AuditEvents"))).containsExactlyInAnyOrder("events", "next-page-token");
    soft.assertThat(properties(schemas.path("Purge"))).contains("status", "files-deleted", "next-attempt-at");
    soft.assertThat(properties(schemas.path("MetricsReport"))).contains("report-type", "received-at", "report");
    soft.assertThat(properties(schemas.path("ErrorResponse"))).containsExactly("error");
    soft.assertThat(properties(schemas.path("TagRequest"))).containsExactlyInAnyOrder("name", "description", "applier-roles");
    soft.assertThat(properties(schemas.path("TagAssignment"))).contains("id", "version", "tag", "column", "field-id", "assigned-by", "assigned-at");
    soft.assertThat(properties(schemas.path("RowFilterRequest"))).containsExactlyInAnyOrder("namespace", "table", "expression", "audience");
    soft.assertThat(properties(schemas.path("ColumnMaskRequest"))).containsExactlyInAnyOrder("target", "mask", "audience");
    soft.assertThat(properties(schemas.path("ColumnMask"))).contains("id", "version", "target", "mask", "audience", "governance-version");
    // the privilege is documented with its values, though the wire type is a string (any case)
    soft.assertThat(schemas.path("GrantRequest").toString()).contains("TABLE_READ_DATA");
    // query parameters
    soft.assertThat(parameters("/audit/events", "get"))
        .contains("principal", "operation", "resource", "decision", "kind", "tag", "queryId", "since", "until", "pageSize", "pageToken");
    soft.assertThat(parameters("/audit/export", "get"))
        .contains("format", "principal", "operation", "resource", "decision", "kind", "tag", "queryId", "since", "until");
    soft.assertThat(parameters("/audit/reports/{report}", "get")).contains("report", "since", "until", "format");
    soft.assertThat(properties(schemas.path("AuditReport"))).contains("report", "columns", "rows");
    soft.assertThat(parameters("/catalogs/{catalog}/namespaces/{namespace}/tables/{table}/metrics-reports", "get")).contains("limit");
    soft.assertThat(parameters("/catalogs/{catalog}/purges", "get")).contains("limit");
    soft.assertAll();
  }

  /** Swagger UI is served from the packaged server (not only in dev mode), without a token, and reads /q/openapi. */
  @Test
  void swaggerUiIsServedWithoutAToken() {
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/q/swagger-ui/")).GET().build());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("swagger-ui").contains("/q/openapi");
    HttpResponse<String> withoutSlash = send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/q/swagger-ui")).GET().build());
    assertThat(withoutSlash.statusCode()).as("redirect or page").isIn(200, 301, 302);
  }

  /** Requests are held to their schema: unknown fields are a 400 naming them, a body that is not JSON a 415. */
  @Test
  void requestsAreHeldToTheirSchemas() {
    String root = FloeTestServer.rootToken();
    SoftAssertions soft = new SoftAssertions();
    HttpResponse<String> patch =
        RestCalls.toServer("PATCH", MANAGEMENT + "/catalogs/lakehouse", "{\"updates\": {}, \"storage-root\": \"file:///x\", \"colour\": \"red\"}", root);
    soft.assertThat(patch.statusCode()).as(patch.body()).isEqualTo(400);
    soft.assertThat(RestCalls.error(patch).message()).contains("storage-root", "colour").contains("updates", "removals");
    HttpResponse<String> role =
        RestCalls.toServer("POST", MANAGEMENT + "/principal-roles", "{\"name\": \"openapi_role\", \"service-admin\": true}", root);
    soft.assertThat(role.statusCode()).as(role.body()).isEqualTo(400);
    soft.assertThat(RestCalls.error(role).message()).contains("unknown field service-admin");
    HttpResponse<String> grant =
        RestCalls.toServer(
            "POST",
            MANAGEMENT + "/catalogs/lakehouse/catalog-roles/catalog_admin/grants",
            "{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"x\"], \"level\": 2}, \"allow-missing\": true}",
            root);
    soft.assertThat(grant.statusCode()).as(grant.body()).isEqualTo(400);
    soft.assertThat(RestCalls.error(grant).message()).contains("securable: unknown field level");
    HttpResponse<String> wrongType = RestCalls.toServer("PATCH", MANAGEMENT + "/principals/root", "{\"disabled\": \"no\"}", root);
    soft.assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(400);
    soft.assertThat(RestCalls.error(wrongType).message()).contains("disabled must be true or false");
    HttpResponse<String> form =
        send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + MANAGEMENT + "/principal-roles"))
            .header("Authorization", "Bearer " + root)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"openapi_form\"}"))
            .build());
    soft.assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
    // nothing was created by any of them
    soft.assertThat(RestCalls.getFromServer(MANAGEMENT + "/principal-roles/openapi_role").statusCode()).isEqualTo(404);
    soft.assertThat(RestCalls.getFromServer(MANAGEMENT + "/principal-roles/openapi_form").statusCode()).isEqualTo(404);
    soft.assertAll();
  }

  /** Iceberg's own OpenAPI document describes the Iceberg REST API: served without a token, linked from GET /. */
  @Test
  void icebergRestDocumentIsServed() {
    HttpResponse<String> yaml = send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/api/catalog/openapi.yaml")).GET().build());
    assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
    assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
    assertThat(yaml.body()).contains("openapi: 3.1.1").contains("title: Apache Iceberg REST Catalog API").contains("/v1/{prefix}/namespaces:");
    HttpResponse<String> root = send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/")).GET().build());
    assertThat(root.body()).contains("\"iceberg-openapi\":\"/api/catalog/openapi.yaml\"");
  }

  /** The document says what the server holds requests to: no unknown fields, and the one name rule. */
  @Test
  void schemasAreClosedAndCarryTheNameRule() {
    JsonNode schemas = document.path("components").path("schemas");
    SoftAssertions soft = new SoftAssertions();
    for (String request : List.of("CatalogRequest", "CatalogUpdate", "PrincipalRequest", "PrincipalUpdate", "PrincipalRoleRequest",
        "CatalogRoleRequest", "GrantRequest", "TagRequest", "RowFilterRequest", "ColumnMaskRequest", "ExplainRequest")) {
      soft.assertThat(schemas.path(request).path("additionalProperties").isBoolean()).as(request).isTrue();
      soft.assertThat(schemas.path(request).path("additionalProperties").asBoolean(true)).as(request).isFalse();
    }
    for (String request : List.of("CatalogRequest", "PrincipalRequest", "PrincipalRoleRequest", "CatalogRoleRequest")) {
      soft.assertThat(schemas.path(request).path("properties").path("name").path("pattern").asText())
          .as(request).isEqualTo("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$");
    }
    // maps stay open: their values are typed
    soft.assertThat(schemas.path("CatalogUpdate").path("properties").path("updates").toString()).contains("additionalProperties");
    soft.assertAll();
  }

  /** Catalogs, principals, principal roles and catalog roles follow one name rule when created. */
  @Test
  void namesFollowOneRule() {
    String root = FloeTestServer.rootToken();
    SoftAssertions soft = new SoftAssertions();
    Map<String, String> creates =
        Map.of(
            MANAGEMENT + "/principals", "principal",
            MANAGEMENT + "/principal-roles", "principal role",
            MANAGEMENT + "/catalogs/lakehouse/catalog-roles", "catalog role",
            MANAGEMENT + "/catalogs", "catalog");
    for (Map.Entry<String, String> create : creates.entrySet()) {
      for (String name : List.of("with space", "a/b", "50%", "-lead", "x".repeat(129))) {
        String body = "{\"name\": \"" + name + "\"" + (create.getValue().equals("catalog") ? ", \"storage-root\": \"file:///tmp/x\"" : "") + "}";
        HttpResponse<String> answer = RestCalls.toServer("POST", create.getKey(), body, root);
        soft.assertThat(answer.statusCode()).as(create.getValue() + " " + name + ": " + answer.body()).isEqualTo(400);
        soft.assertThat(answer.statusCode() == 400 ? RestCalls.error(answer).message() : "")
            .as(create.getValue() + " " + name)
            .startsWith("Invalid " + create.getValue() + " name '" + name + "'")
            .contains("1 to 128 letters, digits, '_', '.', '@' or '-'");
      }
    }
    HttpResponse<String> email = RestCalls.toServer("POST", MANAGEMENT + "/principals", "{\"name\": \"svc.loader@team-a\"}", root);
    soft.assertThat(email.statusCode()).as(email.body()).isEqualTo(201);
    soft.assertThat(RestCalls.toServer("DELETE", MANAGEMENT + "/principals/svc.loader@team-a", null, root).statusCode()).isEqualTo(204);
    soft.assertAll();
  }

  /** OPTIONS names the methods of the path (Quarkus named every method of the resource class). */
  @Test
  void optionsNamesThePathsMethods() {
    HttpResponse<String> catalogs =
        send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + MANAGEMENT + "/catalogs"))
            .header("Authorization", "Bearer " + FloeTestServer.rootToken())
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build());
    assertThat(catalogs.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS, POST");
  }

  private static String bearerScheme() {
    Iterator<Map.Entry<String, JsonNode>> schemes = document.path("components").path("securitySchemes").fields();
    List<String> bearer = new ArrayList<>();
    while (schemes.hasNext()) {
      Map.Entry<String, JsonNode> scheme = schemes.next();
      if (scheme.getValue().path("type").asText().equals("http") && scheme.getValue().path("scheme").asText().equalsIgnoreCase("bearer")) {
        bearer.add(scheme.getKey());
      }
    }
    assertThat(bearer).as("one bearer security scheme: " + document.path("components").path("securitySchemes")).hasSize(1);
    return bearer.get(0);
  }

  /** A response, following a reference to the components. */
  private static JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.isEmpty()) {
      return node;
    }
    JsonNode target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part);
    }
    assertThat(target.isMissingNode()).as("reference " + ref).isFalse();
    return target;
  }

  /** Whether a schema says something: a reference to a named schema, a type or properties; not {}. */
  private static boolean isTyped(JsonNode schema) {
    if (!schema.isObject() || schema.isEmpty()) {
      return false;
    }
    if (schema.has("$ref")) {
      return !resolve(schema).isEmpty();
    }
    return schema.has("type") || schema.has("properties") || schema.has("allOf") || schema.has("oneOf");
  }

  private static List<String> properties(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> parameters(String path, String method) {
    List<String> names = new ArrayList<>();
    document.path("paths").path(MANAGEMENT + path).path(method).path("parameters").forEach(parameter -> names.add(parameter.path("name").asText()));
    return names;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
