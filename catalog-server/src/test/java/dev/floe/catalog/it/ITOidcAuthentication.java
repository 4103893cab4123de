package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens of a real Keycloak (realm docs/keycloak/floe-realm.json) against the packaged server,
 * which pins the realm's issuer and key location: alice (group analysts), bob (engineers), carol
 * (no group), the trino client's service account (engineers), and tokens Floe must refuse.
 */
class ITOidcAuthentication {
  private static final String NAMESPACE = "oidc_sales";
  private static KeycloakServer keycloak;

  @BeforeAll
  static void grants() {
    keycloak = FloeTestServer.keycloak();
    // analysts read namespace oidc_sales, engineers write it; carol's token maps to no role
    RestCalls.toServer("POST", "/api/catalog/v1/lakehouse/namespaces", "{\"namespace\": [\"" + NAMESPACE + "\"]}", FloeTestServer.rootToken());
    RestCalls.toServer(
        "POST", "/api/catalog/v1/lakehouse/namespaces/" + NAMESPACE + "/tables",
        "{\"name\": \"orders\", \"schema\": {\"type\": \"struct\", \"fields\": [{\"id\": 1, \"name\": \"id\", \"required\": true, \"type\": \"long\"}]}}",
        FloeTestServer.rootToken());
    grant("analysts", "oidc_analysts", "TABLE_READ_DATA");
    grant("engineers", "oidc_engineers", "TABLE_CREATE", "TABLE_WRITE_DATA", "TABLE_WRITE_PROPERTIES");
  }

  private static void grant(String principalRole, String catalogRole, String... privileges) {
    String root = FloeTestServer.rootToken();
    assertThat(RestCalls.toServer("POST", "/api/management/v1/principal-roles", "{\"name\": \"" + principalRole + "\"}", root).statusCode())
        .isIn(201, 409);
    assertThat(RestCalls.toServer("POST", "/api/management/v1/catalogs/lakehouse/catalog-roles", "{\"name\": \"" + catalogRole + "\"}", root).statusCode())
        .isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", "/api/management/v1/principal-roles/" + principalRole + "/catalog-roles/lakehouse/" + catalogRole, null, root).statusCode())
        .isEqualTo(201);
    for (String privilege : privileges) {
      HttpResponse<String> granted =
          RestCalls.toServer(
              "POST", "/api/management/v1/catalogs/lakehouse/catalog-roles/" + catalogRole + "/grants",
              "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + NAMESPACE + "\"]}}",
              root);
      assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    }
  }

  @Test
  void groupsBecomePrincipalRoles() throws Exception {
    String alice = keycloak.passwordToken(KeycloakServer.ALICE);
    String bob = keycloak.passwordToken(KeycloakServer.BOB);
    String carol = keycloak.passwordToken(KeycloakServer.CAROL);
    String table = "/v1/lakehouse/namespaces/" + NAMESPACE + "/tables/orders";
    String properties = "{\"requirements\": [], \"updates\": [{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]}";

    assertThat(ITAuthentication.get(table, alice).statusCode()).as("analysts read").isEqualTo(200);
    assertThat(post(table, properties, alice).statusCode()).as("analysts do not write").isEqualTo(403);
    assertThat(ITAuthentication.get(table, bob).statusCode()).as("engineers write, hence read").isEqualTo(200);
    assertThat(post(table, properties, bob).statusCode()).isEqualTo(200);
    // carol is signed in but holds nothing: the table does not exist for her
    HttpResponse<String> hidden = ITAuthentication.get(table, carol);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(ITAuthentication.get("/v1/lakehouse/namespaces/" + NAMESPACE + "/tables/missing", bob).body())
        .isEqualTo(ITAuthentication.get("/v1/lakehouse/namespaces/" + NAMESPACE + "/tables/missing", bob).body());

    // the trino client's service account is in engineers
    String trino = keycloak.clientCredentialsToken(KeycloakServer.TRINO_CLIENT, KeycloakServer.TRINO_SECRET);
    assertThat(post(table, properties, trino).statusCode()).isEqualTo(200);

    // explain says why, through the grants of alice's group
    HttpResponse<String> explained =
        RestCalls.toServer(
            "POST", "/api/management/v1/explain",
            "{\"principal\": \"alice\", \"principal-roles\": [\"analysts\"], \"operation\": \"LOAD_TABLE\", "
                + "\"targets\": [{\"type\": \"table\", \"path\": [\"lakehouse\", \"" + NAMESPACE + "\", \"orders\"]}]}",
            FloeTestServer.rootToken());
    assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
    assertThat(explained.body()).contains("ALLOW").contains("oidc_analysts");
  }

  @Test
  void tokenForAnotherAudienceIsRefused() throws Exception {
    String other = keycloak.clientCredentialsToken(KeycloakServer.OTHER_CLIENT, KeycloakServer.OTHER_SECRET);
    HttpResponse<String> response = ITAuthentication.get("/v1/config", other);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("audience");
  }

  @Test
  void tamperedKeycloakTokenIsRefused() throws Exception {
    String alice = keycloak.passwordToken(KeycloakServer.ALICE);
    String[] parts = alice.split("\\.");
    // the same header and signature over claims that name bob
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"alice\"", "\"bob\"");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];
    assertThat(ITAuthentication.get("/v1/config", forged).statusCode()).isEqualTo(401);
  }

  @Test
  void tokenWithKeycloaksIssuerButAnotherKeyIsRefused() throws Exception {
    // a token claiming the pinned issuer, signed by a key the attacker controls and pointing at
    // it (jku/x5u headers): Floe fetches keys only from the configured JWKS location
    var attacker = ITAuthentication.rsa();
    var claims = ITAuthentication.claims(keycloak.issuer(), "floe", "alice", 600);
    claims.setStringListClaim("groups", List.of("analysts"));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(attacker.getPrivate());
    jws.setKeyIdHeaderValue("attacker-key");
    jws.setHeader("jku", "http://127.0.0.1:9/certs");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    HttpResponse<String> response = ITAuthentication.get("/v1/config", jws.getCompactSerialization());
    assertThat(response.statusCode()).isEqualTo(401);
  }

  /**
   * An identity provider's user never acts as a Floe service principal of the same name (a
   * Keycloak user called root is not Floe's root): while such a principal exists, and whether it is
   * disabled or not, the person's tokens are refused.
   */
  @Test
  void personCannotActAsAServicePrincipalOfTheSameName() throws Exception {
    String carol = keycloak.passwordToken(KeycloakServer.CAROL);
    assertThat(ITAuthentication.get("/v1/config", carol).statusCode()).isEqualTo(404);
    String root = FloeTestServer.rootToken();
    assertThat(RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\": \"carol\"}", root).statusCode()).isEqualTo(201);
    HttpResponse<String> refused = ITAuthentication.get("/v1/config", carol);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("service principal");
    RestCalls.toServer("PATCH", "/api/management/v1/principals/carol", "{\"disabled\": true}", root);
    assertThat(ITAuthentication.get("/v1/config", carol).statusCode()).isEqualTo(401);
    assertThat(RestCalls.toServer("DELETE", "/api/management/v1/principals/carol", null, root).statusCode()).isEqualTo(204);
    assertThat(ITAuthentication.get("/v1/config", carol).statusCode()).isEqualTo(404);
    // and Keycloak's "root" would be refused the same way: root is a service principal
  }

  private static HttpResponse<String> post(String path, String body, String token) {
    return RestCalls.post(path, body, Map.of("Authorization", "Bearer " + token));
  }
}
