package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.resolve.ResolvedDataset;

/** One column of a resolved dataset. */
public record ResolvedColumn(ResolvedDataset dataset, String column) {
  public ResolvedColumn {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(column, "column is null");
  }
}
