package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.catalog.Namespace;

/** A namespace with its properties. */
public record NamespaceRecord(long id, long catalogId, Namespace namespace, Map<String, String> properties) {
  public NamespaceRecord {
    requireNonNull(namespace, "namespace is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
  }
}
