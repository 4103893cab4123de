package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input or output of a run: the dataset, the fields of its {@code schema} facet (empty when the
 * event has none) and its {@code columnLineage} facet as output column to the input columns it is
 * computed from (empty when the event has none).
 */
public record LineageDataset(
    DatasetRef dataset, List<SchemaField> schema, Map<String, List<ColumnRef>> columnLineage) {
  public LineageDataset {
    requireNonNull(dataset, "dataset is null");
    schema = List.copyOf(requireNonNull(schema, "schema is null"));
    requireNonNull(columnLineage, "columnLineage is null");
    columnLineage = copyOf(columnLineage);
  }

  public static LineageDataset of(DatasetRef dataset) {
    return new LineageDataset(dataset, List.of(), Map.of());
  }

  private static Map<String, List<ColumnRef>> copyOf(Map<String, List<ColumnRef>> columnLineage) {
    // keeps the event's order of output columns, which Map.copyOf would not
    Map<String, List<ColumnRef>> copy = new LinkedHashMap<>();
    columnLineage.forEach((column, sources) -> copy.put(column, List.copyOf(sources)));
    return Collections.unmodifiableMap(copy);
  }
}
