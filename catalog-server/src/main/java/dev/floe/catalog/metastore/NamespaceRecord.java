package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.catalog.Namespace;

/** A namespace with its properties. */
public record NamespaceRecord(long id, long catalogId, Namespace namespace, Map<String, String> properties) {
  public NamespaceRecord {
    requireNonNull(namespace, "namespace is null");
    // not Map.copyOf: Iceberg's builders call containsKey(null), which Map.copyOf and TreeMap reject
    properties = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(requireNonNull(properties, "properties is null")));
  }
}
