package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

/** Data flows from node {@code from} to node {@code to} (dataset to job, or job to dataset). */
public record LineageEdge(String from, String to) {
  public LineageEdge {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
  }
}
