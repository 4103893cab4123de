package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A column a query touches.
 *
 * <p>Columns are matched against the table's current schema: by field id when one is given (and
 * then the name must be the column's current name), else by name, case-insensitively as Trino
 * does. A column the current schema does not have, or whose given field id or type disagrees with
 * it (the engine saw an older schema), is answered as hidden.
 *
 * @param name the column name as the engine knows it
 * @param fieldId the Iceberg field id, when the engine knows it; {@code null} otherwise
 * @param type the Iceberg type ({@code string}, {@code decimal(10,2)}, …) when the engine knows
 *     it; {@code null} otherwise. Masks are always rendered for the type of the current schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnRequest(String name, Integer fieldId, String type) {
  public ColumnRequest {
    requireNonNull(name, "name is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name is empty");
    }
  }

  /** A column known by name only. */
  public static ColumnRequest named(String name) {
    return new ColumnRequest(name, null, null);
  }
}
