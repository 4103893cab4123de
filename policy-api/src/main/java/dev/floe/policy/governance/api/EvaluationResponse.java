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
 * @param checks one decision per asked {@link ActionCheck}, in the order asked
 */
public record EvaluationResponse(
    List<TableEvaluation> tables, long governanceVersion, long cacheTtlSeconds, List<ActionDecision> checks) {
  public EvaluationResponse {
    tables = tables == null ? List.of() : List.copyOf(tables);
    checks = checks == null ? List.of() : List.copyOf(checks);
    if (cacheTtlSeconds < 0) {
      throw new IllegalArgumentException("cacheTtlSeconds is negative: " + cacheTtlSeconds);
    }
  }

  /** Tables only. */
  public EvaluationResponse(List<TableEvaluation> tables, long governanceVersion, long cacheTtlSeconds) {
    this(requireNonNull(tables, "tables is null"), governanceVersion, cacheTtlSeconds, List.of());
  }
}
