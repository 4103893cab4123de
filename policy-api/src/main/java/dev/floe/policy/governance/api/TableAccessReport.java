package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One governed table a query read.
 *
 * @param catalog the Floe catalog
 * @param namespace the namespace levels
 * @param table the table name
 * @param columns the columns read
 * @param rowFilters the row filters the engine applied, as it applied them
 * @param masks the column masks the engine applied; a read column without one was read raw
 * @param directlyReferenced whether the query named the table itself (not only through a view)
 */
public record TableAccessReport(
    String catalog,
    List<String> namespace,
    String table,
    List<String> columns,
    List<String> rowFilters,
    List<ColumnMaskReport> masks,
    boolean directlyReferenced) {
  public TableAccessReport {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(table, "table is null");
    namespace = List.copyOf(namespace);
    columns = columns == null ? List.of() : List.copyOf(columns);
    rowFilters = rowFilters == null ? List.of() : List.copyOf(rowFilters);
    masks = masks == null ? List.of() : List.copyOf(masks);
  }

  /**
   * A mask an engine applied to a column.
   *
   * @param column the column
   * @param expression the mask expression as applied
   */
  public record ColumnMaskReport(String column, String expression) {
    public ColumnMaskReport {
      requireNonNull(column, "column is null");
      requireNonNull(expression, "expression is null");
    }
  }
}
