package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

/** Column {@code to} is computed from column {@code from} by the job node {@code job}. */
public record ColumnEdge(ColumnEndpoint from, ColumnEndpoint to, String job) {
  public ColumnEdge {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(job, "job is null");
  }
}
