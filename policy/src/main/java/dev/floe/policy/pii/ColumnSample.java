package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the classifier sees of a column: its name, its Iceberg type and a sample of its values.
 *
 * @param name the column's name (for a nested field, its last part)
 * @param type the Iceberg type as {@code Type.toString()} prints it: {@code string}, {@code long},
 *     {@code date}, {@code timestamptz}, {@code decimal(10, 2)}, …
 * @param values sampled values as the Iceberg generic reader returns them ({@code String},
 *     {@code Long}, {@code LocalDate}, …); nulls allowed
 */
public record ColumnSample(String name, String type, List<Object> values) {
  public ColumnSample {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(values, "values is null");
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }
}
