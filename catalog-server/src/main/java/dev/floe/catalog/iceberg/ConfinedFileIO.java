package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.StoragePrefixes;
import dev.floe.catalog.storage.TableLocations;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.jboss.logging.Logger;

/**
 * The catalog's {@link FileIO} for purging one table: reads anywhere (manifests name the files),
 * deletes only inside the table's locations. A manifest that names a file of another table, or
 * any file outside, cannot make a purge delete it; such files are skipped and logged.
 *
 * <p>Deletes go one file at a time (in parallel, as Iceberg's {@code CatalogUtil} does for a
 * {@link FileIO} without bulk operations) unless {@link #withBulkDeletes} is used: S3-compatible
 * stores such as S3Proxy refuse the checksum headers the AWS SDK always adds to DeleteObjects.
 */
class ConfinedFileIO extends PurgeFileIO {
  private static final Logger LOG = Logger.getLogger(ConfinedFileIO.class);

  private final List<String> roots;
  /** Prefixes inside the roots that a live table, view, staged table or other purge owns. */
  private final List<String> ownedElsewhere;
  private final String table;
  private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

  ConfinedFileIO(FileIO delegate, List<String> roots, List<String> ownedElsewhere, String table) {
    super(delegate);
    this.roots = List.copyOf(roots);
    this.ownedElsewhere = List.copyOf(ownedElsewhere);
    this.table = requireNonNull(table, "table is null");
  }

  /** Like the constructor, with batch deletes when {@code delegate} supports them. */
  static ConfinedFileIO withBulkDeletes(FileIO delegate, List<String> roots, List<String> ownedElsewhere, String table) {
    return delegate instanceof SupportsBulkOperations
        ? new Bulk(delegate, roots, ownedElsewhere, table)
        : new ConfinedFileIO(delegate, roots, ownedElsewhere, table);
  }

  @Override
  public void deleteFile(String path) {
    if (isInside(path)) {
      delegate().deleteFile(path);
    }
  }

  /** How many deletes were refused because the file lay outside the table's locations. */
  long skipped() {
    return skipped.get();
  }

  boolean isInside(String path) {
    String normalized;
    try {
      normalized = LocationPolicy.normalize(path, "file location");
    } catch (RuntimeException e) {
      LOG.warnf("Purge of %s: not deleting %s, not a plain location (%s)", table, path, e.getMessage());
      skipped.incrementAndGet();
      return false;
    }
    if (!TableLocations.contains(roots, normalized)) {
      LOG.warnf("Purge of %s: not deleting %s, outside the table's locations %s", table, path, roots);
      skipped.incrementAndGet();
      return false;
    }
    String prefix = StoragePrefixes.of(normalized);
    for (String owned : ownedElsewhere) {
      if (prefix.startsWith(owned)) {
        LOG.warnf("Purge of %s: not deleting %s, it lies under %s, which a live table or view owns", table, path, owned);
        skipped.incrementAndGet();
        return false;
      }
    }
    return true;
  }

  private static final class Bulk extends ConfinedFileIO implements SupportsBulkOperations {
    private Bulk(FileIO delegate, List<String> roots, List<String> ownedElsewhere, String table) {
      super(delegate, roots, ownedElsewhere, table);
    }

    @Override
    public void deleteFiles(Iterable<String> paths) throws BulkDeletionFailureException {
      List<String> inside = new ArrayList<>();
      for (String path : paths) {
        if (isInside(path)) {
          inside.add(path);
        }
      }
      if (!inside.isEmpty()) {
        ((SupportsBulkOperations) delegate()).deleteFiles(inside);
      }
    }
  }
}
