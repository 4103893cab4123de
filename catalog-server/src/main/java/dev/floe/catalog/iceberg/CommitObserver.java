package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogRecord;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Told of every table commit once its pointer swap succeeded, on the committing thread and inside
 * the transaction of a multi-table commit: the lineage capture. It must not throw; a commit that
 * happened stays committed whatever an observer does.
 */
@FunctionalInterface
public interface CommitObserver {
  CommitObserver NONE = (catalog, table, base, committed, metadataLocation) -> {};

  /**
   * @param base the metadata before the commit, null when the commit created or registered the table
   * @param committed the metadata the commit made current
   * @param metadataLocation the file that holds it
   */
  void committed(
      CatalogRecord catalog, TableIdentifier table, TableMetadata base, TableMetadata committed, String metadataLocation);
}
