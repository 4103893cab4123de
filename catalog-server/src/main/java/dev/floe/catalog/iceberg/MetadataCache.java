package dev.floe.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.view.ViewMetadata;

/**
 * Parsed table and view metadata by metadata file location. Metadata files are immutable, so an
 * entry never goes stale; a warm load reads no file.
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

  public TableMetadata table(String location, Function<String, TableMetadata> loader) {
    return tables.get(location, loader);
  }

  /** The cached metadata at {@code location}, or null. */
  public TableMetadata cachedTable(String location) {
    return tables.getIfPresent(location);
  }

  public void putTable(String location, TableMetadata metadata) {
    tables.put(location, metadata);
  }

  public ViewMetadata view(String location, Function<String, ViewMetadata> loader) {
    return views.get(location, loader);
  }

  /** The cached metadata at {@code location}, or null. */
  public ViewMetadata cachedView(String location) {
    return views.getIfPresent(location);
  }

  public void putView(String location, ViewMetadata metadata) {
    views.put(location, metadata);
  }

  /** Whether a cache hit first checks (without reading it) that the file still exists. */
  public boolean verifyFileExists() {
    return verifyFileExists;
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
