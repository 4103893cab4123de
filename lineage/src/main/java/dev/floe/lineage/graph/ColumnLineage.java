package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct sources of a dataset's columns: column name to the columns it is computed from. The
 * endpoints refer to {@link #nodes()}; the dataset asked about is {@code n0}.
 */
public record ColumnLineage(List<LineageNode> nodes, Map<String, List<ColumnEndpoint>> sources) {
  public ColumnLineage {
    nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    requireNonNull(sources, "sources is null");
    Map<String, List<ColumnEndpoint>> copy = new LinkedHashMap<>();
    sources.forEach((column, endpoints) -> copy.put(column, List.copyOf(endpoints)));
    sources = Collections.unmodifiableMap(copy);
  }
}
