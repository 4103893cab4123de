package dev.floe.policy.contracts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A column of a table schema as contracts see it (this library does not depend on Iceberg: the
 * server converts an Iceberg schema, nested fields included).
 *
 * @param fieldId the Iceberg field id: a renamed column keeps it
 * @param name the full name, with the parents' names for a nested field ({@code address.city})
 * @param type the type as Iceberg prints it ({@code int}, {@code decimal(10, 2)}, {@code
 *     struct<...>})
 * @param required whether the column is required (not null)
 * @param doc the column's documentation, if any
 * @param parentFieldId the field id of the enclosing struct, list or map; empty for a top-level
 *     column
 */
public record ContractColumn(
    int fieldId, String name, String type, boolean required, Optional<String> doc, Optional<Integer> parentFieldId) {
  public ContractColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(doc, "doc is null");
    requireNonNull(parentFieldId, "parentFieldId is null");
  }

  public static ContractColumn topLevel(int fieldId, String name, String type, boolean required) {
    return new ContractColumn(fieldId, name, type, required, Optional.empty(), Optional.empty());
  }

  /** The last part of the name: the field's own name. */
  public String leafName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  boolean nestedType() {
    return type.startsWith("struct<") || type.startsWith("list<") || type.startsWith("map<");
  }
}
