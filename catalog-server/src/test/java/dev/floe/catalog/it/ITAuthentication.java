package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication against the packaged server: every API request needs a valid bearer token, and
 * every way a token can be wrong answers 401 (the OIDC cases with tokens of the real Keycloak are
 * in {@code ITOidcAuthentication}).
 */
class ITAuthentication {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String kid;
  private static PrivateKey floeKey;

  @BeforeAll
  static void floeSigningKey() throws Exception {
    // make sure a key exists, then take it from the database as an insider could
    FloeTestServer.rootToken();
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT kid, private_key FROM token_signing_keys ORDER BY created_at DESC LIMIT 1")) {
      assertThat(rows.next()).as("a token signing key in the database").isTrue();
      kid = rows.getString(1);
      floeKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rows.getBytes(2)));
    }
  }

  @Test
  void requestWithoutTokenIsRefused() throws Exception {
    HttpResponse<String> response = get("/v1/config", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(response.body()).contains("NotAuthorizedException").contains("Authorization: Bearer");
    // the management API too
    assertThat(send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/api/management/v1/catalogs")).GET().build()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void malformedAuthorizationIsRefused() throws Exception {
    assertThat(getWithHeader("Basic cm9vdDpzZWNyZXQ=").statusCode()).isEqualTo(401);
    assertThat(getWithHeader("Bearer").statusCode()).isEqualTo(401);
    assertThat(get("/v1/config", "not-a-jwt").statusCode()).isEqualTo(401);
    assertThat(get("/v1/config", "a.b.c").statusCode()).isEqualTo(401);
  }

  @Test
  void rootTokenIsAccepted() throws Exception {
    HttpResponse<String> response = get("/v1/config?warehouse=lakehouse", FloeTestServer.rootToken());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void tokenEndpointFollowsOAuth2() {
    String uri = FloeTestServer.catalogUri();
    HttpResponse<String> wrongSecret =
        Tokens.request(uri, Map.of("grant_type", "client_credentials", "client_id", FloeTestServer.ROOT_CLIENT_ID, "client_secret", "wrong"));
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(Tokens.field(wrongSecret.body(), "error")).isEqualTo("invalid_client");
    HttpResponse<String> unknownClient =
        Tokens.request(uri, Map.of("grant_type", "client_credentials", "client_id", "nobody", "client_secret", "wrong"));
    assertThat(unknownClient.statusCode()).isEqualTo(401);
    // an unknown client and a wrong secret look the same
    assertThat(unknownClient.body()).isEqualTo(wrongSecret.body());

    HttpResponse<String> noGrant = Tokens.request(uri, Map.of("client_id", "root", "client_secret", "x"));
    assertThat(noGrant.statusCode()).isEqualTo(400);
    assertThat(Tokens.field(noGrant.body(), "error")).isEqualTo("invalid_request");
    HttpResponse<String> password = Tokens.request(uri, Map.of("grant_type", "password", "username", "root", "password", "x"));
    assertThat(password.statusCode()).isEqualTo(400);
    assertThat(Tokens.field(password.body(), "error")).isEqualTo("unsupported_grant_type");
    HttpResponse<String> noSecret = Tokens.request(uri, Map.of("grant_type", "client_credentials", "client_id", "root"));
    assertThat(noSecret.statusCode()).isEqualTo(400);
    HttpResponse<String> foreignRole =
        Tokens.request(
            uri,
            Map.of(
                "grant_type", "client_credentials",
                "client_id", FloeTestServer.ROOT_CLIENT_ID,
                "client_secret", FloeTestServer.ROOT_SECRET,
                "scope", "PRINCIPAL_ROLE:not_mine"));
    assertThat(foreignRole.statusCode()).isEqualTo(400);
    assertThat(Tokens.field(foreignRole.body(), "error")).isEqualTo("invalid_scope");
  }

  /** A token request that is not a form (JSON, plain text) or has no content type gets an RFC 6749 error, not a 415. */
  @Test
  void tokenEndpointAnswersANonFormRequestInOAuth2Form() throws Exception {
    URI tokens = URI.create(FloeTestServer.catalogUri() + "/v1/oauth/tokens");
    String json =
        "{\"grant_type\": \"client_credentials\", \"client_id\": \"" + FloeTestServer.ROOT_CLIENT_ID
            + "\", \"client_secret\": \"" + FloeTestServer.ROOT_SECRET + "\"}";
    Map<String, HttpRequest> requests =
        Map.of(
            "application/json",
            HttpRequest.newBuilder(tokens).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            "text/plain",
            HttpRequest.newBuilder(tokens).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    for (Map.Entry<String, HttpRequest> request : requests.entrySet()) {
      HttpResponse<String> response = send(request.getValue());
      assertThat(response.statusCode()).as(request.getKey() + ": " + response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).as(request.getKey()).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(Tokens.field(response.body(), "error")).as(request.getKey()).isEqualTo("invalid_request");
      assertThat(Tokens.field(response.body(), "error_description"))
          .as(request.getKey())
          .contains("application/x-www-form-urlencoded")
          .contains(request.getKey());
      assertThat(response.body()).as(request.getKey()).doesNotContain("access_token");
    }
    // no Content-Type is read as an empty form: an RFC 6749 error too
    HttpResponse<String> empty = send(HttpRequest.newBuilder(tokens).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
    assertThat(Tokens.field(empty.body(), "error")).isEqualTo("invalid_request");
    // a form still gets its token
    assertThat(Tokens.request(FloeTestServer.catalogUri(), Map.of(
                "grant_type", "client_credentials",
                "client_id", FloeTestServer.ROOT_CLIENT_ID,
                "client_secret", FloeTestServer.ROOT_SECRET)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenExchangeRefreshesAValidToken() throws Exception {
    HttpResponse<String> exchanged =
        Tokens.request(
            FloeTestServer.catalogUri(),
            Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", FloeTestServer.rootToken(),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    String fresh = Tokens.field(exchanged.body(), "access_token");
    assertThat(fresh).isNotEqualTo(FloeTestServer.rootToken());
    assertThat(get("/v1/config", fresh).statusCode()).isEqualTo(200);

    HttpResponse<String> forged =
        Tokens.request(
            FloeTestServer.catalogUri(),
            Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", "forged.token.value"));
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    String token = sign(floeKey, kid, claims("floe", "floe", FloeTestServer.ROOT_CLIENT_ID, -600));
    HttpResponse<String> response = get("/v1/config", token);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("expired");
    // the same claims, still valid, pass: it is the expiry that was refused
    assertThat(get("/v1/config", sign(floeKey, kid, rootClaims(600))).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    HttpResponse<String> response = get("/v1/config", sign(floeKey, kid, claims("floe", "some-other-service", FloeTestServer.ROOT_CLIENT_ID, 600)));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("audience");
  }

  @Test
  void unknownSigningKeyIsRefused() throws Exception {
    KeyPair attacker = rsa();
    HttpResponse<String> randomKid = get("/v1/config", sign(attacker.getPrivate(), UUID.randomUUID().toString(), claims("floe", "floe", "root", 600)));
    assertThat(randomKid.statusCode()).isEqualTo(401);
    assertThat(randomKid.body()).contains("unknown key");
    // Floe's key id with another key: the signature does not verify
    HttpResponse<String> stolenKid = get("/v1/config", sign(attacker.getPrivate(), kid, claims("floe", "floe", "root", 600)));
    assertThat(stolenKid.statusCode()).isEqualTo(401);
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() throws Exception {
    KeyPair attacker = rsa();
    // a token naming an issuer Floe does not trust: Floe never fetches keys from where a token says
    HttpResponse<String> response =
        get("/v1/config", sign(attacker.getPrivate(), "k1", claims("http://127.0.0.1:9/realms/floe", "floe", "root", 600)));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("not trusted");
  }

  @Test
  void unsignedTokenIsRefused() throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims("floe", "floe", "root", 600).toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
    jws.setKeyIdHeaderValue(kid);
    assertThat(get("/v1/config", jws.getCompactSerialization()).statusCode()).isEqualTo(401);
    // HS256 keyed with the public key (algorithm confusion)
    JsonWebSignature hmac = new JsonWebSignature();
    hmac.setPayload(claims("floe", "floe", "root", 600).toJson());
    hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hmac.setKey(new org.jose4j.keys.HmacKey(new byte[32]));
    hmac.setKeyIdHeaderValue(kid);
    assertThat(get("/v1/config", hmac.getCompactSerialization()).statusCode()).isEqualTo(401);
  }

  @Test
  void disabledPrincipalIsRefusedAtOnce() throws Exception {
    String name = "disabled_" + System.nanoTime();
    JsonNode credentials = createPrincipal(name);
    String clientId = credentials.path("client-id").asText();
    String secret = credentials.path("client-secret").asText();
    String token = Tokens.clientCredentials(FloeTestServer.catalogUri(), clientId, secret);
    // no privilege yet: the catalog is hidden from it, but the token is good
    assertThat(get("/v1/config?warehouse=lakehouse", token).statusCode()).isEqualTo(404);

    HttpResponse<String> disabled = RestCalls.toServer("PATCH", "/api/management/v1/principals/" + name, "{\"disabled\": true}", FloeTestServer.rootToken());
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    // the token it already holds stops working, and it gets no new one
    HttpResponse<String> refused = get("/v1/config?warehouse=lakehouse", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("disabled");
    HttpResponse<String> noToken =
        Tokens.request(FloeTestServer.catalogUri(), Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    assertThat(noToken.statusCode()).isEqualTo(401);

    RestCalls.toServer("PATCH", "/api/management/v1/principals/" + name, "{\"disabled\": false}", FloeTestServer.rootToken());
    assertThat(get("/v1/config?warehouse=lakehouse", token).statusCode()).isEqualTo(404);
  }

  @Test
  void rotatedSecretAndDroppedPrincipalAreRefused() throws Exception {
    String name = "rotated_" + System.nanoTime();
    JsonNode credentials = createPrincipal(name);
    String clientId = credentials.path("client-id").asText();
    String oldSecret = credentials.path("client-secret").asText();
    String token = Tokens.clientCredentials(FloeTestServer.catalogUri(), clientId, oldSecret);
    HttpResponse<String> rotated = RestCalls.toServer("POST", "/api/management/v1/principals/" + name + "/rotate", "{}", FloeTestServer.rootToken());
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String newSecret = new ObjectMapper().readTree(rotated.body()).path("client-secret").asText();
    assertThat(newSecret).isNotEqualTo(oldSecret);
    assertThat(
            Tokens.request(FloeTestServer.catalogUri(), Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", oldSecret))
                .statusCode())
        .isEqualTo(401);
    Tokens.clientCredentials(FloeTestServer.catalogUri(), clientId, newSecret);

    assertThat(RestCalls.toServer("DELETE", "/api/management/v1/principals/" + name, null, FloeTestServer.rootToken()).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = get("/v1/config", token);
    assertThat(gone.statusCode()).isEqualTo(401);
    assertThat(gone.body()).contains("no longer exists");
  }

  private static JsonNode createPrincipal(String name) throws Exception {
    HttpResponse<String> created =
        RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\": \"" + name + "\"}", FloeTestServer.rootToken());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new ObjectMapper().readTree(created.body()).path("credentials");
  }

  static JwtClaims claims(String issuer, String audience, String subject, long expiresInSeconds) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(subject);
    NumericDate issued = NumericDate.now();
    issued.addSeconds(Math.min(0, expiresInSeconds) - 60);
    claims.setIssuedAt(issued);
    NumericDate expires = NumericDate.now();
    expires.addSeconds(expiresInSeconds);
    claims.setExpirationTime(expires);
    claims.setStringClaim("scope", "PRINCIPAL_ROLE:ALL");
    return claims;
  }

  /** Claims of a token of the root principal as Floe issues them: with its id and credential generation. */
  static JwtClaims rootClaims(long expiresInSeconds) throws Exception {
    JwtClaims claims = claims("floe", "floe", FloeTestServer.ROOT_CLIENT_ID, expiresInSeconds);
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT id, credential_generation FROM principals WHERE name = '" + FloeTestServer.ROOT_CLIENT_ID + "'")) {
      assertThat(rows.next()).as("the root principal").isTrue();
      claims.setStringClaim("floe_pid", rows.getString(1));
      claims.setClaim("floe_gen", rows.getLong(2));
    }
    return claims;
  }

  static String sign(PrivateKey key, String keyId, JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setKeyIdHeaderValue(keyId);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(FloeTestServer.catalogUri() + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private static HttpResponse<String> getWithHeader(String authorization) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(FloeTestServer.catalogUri() + "/v1/config")).header("Authorization", authorization).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
