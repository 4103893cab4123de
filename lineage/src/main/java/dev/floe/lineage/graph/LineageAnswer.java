package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The lineage around one dataset, filtered for one caller: nodes (the dataset asked about first,
 * id {@code n0}), the dataset-job edges between them, and the column edges along those edges.
 */
public record LineageAnswer(
    List<LineageNode> nodes, List<LineageEdge> edges, List<ColumnEdge> columnEdges) {
  public static final String ROOT = "n0";

  public LineageAnswer {
    nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    edges = List.copyOf(requireNonNull(edges, "edges is null"));
    columnEdges = List.copyOf(requireNonNull(columnEdges, "columnEdges is null"));
  }

  public LineageNode root() {
    return nodes.getFirst();
  }
}
