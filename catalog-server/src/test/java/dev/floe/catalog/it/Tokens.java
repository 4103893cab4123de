package dev.floe.catalog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Gets access tokens from Floe's token endpoint, as an Iceberg client does. */
public final class Tokens {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {}

  /** A token for these client credentials; fails the test when the endpoint refuses. */
  public static String clientCredentials(String catalogUri, String clientId, String secret) {
    HttpResponse<String> response = request(catalogUri, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret, "scope", "PRINCIPAL_ROLE:ALL"));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return field(response.body(), "access_token");
  }

  /** The raw answer of the token endpoint to a form. */
  public static HttpResponse<String> request(String catalogUri, Map<String, String> form) {
    String body =
        new LinkedHashMap<>(form)
            .entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(catalogUri + "/v1/oauth/tokens"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String field(String json, String name) {
    try {
      JsonNode node = JSON.readTree(json).get(name);
      if (node == null) {
        throw new IllegalStateException("No " + name + " in " + json);
      }
      return node.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
