package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One table of an evaluation, with the columns the query touches.
 *
 * @param namespace the namespace levels
 * @param name the table name
 * @param columns the columns to answer for (visibility and masks); the row filter does not depend
 *     on them
 */
public record TableRequest(List<String> namespace, String name, List<ColumnRequest> columns) {
  public TableRequest {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(columns, "columns is null");
    namespace = List.copyOf(namespace);
    columns = List.copyOf(columns);
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("A table lives in a namespace: namespace is empty");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("table name is empty");
    }
  }
}
