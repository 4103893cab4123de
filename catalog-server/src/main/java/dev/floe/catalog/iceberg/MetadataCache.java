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
 * entry never goes stale; a warm load reads no file. One budget in bytes ({@link
 * MetadataWeights}, an estimate of the parsed objects' heap) holds every catalog's entries: the
 * cache is created once and {@linkplain #scoped scoped} per catalog, since locations are only
 * unique within a catalog's storage. A commit replaces its base's entry with the new metadata
 * ({@link #putCommitted}), so superseded versions do not stay. When {@code verifyFileExists} is
 * set, a hit first checks (a stat, no read) that the file is still there, so that a table whose
 * metadata file was deleted out of band fails loudly instead of being served from memory.
 */
public class MetadataCache {
  private record Key(long scope, String location) {}

  private final Cache<Key, Object> entries;
  private final boolean verifyFileExists;
  private final long scope;

  /** A cache of at most {@code maxBytes} (estimated) for every catalog it is scoped to. */
  public MetadataCache(long maxBytes, boolean verifyFileExists) {
    this(
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(MetadataCache::weigh)
            .build(),
        verifyFileExists,
        0);
  }

  private MetadataCache(Cache<Key, Object> entries, boolean verifyFileExists, long scope) {
    this.entries = entries;
    this.verifyFileExists = verifyFileExists;
    this.scope = scope;
  }

  /** The same memory and budget, for the catalog {@code catalogId}. */
  public MetadataCache scoped(long catalogId) {
    return new MetadataCache(entries, verifyFileExists, catalogId);
  }

  public TableMetadata table(FileIO io, String location) {
    return (TableMetadata) load(io, location, path -> TableMetadataParser.read(io, path));
  }

  /**
   * The table metadata at {@code location} from memory when it is there, without checking that
   * the file still exists (for decisions that only need the table's locations, such as signing).
   */
  public TableMetadata tableWithoutCheck(FileIO io, String location) {
    return (TableMetadata) entries.get(new Key(scope, location), key -> TableMetadataParser.read(io, key.location()));
  }

  public ViewMetadata view(FileIO io, String location) {
    return (ViewMetadata) load(io, location, path -> ViewMetadataParser.read(io, path));
  }

  /**
   * Keeps what a commit just wrote at {@code location} (the object committed, with its file's
   * location: what a reader of the file would get) and drops the version it replaced.
   */
  public void putCommitted(String location, Object metadata, String supersededLocation) {
    entries.put(new Key(scope, location), metadata);
    if (supersededLocation != null) {
      entries.invalidate(new Key(scope, supersededLocation));
    }
  }

  /** {@link NotFoundException} if verification is on and the file at {@code location} is gone. */
  public void checkExists(FileIO io, String location) {
    if (verifyFileExists && !io.newInputFile(location).exists()) {
      throw new NotFoundException("Failed to open input stream for file: %s", location);
    }
  }

  private Object load(FileIO io, String location, Function<String, Object> reader) {
    Key key = new Key(scope, location);
    Object cached = entries.getIfPresent(key);
    if (cached != null) {
      checkExists(io, location);
      return cached;
    }
    return entries.get(key, ignored -> reader.apply(location));
  }

  private static int weigh(Key key, Object metadata) {
    long bytes =
        key.location().length() * 2L
            + switch (metadata) {
              case TableMetadata table -> MetadataWeights.table(table);
              case ViewMetadata view -> MetadataWeights.view(view);
              default -> 1024;
            };
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
