package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The answer to an {@link EvaluationRequest}.
 *
 * @param tables one answer per asked table, in the order asked
 * @param governanceVersion the version of the governance data (tags, assignments, policies) the
 *     answer was computed from
 * @param cacheTtlSeconds how long the engine may reuse this answer for the same identity and
 *     tables (Trino's plugin also caches per query id)
 */
public record EvaluationResponse(
    List<TableEvaluation> tables, long governanceVersion, long cacheTtlSeconds) {
  public EvaluationResponse {
    requireNonNull(tables, "tables is null");
    tables = List.copyOf(tables);
    if (cacheTtlSeconds < 0) {
      throw new IllegalArgumentException("cacheTtlSeconds is negative: " + cacheTtlSeconds);
    }
  }
}
