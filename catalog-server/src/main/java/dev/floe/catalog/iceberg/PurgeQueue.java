package dev.floe.catalog.iceberg;

import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;

/** Where a drop with purge leaves the deletion of the table's files: done later, in the background. */
public interface PurgeQueue {
  /**
   * Drops {@code identifier} of {@code catalog} and records the purge of its files under {@code
   * roots} atomically; the dropped table's metadata location, or empty when there is no such table.
   */
  Optional<String> dropAndPurge(FloeCatalog catalog, TableIdentifier identifier, List<String> roots);
}
