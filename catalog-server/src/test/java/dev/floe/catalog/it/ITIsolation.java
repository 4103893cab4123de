package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Isolation between a name and the thing it names, on the packaged server: a token stands for one
 * principal instance and one generation of its credentials, a grant for one namespace, table or
 * view. A dropped principal's token does not work for a new principal of the same name, a rotated
 * secret's tokens stop working (floe.auth.rotation-grace is PT0S here), a grant on a missing table
 * is refused unless asked to wait for it, and a table's grants follow it through a rename and go
 * with it when it is dropped.
 */
class ITIsolation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/management/v1";
  private static final String NAMESPACE = "iso_ns";
  private static final String TABLES = "/api/catalog/v1/lakehouse/namespaces/" + NAMESPACE + "/tables";
  private static final String SCHEMA =
      "{\"type\": \"struct\", \"fields\": [{\"id\": 1, \"name\": \"id\", \"required\": true, \"type\": \"long\"}]}";

  /** The token of principal iso_reader, which holds catalog role iso_readers (no grants of its own). */
  private static String reader;

  @BeforeAll
  static void setUp() {
    String root = FloeTestServer.rootToken();
    assertThat(RestCalls.toServer("POST", "/api/catalog/v1/lakehouse/namespaces", "{\"namespace\": [\"" + NAMESPACE + "\"]}", root).statusCode())
        .isEqualTo(200);
    JsonNode credentials = json(root("POST", "/principals", "{\"name\": \"iso_reader\"}"), 201).path("credentials");
    assertThat(root("POST", "/principal-roles", "{\"name\": \"iso_readers\"}").statusCode()).isEqualTo(201);
    assertThat(root("PUT", "/principals/iso_reader/principal-roles/iso_readers", null).statusCode()).isEqualTo(201);
    assertThat(root("POST", "/catalogs/lakehouse/catalog-roles", "{\"name\": \"iso_readers\"}").statusCode()).isEqualTo(201);
    assertThat(root("PUT", "/principal-roles/iso_readers/catalog-roles/lakehouse/iso_readers", null).statusCode()).isEqualTo(201);
    reader = RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  // ---------------------------------------------------------------- tokens

  @Test
  void tokenOfADroppedPrincipalIsRefusedForANewPrincipalOfTheSameName() {
    JsonNode first = json(root("POST", "/principals", "{\"name\": \"iso_reborn\"}"), 201).path("credentials");
    String oldToken = RestCalls.token(first.path("client-id").asText(), first.path("client-secret").asText());
    assertAccepted(oldToken);

    assertThat(root("DELETE", "/principals/iso_reborn", null).statusCode()).isEqualTo(204);
    JsonNode second = json(root("POST", "/principals", "{\"name\": \"iso_reborn\"}"), 201).path("credentials");
    String newToken = RestCalls.token(second.path("client-id").asText(), second.path("client-secret").asText());

    HttpResponse<String> refused = config(oldToken);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    assertThat(refused.body()).contains("dropped principal of the same name");
    assertAccepted(newToken);
    // nor can the old token be exchanged for a token of the new principal
    assertThat(exchange(oldToken).statusCode()).isEqualTo(401);
  }

  @Test
  void rotationRefusesTheTokensOfTheOldSecretAtOnce() {
    JsonNode credentials = json(root("POST", "/principals", "{\"name\": \"iso_rotated\"}"), 201).path("credentials");
    String clientId = credentials.path("client-id").asText();
    String oldToken = RestCalls.token(clientId, credentials.path("client-secret").asText());
    assertAccepted(oldToken);

    JsonNode rotated = json(root("POST", "/principals/iso_rotated/rotate", null), 200);
    HttpResponse<String> refused = config(oldToken);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    assertThat(refused.body()).contains("rotated");
    assertThat(exchange(oldToken).statusCode()).isEqualTo(401);

    String newToken = RestCalls.token(clientId, rotated.path("client-secret").asText());
    assertAccepted(newToken);
    // a token exchanged from the new one is of the new generation too
    HttpResponse<String> exchanged = exchange(newToken);
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    assertAccepted(Tokens.field(exchanged.body(), "access_token"));
    JsonNode shown = json(root("GET", "/principals/iso_rotated", null), 200);
    assertThat(shown.path("credential-generation").asLong()).isEqualTo(2);
    assertThat(shown.has("credentials-rotated-at")).isTrue();
  }

  /** Tokens issued before principal ids existed (no floe_pid claim) are refused after the upgrade. */
  @Test
  void tokenWithoutPrincipalIdIsRefused() throws Exception {
    PrivateKey key;
    String kid;
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT kid, private_key FROM token_signing_keys ORDER BY created_at DESC LIMIT 1")) {
      assertThat(rows.next()).isTrue();
      kid = rows.getString(1);
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rows.getBytes(2)));
    }
    // what this server issued before the upgrade: everything but the id and the generation
    JwtClaims legacy = ITAuthentication.claims("floe", "floe", FloeTestServer.ROOT_CLIENT_ID, 600);
    HttpResponse<String> refused = config(ITAuthentication.sign(key, kid, legacy));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
    assertThat(refused.body()).contains("no principal id");
    // the same token with root's id and generation passes: it is the missing id that was refused
    assertThat(config(ITAuthentication.sign(key, kid, ITAuthentication.rootClaims(600))).statusCode()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- grants

  @Test
  void grantOnAMissingTableIsRefusedUnlessAllowedToWaitForIt() throws Exception {
    String grant = tableGrant("pii_raw", false);
    HttpResponse<String> missing = root("POST", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", grant);
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
    assertThat(missing.body()).contains("lakehouse.iso_ns.pii_raw");
    assertThat(grants()).doesNotContain("pii_raw");

    JsonNode pending = json(root("POST", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", tableGrant("pii_raw", true)), 201);
    assertThat(pending.path("pending").asBoolean()).isTrue();
    assertThat(grantOn("pii_raw").path("pending").asBoolean()).isTrue();
    // audited like any grant change: the refusal and the pending grant
    JsonNode events = awaitEvents("operation=GRANT&kind=MUTATION&resource=table:lakehouse." + NAMESPACE + ".pii_raw", 2);
    assertThat(events.toString()).contains("\"allow-missing\":\"true\"").contains("NotFoundException");

    createTable("pii_raw");
    assertThat(grantOn("pii_raw").path("pending").asBoolean()).isFalse();
    HttpResponse<String> load = RestCalls.toServer("GET", TABLES + "/pii_raw", null, reader);
    assertThat(load.statusCode()).as(load.body()).isEqualTo(200);
  }

  @Test
  void droppedTableTakesItsGrantsAlong() {
    createTable("dropped");
    JsonNode granted = json(root("POST", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", tableGrant("dropped", false)), 201);
    assertThat(granted.path("pending").asBoolean()).isFalse();
    assertThat(RestCalls.toServer("GET", TABLES + "/dropped", null, reader).statusCode()).isEqualTo(200);

    assertThat(RestCalls.toServer("DELETE", TABLES + "/dropped", null, FloeTestServer.rootToken()).statusCode()).isEqualTo(204);
    assertThat(grants()).doesNotContain("dropped");
    createTable("dropped");
    // the new table of the same name is not the old reader's: it does not exist for it
    assertThat(RestCalls.toServer("GET", TABLES + "/dropped", null, reader).statusCode()).isEqualTo(404);
    assertThat(grants()).doesNotContain("dropped");
  }

  @Test
  void renamedTableKeepsItsGrants() {
    createTable("before_rename");
    json(root("POST", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", tableGrant("before_rename", false)), 201);
    String rename =
        "{\"source\": {\"namespace\": [\"" + NAMESPACE + "\"], \"name\": \"before_rename\"},"
            + " \"destination\": {\"namespace\": [\"" + NAMESPACE + "\"], \"name\": \"after_rename\"}}";
    HttpResponse<String> renamed = RestCalls.toServer("POST", "/api/catalog/v1/lakehouse/tables/rename", rename, FloeTestServer.rootToken());
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(204);

    HttpResponse<String> load = RestCalls.toServer("GET", TABLES + "/after_rename", null, reader);
    assertThat(load.statusCode()).as(load.body()).isEqualTo(200);
    assertThat(grantOn("after_rename").path("pending").asBoolean()).isFalse();
    assertThat(grants()).doesNotContain("before_rename");
    // a new table under the old name is someone else's
    createTable("before_rename");
    assertThat(RestCalls.toServer("GET", TABLES + "/before_rename", null, reader).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- helpers

  private static String tableGrant(String table, boolean allowMissing) {
    return "{\"privilege\": \"TABLE_READ_DATA\", \"securable\": {\"type\": \"table\", \"namespace\": [\"" + NAMESPACE
        + "\"], \"name\": \"" + table + "\"}" + (allowMissing ? ", \"allow-missing\": true" : "") + "}";
  }

  private static void createTable(String name) {
    HttpResponse<String> created =
        RestCalls.toServer("POST", TABLES, "{\"name\": \"" + name + "\", \"schema\": " + SCHEMA + "}", FloeTestServer.rootToken());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  /** The grants of catalog role iso_readers, as JSON text. */
  private static String grants() {
    return json(root("GET", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", null), 200).path("grants").toString();
  }

  /** The one grant of iso_readers on table iso_ns.{table}. */
  private static JsonNode grantOn(String table) {
    JsonNode found = null;
    for (JsonNode grant : json(root("GET", "/catalogs/lakehouse/catalog-roles/iso_readers/grants", null), 200).path("grants")) {
      if (grant.at("/securable/path").toString().equals("[\"lakehouse\",\"" + NAMESPACE + "\",\"" + table + "\"]")) {
        assertThat(found).as("one grant on " + table).isNull();
        found = grant;
      }
    }
    assertThat(found).as("a grant on " + table).isNotNull();
    return found;
  }

  private static HttpResponse<String> config(String token) {
    return RestCalls.toServer("GET", "/api/catalog/v1/config?warehouse=lakehouse", null, token);
  }

  /** The token is good: its principal, holding no privilege, is told the catalog does not exist (not 401). */
  private static void assertAccepted(String token) {
    HttpResponse<String> response = config(token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
  }

  private static HttpResponse<String> exchange(String token) {
    return Tokens.request(
        FloeTestServer.catalogUri(),
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token", token,
            "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
  }

  private static JsonNode awaitEvents(String query, int count) throws Exception {
    // audit events are written in batches: wait for them
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    JsonNode events;
    do {
      events = json(root("GET", "/audit/events?" + query, null), 200).path("events");
      if (events.size() >= count) {
        return events;
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("Fewer than " + count + " audit events for " + query + ": " + events);
  }

  private static HttpResponse<String> root(String method, String path, String body) {
    return RestCalls.toServer(method, API + path, body, FloeTestServer.rootToken());
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
