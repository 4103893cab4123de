package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.storage.LocalFileIO;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.StoragePrefixes;
import dev.floe.catalog.storage.TableLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.jboss.logging.Logger;

/**
 * Deletes a dropped table's files: first those its metadata names (data, delete, manifest,
 * statistics and metadata files), then whatever is left under its locations (files of commits
 * that failed, or of an earlier attempt that stopped midway). Every delete is checked to lie
 * inside the table's locations ({@link ConfinedFileIO}); a location is listed as {@code
 * location + "/"}, so the purge of {@code .../t1} never touches {@code .../t10}. Deleting again is
 * harmless, so an interrupted purge is simply run again.
 */
public final class TablePurge {
  private static final Logger LOG = Logger.getLogger(TablePurge.class);

  /** Told about progress now and then; answers false to stop the purge (the job was taken over). */
  @FunctionalInterface
  public interface Progress {
    boolean report(long deleted, long skipped);
  }

  /** The purge was stopped because {@link Progress#report} said so. */
  public static final class StoppedException extends RuntimeException {
    StoppedException() {
      super("The purge was stopped: another node took it over");
    }
  }

  /** What a purge did. */
  public record Result(long deleted, long skipped) {}

  private TablePurge() {}

  /**
   * Purges the table whose files lie under {@code roots} (normalized, the table location first)
   * and whose last metadata file is {@code metadataLocation}.
   *
   * @param ownedElsewhere prefixes overlapping the roots that a live table, view, staged table or
   *     other purge owns: nothing under them is deleted, and a root inside one is not swept
   */
  public static Result run(
      FileIO io,
      boolean bulkDeletes,
      String table,
      List<String> roots,
      String metadataLocation,
      List<String> ownedElsewhere,
      Progress progress) {
    requireNonNull(progress, "progress is null");
    if (roots.isEmpty()) {
      return new Result(0, 0);
    }
    Counting counting = new Counting(io, progress);
    ConfinedFileIO confined =
        bulkDeletes
            ? ConfinedFileIO.withBulkDeletes(counting, roots, ownedElsewhere, table)
            : new ConfinedFileIO(counting, roots, ownedElsewhere, table);
    Predicate<String> sweep = root -> !isInsideOwned(root, ownedElsewhere);
    TableMetadata metadata = null;
    try {
      metadata = TableMetadataParser.read(io, metadataLocation);
    } catch (NotFoundException e) {
      LOG.infof("Purge of %s: metadata file %s is gone (an earlier attempt deleted it); sweeping its locations", table, metadataLocation);
    }
    if (metadata != null) {
      try {
        CatalogUtil.dropTableData(confined, metadata);
      } catch (NotFoundException e) {
        // a manifest list or manifest an earlier attempt deleted: the sweep finds the rest
        LOG.infof("Purge of %s: %s; sweeping its locations", table, e.getMessage());
      }
    }
    for (String root : roots) {
      if (!sweep.test(root)) {
        LOG.warnf("Purge of %s: not sweeping %s, it lies inside what a live table or view owns", table, root);
        continue;
      }
      for (String file : list(io, root)) {
        String normalized;
        try {
          normalized = LocationPolicy.normalize(file, "file location");
        } catch (RuntimeException e) {
          confined.deleteFile(file); // refused and counted as skipped
          continue;
        }
        if (LocationPolicy.isAtOrUnder(normalized, root) && TableLocations.contains(roots, normalized)) {
          confined.deleteFile(file);
        }
      }
    }
    if (io instanceof LocalFileIO) {
      for (String root : roots) {
        if (sweep.test(root)) {
          LocalFileIO.deleteEmptyDirectories(root);
        }
      }
    }
    counting.report(confined.skipped(), true);
    return new Result(counting.deleted.get(), confined.skipped());
  }

  private static boolean isInsideOwned(String root, List<String> ownedElsewhere) {
    String prefix = StoragePrefixes.of(root);
    return ownedElsewhere.stream().anyMatch(prefix::startsWith);
  }

  /** Every file under {@code root + "/"}. */
  private static List<String> list(FileIO io, String root) {
    List<String> files = new ArrayList<>();
    if (io instanceof SupportsPrefixOperations prefixes) {
      for (FileInfo info : prefixes.listPrefix(root + "/")) {
        files.add(info.location());
      }
    } else if (io instanceof LocalFileIO) {
      Path directory = LocalFileIO.toPath(root);
      if (Files.isDirectory(directory)) {
        try (Stream<Path> paths = Files.walk(directory)) {
          paths.filter(Files::isRegularFile).forEach(path -> files.add("file://" + path.toAbsolutePath()));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + root, e);
        }
      }
    } else {
      LOG.warnf("Cannot list %s with %s: only the files the metadata names are purged", root, io.getClass().getName());
    }
    return files;
  }

  /** Counts deletes and reports progress at most every second. */
  private static final class Counting extends PurgeFileIO {
    private final Progress progress;
    private final AtomicLong deleted = new AtomicLong();
    private volatile long lastReport = System.nanoTime();

    Counting(FileIO delegate, Progress progress) {
      super(delegate);
      this.progress = progress;
    }

    @Override
    public void deleteFile(String path) {
      delegate().deleteFile(path);
      deleted.incrementAndGet();
      if (System.nanoTime() - lastReport > 1_000_000_000L) {
        report(-1, false);
      }
    }

    synchronized void report(long skipped, boolean last) {
      lastReport = System.nanoTime();
      if (!progress.report(deleted.get(), Math.max(skipped, 0)) && !last) {
        throw new StoppedException();
      }
    }
  }
}
