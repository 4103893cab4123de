package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A column of an answer's dataset node; the column is absent for a restricted dataset. */
public record ColumnEndpoint(String node, Optional<String> column) {
  public ColumnEndpoint {
    requireNonNull(node, "node is null");
    requireNonNull(column, "column is null");
  }
}
