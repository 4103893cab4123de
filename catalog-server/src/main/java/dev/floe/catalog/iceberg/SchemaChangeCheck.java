package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogRecord;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A check of every commit to an existing table, with its metadata before and after, made before
 * the new metadata file is written or the pointer swapped: throwing refuses the commit and
 * nothing of it is stored. The schema contracts implement it.
 */
@FunctionalInterface
public interface SchemaChangeCheck {
  SchemaChangeCheck NONE = (catalog, table, base, updated) -> {};

  void check(CatalogRecord catalog, TableIdentifier table, TableMetadata base, TableMetadata updated);
}
