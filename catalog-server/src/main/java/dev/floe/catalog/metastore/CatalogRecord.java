package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A catalog (warehouse): a name clients pass as {@code warehouse}, and a storage root. */
public record CatalogRecord(long id, String name, String storageRoot, Map<String, String> properties) {
  public CatalogRecord {
    requireNonNull(name, "name is null");
    requireNonNull(storageRoot, "storageRoot is null");
    // not Map.copyOf: Iceberg's builders call containsKey(null), which Map.copyOf and TreeMap reject
    properties = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(requireNonNull(properties, "properties is null")));
  }
}
