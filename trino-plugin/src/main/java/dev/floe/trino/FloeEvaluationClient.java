package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Floe's governance evaluation API over HTTP: one POST per evaluation, whatever it carries. */
public final class FloeEvaluationClient implements GovernanceEvaluations {
  /** The evaluation endpoint, below Floe's base URL. */
  public static final String EVALUATE_PATH = "/api/governance/v1/evaluate";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI endpoint;
  private final FloeCredentials credentials;
  private final Duration requestTimeout;
  private final HttpClient http;

  public FloeEvaluationClient(FloePluginConfig config, FloeCredentials credentials) {
    this.endpoint = URI.create(config.uri() + EVALUATE_PATH);
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.requestTimeout = config.requestTimeout();
    this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
  }

  @Override
  public EvaluationResponse evaluate(EvaluationRequest request) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode an evaluation request", e);
    }
    HttpResponse<byte[]> response = post(body);
    if (response.statusCode() != 200) {
      throw new PolicyServiceUnavailableException(
          "Floe answered the evaluation with HTTP %d: %s"
              .formatted(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    EvaluationResponse answer;
    try {
      answer = JSON.readValue(response.body(), EvaluationResponse.class);
    } catch (IOException | RuntimeException e) {
      throw new PolicyServiceUnavailableException("Floe's evaluation answer cannot be read: " + e.getMessage(), e);
    }
    if (answer.tables().size() != request.tables().size()) {
      throw new PolicyServiceUnavailableException(
          "Floe answered %d tables for %d asked".formatted(answer.tables().size(), request.tables().size()));
    }
    return answer;
  }

  private HttpResponse<byte[]> post(byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + credentials.bearerToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PolicyServiceUnavailableException("Floe at " + endpoint + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyServiceUnavailableException("interrupted while asking Floe", e);
    }
  }
}
