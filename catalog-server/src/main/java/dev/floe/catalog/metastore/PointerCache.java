package dev.floe.catalog.metastore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The catalog objects' rows (above all their metadata pointers) held in memory for reads, so that
 * a warm loadTable makes no database round trip. Shared correctly across nodes:
 *
 * <ul>
 *   <li>every change of a row, made on any node, is heard through PostgreSQL {@code NOTIFY}
 *       ({@link PointerListener}) and drops the entry on every node;
 *   <li>this node drops the entry itself once its own write has committed ({@link #invalidate}),
 *       before it answers, so the node that committed always reads its writes;
 *   <li>while the listener is not following (not yet connected, or its connection lost), every
 *       read goes to the database and nothing is kept; when it follows again everything held
 *       before is dropped, since changes may have been missed meanwhile;
 *   <li>an entry is filled only if no invalidation happened while it was read, so a read that
 *       raced with a change never keeps the older row.
 * </ul>
 *
 * Commits never read from here: they swap the pointer with compare-and-swap in the database, so a
 * stale entry can delay what a reader sees (by the notification's latency) but never lose an
 * update. Entries also expire after {@code maxAge}, a bound for the unforeseen.
 */
public final class PointerCache {
  /** A catalog object's key as the metastore stores it. */
  public record Key(long catalogId, String namespacePath, String name) {
    public static Key of(long catalogId, TableIdentifier identifier) {
      return new Key(catalogId, NamespacePaths.path(identifier.namespace()), identifier.name());
    }
  }

  private final Cache<Key, Optional<CatalogObjectRecord>> entries;
  private final boolean enabled;
  /** Counts invalidations; a read fills only when it saw none. */
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean following;
  private final LongAdder hits = new LongAdder();
  private final LongAdder readThroughs = new LongAdder();

  public PointerCache(boolean enabled, long maxEntries, Duration maxAge) {
    this.enabled = enabled;
    this.entries = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
  }

  /** A cache that keeps nothing: every read goes to the database. */
  public static PointerCache disabled() {
    return new PointerCache(false, 1, Duration.ofSeconds(1));
  }

  /**
   * The object at {@code identifier}, from memory when held, else from {@code reader} (the
   * database), kept when it is safe to.
   */
  public Optional<CatalogObjectRecord> find(
      long catalogId, TableIdentifier identifier, Supplier<Optional<CatalogObjectRecord>> reader) {
    if (!enabled || !following) {
      readThroughs.increment();
      return reader.get();
    }
    Key key = Key.of(catalogId, identifier);
    Optional<CatalogObjectRecord> held = entries.getIfPresent(key);
    if (held != null) {
      hits.increment();
      return held;
    }
    readThroughs.increment();
    long before = generation.get();
    Optional<CatalogObjectRecord> read = reader.get();
    if (following && generation.get() == before) {
      entries.put(key, read);
      // an invalidation between the check and the put: take the entry back
      if (generation.get() != before || !following) {
        entries.invalidate(key);
      }
    }
    return read;
  }

  /** Drops the entry of one object (after this node's write committed, or on a notification). */
  public void invalidate(long catalogId, TableIdentifier identifier) {
    invalidate(Key.of(catalogId, identifier));
  }

  public void invalidate(Key key) {
    generation.incrementAndGet();
    entries.invalidate(key);
  }

  /** Drops every entry of one catalog. */
  public void invalidateCatalog(long catalogId) {
    generation.incrementAndGet();
    entries.asMap().keySet().removeIf(key -> key.catalogId() == catalogId);
  }

  /** Drops everything. */
  public void invalidateAll() {
    generation.incrementAndGet();
    entries.invalidateAll();
  }

  /**
   * Whether every change is heard from now on: {@code true} once the listener listens (after
   * dropping everything held), {@code false} when it lost its connection (reads go through).
   */
  public void following(boolean following) {
    if (following) {
      invalidateAll();
      this.following = true;
    } else {
      this.following = false;
      invalidateAll();
    }
  }

  public boolean isFollowing() {
    return enabled && following;
  }

  /** Reads answered from memory since start. */
  public long hits() {
    return hits.sum();
  }

  /** Reads that went to the database since start. */
  public long readThroughs() {
    return readThroughs.sum();
  }

  public long size() {
    return entries.estimatedSize();
  }
}
