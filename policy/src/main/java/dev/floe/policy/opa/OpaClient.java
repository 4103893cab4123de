package dev.floe.policy.opa;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of talking to OPA's Data API, shared by everything that asks OPA ({@link
 * OpaAuthorizer}, {@link OpaRestrictions}): one {@code java.net.http} client (HTTP/1.1, no
 * redirects, the configured timeout on connect and on every request). Every failure is an {@link
 * OpaException} naming the cause; callers turn it into a deny.
 */
final class OpaClient implements AutoCloseable {
  private final OpaConfiguration configuration;
  private final HttpClient client;

  OpaClient(OpaConfiguration configuration) {
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(configuration.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  OpaConfiguration configuration() {
    return configuration;
  }

  /**
   * Evaluates a rule: {@code POST} of {@code {"input": …}} to its Data API URI.
   *
   * @return the {@code result} member of OPA's answer
   * @throws OpaException when OPA cannot be reached, answers another status than 200, something
   *     that is not a JSON object, or no {@code result} (the rule is undefined: no policy loaded)
   */
  JsonNode query(URI uri, ObjectNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(configuration.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response = send(request);
    if (response.statusCode() != 200) {
      throw new OpaException(
          "OPA answered HTTP %d to POST %s: %s".formatted(response.statusCode(), uri, excerpt(response.body())));
    }
    JsonNode answer;
    try {
      answer = OpaDocuments.JSON.readTree(response.body());
    } catch (IOException exception) {
      throw new OpaException("OPA answered something that is not JSON: " + excerpt(response.body()), exception);
    }
    if (answer == null || !answer.isObject()) {
      throw new OpaException("OPA answered something that is not a JSON object: " + excerpt(response.body()));
    }
    JsonNode result = answer.get("result");
    if (result == null) {
      throw new OpaException(
          "OPA has no value at %s: is the policy loaded at '%s'?".formatted(uri, configuration.policyPath()));
    }
    return result;
  }

  /**
   * Replaces a data document: {@code PUT} of {@code body} to its Data API URI.
   *
   * @param what what the document is, for the error message
   * @throws OpaException when OPA cannot be reached or answers another status than 200 or 204
   */
  void put(URI uri, ObjectNode body, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(configuration.timeout())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response = send(request);
    if (response.statusCode() != 204 && response.statusCode() != 200) {
      throw new OpaException(
          "OPA answered HTTP %d to publishing %s at %s: %s"
              .formatted(response.statusCode(), what, uri, excerpt(response.body())));
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException exception) {
      throw new OpaException(
          "cannot reach OPA at %s: %s".formatted(request.uri(), describe(exception)), exception);
    } catch (InterruptedException exception) {
      Thread.currentThread().interrupt();
      throw new OpaException("interrupted while asking OPA at " + request.uri(), exception);
    }
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return OpaDocuments.JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException exception) {
      throw new OpaException("cannot encode the OPA request", exception);
    }
  }

  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  /** The message of an exception, or its class name when it has none. */
  static String describe(Throwable exception) {
    String message = exception.getMessage();
    return message == null || message.isEmpty() ? exception.getClass().getSimpleName() : message;
  }
}
