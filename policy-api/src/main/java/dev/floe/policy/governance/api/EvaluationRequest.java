package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One evaluation: an identity and the tables (with their touched columns) of one catalog. A Trino
 * query needs one request per table whatever its column count, and one request may carry several
 * tables.
 *
 * @param identity who the query runs as
 * @param catalog the Floe catalog the tables are in
 * @param tables the tables, each answered in the same order
 * @param checks other actions to decide (writes, creates, drops), each answered in the same order
 */
public record EvaluationRequest(
    CallerIdentity identity, String catalog, List<TableRequest> tables, List<ActionCheck> checks) {
  public EvaluationRequest {
    requireNonNull(identity, "identity is null");
    requireNonNull(catalog, "catalog is null");
    tables = tables == null ? List.of() : List.copyOf(tables);
    checks = checks == null ? List.of() : List.copyOf(checks);
    if (catalog.isEmpty()) {
      throw new IllegalArgumentException("catalog is empty");
    }
  }

  /** Tables only. */
  public EvaluationRequest(CallerIdentity identity, String catalog, List<TableRequest> tables) {
    this(identity, catalog, requireNonNull(tables, "tables is null"), List.of());
  }
}
