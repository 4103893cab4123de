package dev.floe.catalog.it;

import java.net.http.HttpResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Input a client can send that once reached PostgreSQL or the authorizer unchecked and came back
 * as a 5xx (or as a 403 where the object is simply missing): each is now a 4xx naming the input.
 */
class ITBadInput {
  private static final String MANAGEMENT = "/api/management/v1";

  @Test
  void controlCharactersAreBadRequestsNamingTheInput() {
    SoftAssertions soft = new SoftAssertions();
    // a catalog name in the management API
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/catalogs/a%00b"), 400, "catalog");
    expect(soft, root("DELETE", MANAGEMENT + "/catalogs/a%00b", null), 400, "catalog");
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/catalogs/a%01b"), 400, "catalog name");
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/catalogs/a%00b/catalog-roles"), 400, "catalog");
    // the warehouse of /v1/config, and a prefix
    expect(soft, RestCalls.getFromServer("/api/catalog/v1/config?warehouse=a%00b"), 400, "warehouse");
    expect(soft, RestCalls.getFromServer("/api/catalog/v1/config?warehouse=a%01b"), 400, "warehouse");
    expect(soft, RestCalls.getFromServer("/api/catalog/v1/a%00b/namespaces"), 400, "prefix");
    // audit-event filters
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/audit/events?principal=a%00b"), 400, "principal");
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/audit/events?resource=a%00b"), 400, "resource");
    expect(soft, RestCalls.getFromServer(MANAGEMENT + "/audit/events?principal=a%01b"), 400, "principal");
    // principal properties (value and key) and names
    expect(soft, RestCalls.postToServer(MANAGEMENT + "/principals", "{\"name\":\"nul_value\",\"properties\":{\"k\":\"a\\u0000b\"}}"), 400, "properties");
    expect(soft, RestCalls.postToServer(MANAGEMENT + "/principals", "{\"name\":\"nul_key\",\"properties\":{\"k\\u0000\":\"v\"}}"), 400, "properties");
    expect(soft, root("DELETE", MANAGEMENT + "/principals/a%00b", null), 400, "principal");
    // catalog properties too (stored as text: the same check)
    expect(
        soft,
        RestCalls.postToServer(MANAGEMENT + "/catalogs", "{\"name\":\"nulprops\",\"storage-root\":\"file:///tmp/nulprops\",\"properties\":{\"k\":\"\\u0000\"}}"),
        400,
        "properties");
    soft.assertAll();
  }

  @Test
  void aMissingCatalogIsNotFoundEvenForRoot() {
    SoftAssertions soft = new SoftAssertions();
    String missing = MANAGEMENT + "/catalogs/no_such_catalog";
    expect(soft, RestCalls.getFromServer(missing + "/catalog-roles"), 404, "no_such_catalog");
    expect(soft, RestCalls.postToServer(missing + "/catalog-roles", "{\"name\":\"r\"}"), 404, "no_such_catalog");
    expect(soft, RestCalls.getFromServer(missing + "/catalog-roles/r"), 404, "no_such_catalog");
    expect(soft, root("DELETE", missing + "/catalog-roles/r", null), 404, "no_such_catalog");
    expect(soft, RestCalls.getFromServer(missing + "/catalog-roles/r/grants"), 404, "no_such_catalog");
    expect(
        soft,
        RestCalls.postToServer(missing + "/catalog-roles/r/grants", "{\"privilege\":\"TABLE_LIST\",\"securable\":{\"type\":\"namespace\",\"namespace\":[\"a\"]}}"),
        404,
        "no_such_catalog");
    expect(soft, root("PUT", MANAGEMENT + "/principal-roles/service_admin/catalog-roles/no_such_catalog/r", null), 404, "no_such_catalog");
    soft.assertAll();
  }

  private static HttpResponse<String> root(String method, String path, String body) {
    return RestCalls.toServer(method, path, body, FloeTestServer.rootToken());
  }

  private static void expect(SoftAssertions soft, HttpResponse<String> response, int status, String named) {
    soft.assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body()).isEqualTo(status);
    soft.assertThat(response.body()).as(response.uri().toString()).contains(named);
  }

  /** A method a path does not have is a 405 with the Allow header, and its JSON error names the allowed methods. */
  @Test
  void aMethodThePathDoesNotHaveNamesTheAllowedOnes() {
    SoftAssertions soft = new SoftAssertions();
    HttpResponse<String> grants =
        RestCalls.toServer("DELETE", "/api/management/v1/catalogs/lakehouse/catalog-roles/catalog_admin/grants", null, RestCalls.rootToken());
    soft.assertThat(grants.statusCode()).as(grants.body()).isEqualTo(405);
    soft.assertThat(grants.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS, POST");
    soft.assertThat(grants.headers().firstValue("Content-Type")).hasValueSatisfying(type -> soft.assertThat(type).startsWith("application/json"));
    soft.assertThat(RestCalls.error(grants).code()).isEqualTo(405);
    soft.assertThat(RestCalls.error(grants).message()).contains("DELETE").contains("allowed: GET, HEAD, OPTIONS, POST");
    HttpResponse<String> principal = RestCalls.toServer("PUT", "/api/management/v1/principals/root", "{}", RestCalls.rootToken());
    soft.assertThat(principal.statusCode()).as(principal.body()).isEqualTo(405);
    soft.assertThat(principal.headers().firstValue("Allow")).hasValue("DELETE, GET, HEAD, OPTIONS, PATCH");
    // the Iceberg REST API too (a namespace path, with its encoded separator)
    HttpResponse<String> tables = RestCalls.toServer("PUT", "/api/catalog/v1/lakehouse/namespaces/a%1Fb/tables", "{}", RestCalls.rootToken());
    soft.assertThat(tables.statusCode()).as(tables.body()).isEqualTo(405);
    soft.assertThat(tables.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS, POST");
    soft.assertAll();
  }
}
