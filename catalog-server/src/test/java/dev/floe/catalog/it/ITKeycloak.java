package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The test harness's Keycloak against the realm of {@code docs/keycloak/floe-realm.json}: the
 * tokens that the authentication tests rely on carry what they should.
 */
class ITKeycloak {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KeycloakServer keycloak = FloeTestServer.keycloak();

  @Test
  void discoveryNamesTheHarnessEndpoints() throws Exception {
    JsonNode discovery = get(keycloak.issuer() + "/.well-known/openid-configuration");
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(discovery.path("issuer").asText()).isEqualTo(keycloak.issuer());
    softly.assertThat(discovery.path("jwks_uri").asText()).isEqualTo(keycloak.jwksUri());
    softly.assertThat(discovery.path("token_endpoint").asText()).isEqualTo(keycloak.tokenEndpoint());
    softly.assertThat(keycloak.issuer()).isEqualTo("http://127.0.0.1:" + keycloak.port() + "/realms/floe");
    softly.assertAll();
  }

  @Test
  void aliceIsAnAnalystWithATokenForFloe() throws Exception {
    String token = keycloak.passwordToken(KeycloakServer.ALICE);
    JsonNode claims = KeycloakServer.claims(token);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
    softly.assertThat(audience(claims)).containsExactly("floe");
    softly.assertThat(groups(claims)).containsExactly("analysts");
    softly.assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
    softly.assertThat(claims.path("azp").asText()).isEqualTo(KeycloakServer.CLI_CLIENT);
    softly.assertThat(claims.path("sub").asText()).isNotBlank();
    softly.assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    softly.assertThat(verifiedWithJwks(token)).as("signature verified with the realm's JWKS").isTrue();
    softly.assertAll();
  }

  @Test
  void bobIsAnEngineer() {
    JsonNode claims = KeycloakServer.claims(keycloak.passwordToken(KeycloakServer.BOB));
    assertThat(groups(claims)).containsExactly("engineers");
    assertThat(audience(claims)).containsExactly("floe");
    assertThat(claims.path("preferred_username").asText()).isEqualTo("bob");
  }

  @Test
  void carolIsInNoGroup() {
    JsonNode claims = KeycloakServer.claims(keycloak.passwordToken(KeycloakServer.CAROL));
    assertThat(groups(claims)).isEmpty();
    assertThat(audience(claims)).containsExactly("floe");
    assertThat(claims.path("preferred_username").asText()).isEqualTo("carol");
  }

  @Test
  void wrongPasswordIsRefused() {
    assertThatThrownBy(() -> keycloak.passwordToken("alice", "not-alices-password"))
        .hasMessageContaining("invalid_grant");
    HttpResponse<String> response =
        keycloak.tokenRequest(
            Map.of("grant_type", "password", "client_id", KeycloakServer.CLI_CLIENT, "username", "nobody", "password", "x"));
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void trinoServiceAccountIsAnEngineerWithATokenForFloe() throws Exception {
    String token = keycloak.clientCredentialsToken(KeycloakServer.TRINO_CLIENT, KeycloakServer.TRINO_SECRET);
    JsonNode claims = KeycloakServer.claims(token);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
    softly.assertThat(audience(claims)).containsExactly("floe");
    softly.assertThat(groups(claims)).containsExactly("engineers");
    softly.assertThat(claims.path("preferred_username").asText()).isEqualTo("service-account-trino");
    softly.assertThat(claims.path("azp").asText()).isEqualTo(KeycloakServer.TRINO_CLIENT);
    softly.assertThat(verifiedWithJwks(token)).as("signature verified with the realm's JWKS").isTrue();
    softly.assertAll();
    assertThatThrownBy(() -> keycloak.clientCredentialsToken(KeycloakServer.TRINO_CLIENT, "wrong-secret"))
        .hasMessageContaining("unauthorized_client");
  }

  @Test
  void otherAppTokensAreForAnotherAudience() throws Exception {
    String token = keycloak.clientCredentialsToken(KeycloakServer.OTHER_CLIENT, KeycloakServer.OTHER_SECRET);
    JsonNode claims = KeycloakServer.claims(token);
    SoftAssertions softly = new SoftAssertions();
    // the same issuer, a valid signature and a group: only the audience is wrong for Floe
    softly.assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
    softly.assertThat(audience(claims)).containsExactly(KeycloakServer.OTHER_AUDIENCE).doesNotContain("floe");
    softly.assertThat(groups(claims)).containsExactly("engineers");
    softly.assertThat(verifiedWithJwks(token)).isTrue();
    softly.assertAll();
  }

  @Test
  void aTamperedTokenDoesNotVerify() throws Exception {
    String token = keycloak.passwordToken(KeycloakServer.CAROL);
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"preferred_username\":\"carol\"", "\"preferred_username\":\"alice\"");
    String tampered =
        parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "." + parts[2];
    assertThat(KeycloakServer.claims(tampered).path("preferred_username").asText()).isEqualTo("alice");
    assertThat(verifiedWithJwks(tampered)).isFalse();
  }

  private static List<String> audience(JsonNode claims) {
    return strings(claims.path("aud"));
  }

  private static List<String> groups(JsonNode claims) {
    return strings(claims.path(KeycloakServer.GROUPS_CLAIM));
  }

  /** A claim that is a string or an array of strings (as {@code aud} may be); empty when absent. */
  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(value -> values.add(value.asText()));
    } else if (!node.isMissingNode()) {
      throw new AssertionError("Neither a string nor an array: " + node);
    }
    return values;
  }

  /** Verifies the RS256 signature of {@code token} with the key of its {@code kid} from the realm's JWKS. */
  private boolean verifiedWithJwks(String token) throws Exception {
    String[] parts = token.split("\\.");
    JsonNode header = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    JsonNode key = null;
    for (JsonNode candidate : get(keycloak.jwksUri()).path("keys")) {
      if (candidate.path("kid").asText().equals(header.path("kid").asText())) {
        key = candidate;
      }
    }
    assertThat(key).as("key %s in the JWKS", header.path("kid").asText()).isNotNull();
    PublicKey publicKey =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initVerify(publicKey);
    signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
  }

  private static JsonNode get(String uri) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
      return MAPPER.readTree(response.body());
    }
  }
}
