package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A principal who may see a few objects of a catalog learns nothing about the others from
 * listings (pages, their sizes, their tokens) or from idempotency keys another principal used.
 *
 * <p>Under namespace {@code TOP} (root creates everything): namespaces {@code a_secret},
 * {@code b_secret}, {@code m_vis} (the caller's grants), {@code objs} (holds the caller's one table
 * and one view, so visible as their path) and {@code z_secret}, {@code zz_secret}; in {@code objs}
 * tables {@code a_secret_t1}, {@code a_secret_t2}, {@code m_table}, {@code z_secret_t} and views
 * {@code a_secret_v}, {@code m_view}, {@code z_secret_v}. Two principals, {@code lister} and
 * {@code twin}, share one principal role: they see exactly the same.
 */
class ITListingIsolation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CATALOG = "lakehouse";
  private static final String TOP = "li" + Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String OBJS = TOP + "%1Fobjs";
  private static String lister;
  private static String twin;

  @BeforeAll
  static void setUp() throws Exception {
    String root = FloeTestServer.rootToken();
    String namespaces = "/v1/" + CATALOG + "/namespaces";
    created(RestCalls.post(namespaces, "{\"namespace\":[\"" + TOP + "\"]}", Map.of()));
    for (String child : List.of("a_secret", "b_secret", "m_vis", "objs", "z_secret", "zz_secret")) {
      created(RestCalls.post(namespaces, "{\"namespace\":[\"" + TOP + "\",\"" + child + "\"]}", Map.of()));
    }
    for (String table : List.of("a_secret_t1", "a_secret_t2", "m_table", "z_secret_t")) {
      created(RestCalls.post(namespaces + "/" + OBJS + "/tables", tableBody(table), Map.of()));
    }
    for (String view : List.of("a_secret_v", "m_view", "z_secret_v")) {
      created(RestCalls.post(namespaces + "/" + OBJS + "/views", viewBody(view), Map.of()));
    }

    String role = "lister_" + TOP;
    lister = AccessSetup.principalWithGrants(role, CATALOG, List.of(TOP, "m_vis"), "NAMESPACE_CREATE", "NAMESPACE_LIST");
    grant(root, role, "{\"privilege\":\"TABLE_READ_PROPERTIES\",\"securable\":{\"type\":\"table\",\"namespace\":[\"" + TOP + "\",\"objs\"],\"name\":\"m_table\"}}");
    grant(root, role, "{\"privilege\":\"VIEW_READ_PROPERTIES\",\"securable\":{\"type\":\"view\",\"namespace\":[\"" + TOP + "\",\"objs\"],\"name\":\"m_view\"}}");

    // a second principal in the same principal role: the same rights, another caller
    String twinName = "twin_" + TOP;
    HttpResponse<String> twinCreated = RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\":\"" + twinName + "\"}", root);
    assertThat(twinCreated.statusCode()).as(twinCreated.body()).isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", "/api/management/v1/principals/" + twinName + "/principal-roles/" + role, null, root).statusCode())
        .isEqualTo(201);
    JsonNode credentials = JSON.readTree(twinCreated.body()).path("credentials");
    twin = RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  @Test
  void pagesRevealNoHiddenNamespaceTableOrView() throws Exception {
    assertPagesShowOnlyVisible("/v1/" + CATALOG + "/namespaces?parent=" + TOP, "namespaces", node -> node.get(1).asText(), List.of("m_vis", "objs"));
    assertPagesShowOnlyVisible("/v1/" + CATALOG + "/namespaces/" + OBJS + "/tables", "identifiers", node -> node.path("name").asText(), List.of("m_table"));
    assertPagesShowOnlyVisible("/v1/" + CATALOG + "/namespaces/" + OBJS + "/views", "identifiers", node -> node.path("name").asText(), List.of("m_view"));

    // root sees everything, also one at a time
    List<String> all = new ArrayList<>();
    String token = null;
    do {
      JsonNode page = page("/v1/" + CATALOG + "/namespaces/" + OBJS + "/tables", token, null);
      page.path("identifiers").forEach(id -> all.add(id.path("name").asText()));
      token = nextToken(page);
    } while (token != null);
    assertThat(all).containsExactly("a_secret_t1", "a_secret_t2", "m_table", "z_secret_t");
  }

  /**
   * Pages through a listing with pageSize=1: every page holds one visible item, the last page has
   * no token, and no token holds a name (visible or hidden) in any readable form.
   */
  private static void assertPagesShowOnlyVisible(String listing, String field, Function<JsonNode, String> name, List<String> expected)
      throws Exception {
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    int pages = 0;
    SoftAssertions soft = new SoftAssertions();
    do {
      JsonNode page = page(listing, token, lister);
      sizes.add(page.path(field).size());
      page.path(field).forEach(item -> seen.add(name.apply(item)));
      token = nextToken(page);
      if (token != null) {
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        // words long enough that random token bytes do not spell them by chance
        for (String part : List.of("secret", "m_vis", "objs", "m_table", "m_view", TOP)) {
          soft.assertThat(decoded).as("token %s of %s decoded", token, listing).doesNotContain(part);
          soft.assertThat(token).doesNotContain(part);
        }
      }
      pages++;
    } while (token != null && pages < 20);
    soft.assertThat(seen).as(listing).containsExactlyElementsOf(expected);
    soft.assertThat(sizes).as("page sizes of %s: never empty, so never a count of hidden items", listing).containsOnly(1);
    soft.assertThat(pages).as("pages of %s", listing).isEqualTo(expected.size());
    soft.assertAll();
  }

  @Test
  void tokensWorkOnlyForTheirCallerAndListing() throws Exception {
    String namespaces = "/v1/" + CATALOG + "/namespaces?parent=" + TOP;
    String tables = "/v1/" + CATALOG + "/namespaces/" + OBJS + "/tables";
    String views = "/v1/" + CATALOG + "/namespaces/" + OBJS + "/views";
    String namespaceToken = nextToken(page(namespaces, null, lister));
    assertThat(namespaceToken).isNotNull();
    // root's table token (root sees four tables, so its first page of one has a next token)
    String rootTableToken = nextToken(page(tables, null, null));
    assertThat(rootTableToken).isNotNull();

    // the owner may use it
    assertThat(get(namespaces, namespaceToken, lister).statusCode()).isEqualTo(200);
    SoftAssertions soft = new SoftAssertions();
    assertRefused(soft, "another caller with the same rights", get(namespaces, namespaceToken, twin));
    assertRefused(soft, "root replaying the lister's token", get(namespaces, namespaceToken, null));
    assertRefused(soft, "the lister replaying root's token", get(tables, rootTableToken, lister));
    assertRefused(soft, "a namespace token on a table listing", get(tables, namespaceToken, lister));
    assertRefused(soft, "a table token on a view listing", get(views, rootTableToken, null));
    assertRefused(soft, "a token of another parent", get("/v1/" + CATALOG + "/namespaces?parent=" + OBJS, namespaceToken, lister));
    soft.assertAll();
  }

  @Test
  void garbagePageTokensAreBadRequests() {
    SoftAssertions soft = new SoftAssertions();
    String encodedName = Base64.getUrlEncoder().withoutPadding().encodeToString("m_vis".getBytes(StandardCharsets.UTF_8));
    for (String garbage : List.of("Z2FyYmFnZQ", encodedName, "AQ", "%25%25%25")) {
      for (String listing :
          List.of(
              "/v1/" + CATALOG + "/namespaces?parent=" + TOP,
              "/v1/" + CATALOG + "/namespaces/" + OBJS + "/tables",
              "/v1/" + CATALOG + "/namespaces/" + OBJS + "/views")) {
        String separator = listing.contains("?") ? "&" : "?";
        assertRefused(soft, garbage + " on " + listing, RestCalls.get(listing + separator + "pageToken=" + garbage, Map.of()));
      }
    }
    soft.assertAll();
  }

  @Test
  void idempotencyKeysAreScopedPerPrincipal() throws Exception {
    String key = UUID.randomUUID().toString();
    String namespaces = "/v1/" + CATALOG + "/namespaces";
    String rootBody = "{\"namespace\":[\"" + TOP + "\",\"m_vis\",\"idem_by_root\"]}";
    String listerBody = "{\"namespace\":[\"" + TOP + "\",\"m_vis\",\"idem_by_lister\"]}";

    HttpResponse<String> byRoot = RestCalls.post(namespaces, rootBody, Map.of("Idempotency-Key", key));
    assertThat(byRoot.statusCode()).as(byRoot.body()).isEqualTo(200);
    HttpResponse<String> byLister = RestCalls.post(namespaces, listerBody, Map.of("Idempotency-Key", key, "Authorization", "Bearer " + lister));
    assertThat(byLister.statusCode()).as("the same key from another principal runs on its own: " + byLister.body()).isEqualTo(200);
    assertThat(byLister.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(byLister.body()).contains("idem_by_lister").doesNotContain("idem_by_root");
    assertThat(RestCalls.head(namespaces + "/" + TOP + "%1Fm_vis%1Fidem_by_lister").statusCode()).isEqualTo(204);

    // each principal's retry replays its own answer
    HttpResponse<String> listerRetry = RestCalls.post(namespaces, listerBody, Map.of("Idempotency-Key", key, "Authorization", "Bearer " + lister));
    assertThat(listerRetry.statusCode()).isEqualTo(200);
    assertThat(listerRetry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(listerRetry.body()).isEqualTo(byLister.body());
    HttpResponse<String> rootRetry = RestCalls.post(namespaces, rootBody, Map.of("Idempotency-Key", key));
    assertThat(rootRetry.statusCode()).isEqualTo(200);
    assertThat(rootRetry.body()).isEqualTo(byRoot.body());

    // a third principal's misuse of its own key names nothing of the others' requests
    HttpResponse<String> byTwin = RestCalls.post(namespaces, listerBody, Map.of("Idempotency-Key", key, "Authorization", "Bearer " + twin));
    assertThat(byTwin.statusCode()).as("twin's own first use of the key runs (and finds the namespace taken)").isEqualTo(409);
    assertThat(byTwin.headers().firstValue("Idempotent-Replayed")).isEmpty();
    HttpResponse<String> twinMisuse = RestCalls.post(namespaces, rootBody, Map.of("Idempotency-Key", key, "Authorization", "Bearer " + twin));
    assertThat(twinMisuse.statusCode()).isEqualTo(422);
    assertThat(twinMisuse.body()).doesNotContain("idem_by_root").doesNotContain("idem_by_lister").doesNotContain("root");
  }

  // ---------------------------------------------------------------- helpers

  private static void assertRefused(SoftAssertions soft, String what, HttpResponse<String> response) {
    soft.assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
    soft.assertThat(response.body()).as(what).contains("pageToken");
  }

  private static JsonNode page(String listing, String token, String callerToken) throws Exception {
    HttpResponse<String> response = get(listing, token, callerToken);
    assertThat(response.statusCode()).as(listing + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A listing page of one item; {@code callerToken} null for root. */
  private static HttpResponse<String> get(String listing, String token, String callerToken) {
    String separator = listing.contains("?") ? "&" : "?";
    String path =
        listing + separator + "pageSize=1&pageToken=" + (token == null ? "" : URLEncoder.encode(token, StandardCharsets.UTF_8));
    return RestCalls.get(path, callerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + callerToken));
  }

  private static String nextToken(JsonNode page) {
    JsonNode token = page.path("next-page-token");
    return token.isMissingNode() || token.isNull() ? null : token.asText();
  }

  private static void created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static void grant(String root, String role, String body) {
    HttpResponse<String> granted =
        RestCalls.toServer("POST", "/api/management/v1/catalogs/" + CATALOG + "/catalog-roles/" + role + "/grants", body, root);
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
  }

  private static String tableBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}";
  }

  private static String viewBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]},"
        + "\"view-version\":{\"version-id\":1,\"timestamp-ms\":" + System.currentTimeMillis() + ",\"schema-id\":0,"
        + "\"summary\":{\"engine-name\":\"it\"},\"default-namespace\":[\"" + TOP + "\",\"objs\"],"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"SELECT 1 AS id\",\"dialect\":\"trino\"}]},\"properties\":{}}";
  }
}
