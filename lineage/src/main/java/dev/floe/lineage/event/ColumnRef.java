package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

/** One column of a dataset as an engine names it. */
public record ColumnRef(DatasetRef dataset, String column) {
  public ColumnRef {
    requireNonNull(dataset, "dataset is null");
    requireNonNull(column, "column is null");
  }
}
