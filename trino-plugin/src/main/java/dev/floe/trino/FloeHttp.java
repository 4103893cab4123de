package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** JSON calls to Floe with the plugin's bearer token: one place for timeouts and failures. */
final class FloeHttp {
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI baseUri;
  private final FloeCredentials credentials;
  private final Duration requestTimeout;
  private final HttpClient http;

  FloeHttp(FloePluginConfig config, FloeCredentials credentials) {
    this.baseUri = config.uri();
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.requestTimeout = config.requestTimeout();
    this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
  }

  /**
   * POSTs {@code body} as JSON to {@code path} below Floe's URL and reads a 2xx answer as {@code
   * answerType} ({@code Void} for none).
   *
   * @throws PolicyServiceUnavailableException when Floe cannot be reached or does not answer 2xx
   *     with a readable body
   */
  <T> T post(String path, Object body, Class<T> answerType) {
    URI endpoint = URI.create(baseUri + path);
    byte[] encoded;
    try {
      encoded = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode a request to " + path, e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + credentials.bearerToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(encoded))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PolicyServiceUnavailableException("Floe at " + endpoint + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyServiceUnavailableException("interrupted while calling Floe", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new PolicyServiceUnavailableException(
          "Floe answered %s with HTTP %d: %s"
              .formatted(path, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8)));
    }
    if (answerType == Void.class) {
      return null;
    }
    try {
      return JSON.readValue(response.body(), answerType);
    } catch (IOException | RuntimeException e) {
      throw new PolicyServiceUnavailableException("Floe's answer to " + path + " cannot be read: " + e.getMessage(), e);
    }
  }
}
