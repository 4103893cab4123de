package dev.floe.catalog.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the catalog server under the {@code floe} prefix. */
@ConfigMapping(prefix = "floe")
public interface FloeConfig {
  /** The default of {@link #dataDir()}, also read by {@code FloeMain} before Quarkus starts. */
  String DEFAULT_DATA_DIR = "./floe-data";

  /**
   * Directory that holds the embedded PostgreSQL (when no database URL is configured) and the
   * default local warehouse. Environment variable {@code FLOE_DATA_DIR}.
   */
  @WithDefault(DEFAULT_DATA_DIR)
  String dataDir();

  /** The catalog (warehouse) that Floe creates on first start. */
  DefaultCatalog defaultCatalog();

  Idempotency idempotency();

  MetadataCache metadataCache();

  PointerCache pointerCache();

  Listing listing();

  Storage storage();

  interface DefaultCatalog {
    /** Name of the catalog created on first start; clients pass it as {@code warehouse}. */
    @WithDefault("lakehouse")
    String name();

    /**
     * Storage root of the default catalog; defaults to {@code file://<data-dir>/warehouse}. Only
     * used when the catalog is first created.
     */
    Optional<String> storageRoot();

    /**
     * Extra roots (comma-separated) where the default catalog's tables and views may be placed,
     * besides its storage root. Stored as the catalog property {@code allowed-locations}; only
     * used when the catalog is first created.
     */
    Optional<String> allowedLocations();

    /**
     * Whether the default catalog lets tables, views and namespaces be placed anywhere inside its
     * allowed locations, not only below their namespace's location (catalog property {@code
     * allow-unstructured-locations}). Overlaps are refused either way. Only used when the catalog
     * is first created.
     */
    @WithDefault("false")
    boolean allowUnstructuredLocations();
  }

  interface Idempotency {
    /**
     * How long a response to a request with an {@code Idempotency-Key} is kept and replayed
     * (ISO-8601 duration, advertised as {@code idempotency-key-lifetime}).
     */
    @WithDefault("PT30M")
    Duration lifetime();
  }

  interface MetadataCache {
    /**
     * The memory budget of the parsed table and view metadata files kept in memory (keyed by
     * their immutable location; every catalog shares it), as an estimate of their heap: a
     * 20-snapshot table takes about 30 kB, a 480-snapshot one about 600 kB. A commit replaces its
     * base's entry with what it wrote.
     */
    @WithDefault("32M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBytes();

    /**
     * The memory budget of encoded loadTable answers (each kept as JSON and, once a client asks
     * for it, gzip), so that a warm load neither serializes nor compresses.
     */
    @WithDefault("16M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxResponseBytes();

    /**
     * Whether a load answered from the cache first checks that the metadata file still exists
     * (a file-system stat, no read), so that a table whose metadata file was deleted out of band
     * fails with 404 instead of being served from memory.
     */
    @WithDefault("true")
    boolean verifyFileExists();
  }

  interface PointerCache {
    /**
     * Whether loads read tables' metadata pointers from memory (dropped on every node by
     * PostgreSQL {@code NOTIFY} when any node changes them; read through while this node's
     * listener is disconnected). Off, every load reads the pointer from the database.
     */
    @WithDefault("true")
    boolean enabled();

    /** How many tables' and views' pointers are kept (about 600 bytes of heap each). */
    @WithDefault("25000")
    long maxEntries();
  }

  interface Storage {
    /**
     * Base URI that remote-signing clients send sign requests to (handed to them as {@code
     * signer.uri}); unset, they use the catalog URI they were configured with, which is right
     * unless sign requests must go elsewhere. An absolute http(s) URI ending at {@code
     * /api/catalog}.
     */
    Optional<String> signerUri();
  }

  interface Listing {
    /** Largest page a list call returns; larger requested page sizes are capped to this. */
    @WithDefault("1000")
    int maxPageSize();
  }
}
