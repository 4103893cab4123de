package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level columns of a table's (or view's) current schema: what expressions are validated
 * against and rendered with. The server builds it from the table metadata's current schema (and
 * may cache it by metadata location: it is immutable).
 *
 * <p>A value class rather than a record because it holds lookup maps built once.
 */
public final class TableSchema {
  private final List<SchemaColumn> columns;
  private final Map<Integer, SchemaColumn> byFieldId;
  private final Map<String, List<SchemaColumn>> byLowerName;

  /**
   * @param columns the columns, in schema order
   * @throws IllegalArgumentException when two columns share a field id
   */
  public TableSchema(List<SchemaColumn> columns) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    Map<Integer, SchemaColumn> fieldIds = new HashMap<>();
    Map<String, List<SchemaColumn>> names = new HashMap<>();
    for (SchemaColumn column : this.columns) {
      if (fieldIds.put(column.fieldId(), column) != null) {
        throw new IllegalArgumentException("Duplicate field id " + column.fieldId());
      }
      names
          .computeIfAbsent(column.name().toLowerCase(Locale.ROOT), name -> new ArrayList<>(1))
          .add(column);
    }
    this.byFieldId = Map.copyOf(fieldIds);
    Map<String, List<SchemaColumn>> frozen = new HashMap<>();
    names.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
    this.byLowerName = Map.copyOf(frozen);
  }

  public static TableSchema of(SchemaColumn... columns) {
    return new TableSchema(List.of(columns));
  }

  public List<SchemaColumn> columns() {
    return columns;
  }

  /** The column with this field id. */
  public Optional<SchemaColumn> byFieldId(int fieldId) {
    return Optional.ofNullable(byFieldId.get(fieldId));
  }

  /**
   * The columns whose name equals {@code name} ignoring case, as Trino resolves names: none, one,
   * or (for a schema with names that differ only in case) several.
   */
  public List<SchemaColumn> byNameIgnoringCase(String name) {
    return byLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableSchema schema && columns.equals(schema.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return "TableSchema" + columns;
  }
}
