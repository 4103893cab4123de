package dev.floe.trino;

import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;

/** Where evaluations are answered: Floe over HTTP, or a fake in unit tests. */
@FunctionalInterface
public interface GovernanceEvaluations {
  /**
   * Evaluates one request: one answer per asked table, in order.
   *
   * @throws PolicyServiceUnavailableException when no trustworthy answer can be had
   */
  EvaluationResponse evaluate(EvaluationRequest request);
}
