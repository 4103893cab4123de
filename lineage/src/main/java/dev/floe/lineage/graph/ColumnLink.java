package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

/** An output column of a run computed from an input column. */
public record ColumnLink(ResolvedColumn input, ResolvedColumn output) {
  public ColumnLink {
    requireNonNull(input, "input is null");
    requireNonNull(output, "output is null");
  }
}
