package dev.floe.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;

/**
 * Parsed table and view metadata by metadata file location. Metadata files are immutable, so an
 * entry never goes stale; a warm load reads no file. When {@code verifyFileExists} is set, a hit
 * first checks (a stat, no read) that the file is still there, so that a table whose metadata
 * file was deleted out of band fails loudly instead of being served from memory.
 */
public class MetadataCache {
  private final Cache<String, TableMetadata> tables;
  private final Cache<String, ViewMetadata> views;
  private final boolean verifyFileExists;

  public MetadataCache(int maxEntries, boolean verifyFileExists) {
    this.verifyFileExists = verifyFileExists;
    this.tables = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
    this.views = Caffeine.newBuilder().maximumSize(Math.max(16, maxEntries / 4)).build();
  }

  public TableMetadata table(FileIO io, String location) {
    return load(tables, io, location, path -> TableMetadataParser.read(io, path));
  }

  /**
   * The table metadata at {@code location} from memory when it is there, without checking that
   * the file still exists (for decisions that only need the table's locations, such as signing).
   */
  public TableMetadata tableWithoutCheck(FileIO io, String location) {
    return tables.get(location, path -> TableMetadataParser.read(io, path));
  }

  public ViewMetadata view(FileIO io, String location) {
    return load(views, io, location, path -> ViewMetadataParser.read(io, path));
  }

  /** Caches what a reader of the just-written file at {@code location} would get. */
  public void putTable(String location, TableMetadata metadata) {
    tables.put(location, metadata);
  }

  public void putView(String location, ViewMetadata metadata) {
    views.put(location, metadata);
  }

  /** {@link NotFoundException} if verification is on and the file at {@code location} is gone. */
  public void checkExists(FileIO io, String location) {
    if (verifyFileExists && !io.newInputFile(location).exists()) {
      throw new NotFoundException("Failed to open input stream for file: %s", location);
    }
  }

  private <T> T load(Cache<String, T> cache, FileIO io, String location, Function<String, T> reader) {
    T cached = cache.getIfPresent(location);
    if (cached != null) {
      checkExists(io, location);
      return cached;
    }
    return cache.get(location, reader);
  }

  /** Table metadata loads answered from memory since start. */
  public long tableHits() {
    return tables.stats().hitCount();
  }

  /** Table metadata loads that read a file since start. */
  public long tableMisses() {
    return tables.stats().missCount();
  }
}
