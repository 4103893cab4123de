package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import org.apache.iceberg.catalog.TableIdentifier;

/** A table or view and the location of its current metadata file. */
public record CatalogObjectRecord(
    long id,
    long catalogId,
    long namespaceId,
    TableIdentifier identifier,
    ObjectKind kind,
    String metadataLocation,
    String previousMetadataLocation) {
  public CatalogObjectRecord {
    requireNonNull(identifier, "identifier is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(metadataLocation, "metadataLocation is null");
  }
}
