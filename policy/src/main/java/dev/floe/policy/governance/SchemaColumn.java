package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A top-level column of a table's current schema.
 *
 * @param fieldId the Iceberg field id (stable across renames)
 * @param name the current name
 * @param type the Iceberg type as Iceberg spells it ({@code string}, {@code decimal(10,2)}, {@code
 *     struct<…>}, …)
 */
public record SchemaColumn(int fieldId, String name, String type) {
  public SchemaColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name is empty");
    }
  }

  /** The column's type when it is an Iceberg primitive type; empty for nested and v3 types. */
  public Optional<IcebergType> primitiveType() {
    return IcebergType.tryParse(type);
  }
}
