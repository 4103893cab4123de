package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One table of an evaluation, with the columns the query touches.
 *
 * <p>With {@code allColumns}, Floe answers for every column of the table's current schema, named
 * as the schema names them, and {@code columns} stays empty: an engine that asks for the row
 * filter before it knows the columns (Trino) gets everything for the table in one call.
 *
 * @param namespace the namespace levels
 * @param name the table name
 * @param columns the columns to answer for (visibility and masks); the row filter does not depend
 *     on them
 * @param allColumns answer for every current column instead of {@code columns}; absent (null)
 *     means false
 */
public record TableRequest(
    List<String> namespace, String name, List<ColumnRequest> columns, Boolean allColumns) {
  public TableRequest {
    allColumns = Boolean.TRUE.equals(allColumns); // absent: the named columns
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    namespace = List.copyOf(namespace);
    columns = columns == null ? List.of() : List.copyOf(columns);
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("A table lives in a namespace: namespace is empty");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("table name is empty");
    }
    if (allColumns && !columns.isEmpty()) {
      throw new IllegalArgumentException("Ask for all columns or name columns, not both");
    }
  }

  /** A table with the columns a query touches. */
  public TableRequest(List<String> namespace, String name, List<ColumnRequest> columns) {
    this(namespace, name, requireNonNull(columns, "columns is null"), false);
  }

  /** A table with every column of its current schema. */
  public static TableRequest allColumnsOf(List<String> namespace, String name) {
    return new TableRequest(namespace, name, List.of(), true);
  }
}
