package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;

/** Floe's governance evaluation API over HTTP: one POST per evaluation, whatever it carries. */
public final class FloeEvaluationClient implements GovernanceEvaluations {
  /** The evaluation endpoint, below Floe's base URL. */
  public static final String EVALUATE_PATH = "/api/governance/v1/evaluate";

  private final FloeHttp http;

  FloeEvaluationClient(FloeHttp http) {
    this.http = requireNonNull(http, "http is null");
  }

  @Override
  public EvaluationResponse evaluate(EvaluationRequest request) {
    EvaluationResponse answer = http.post(EVALUATE_PATH, request, EvaluationResponse.class);
    if (answer.tables().size() != request.tables().size()) {
      throw new PolicyServiceUnavailableException(
          "Floe answered %d tables for %d asked".formatted(answer.tables().size(), request.tables().size()));
    }
    return answer;
  }
}
