package dev.floe.catalog.iceberg;

import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.metastore.ChangeListener;
import dev.floe.catalog.metastore.PointerCache;
import dev.floe.catalog.metastore.PointerListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The server's {@link PointerCache} and the {@link PointerListener} that keeps it in step with
 * every node's changes, started with the server. Until the listener listens, loads read through.
 */
@ApplicationScoped
public class PointerCaching {
  /** A bound on an entry's life in case something were never heard of. */
  private static final Duration MAX_AGE = Duration.ofMinutes(10);

  private final PointerCache cache;
  private final ChangeListener listener;

  /**
   * Registers {@code floe_pointer_cache_reads_total} by {@code result} ({@code hit}: from memory;
   * {@code database}: read through) and {@code floe_pointer_cache_following} (1 while this node's
   * listener listens).
   */
  @Inject
  public PointerCaching(FloeConfig config, DataSource dataSource, MeterRegistry registry) {
    boolean enabled = config.pointerCache().enabled();
    this.cache = enabled ? new PointerCache(true, config.pointerCache().maxEntries(), MAX_AGE) : PointerCache.disabled();
    this.listener = enabled ? PointerListener.on(dataSource, cache) : null;
    FunctionCounter.builder("floe.pointer.cache.reads", cache, PointerCache::hits)
        .description("Table pointer reads of loads, by where they were answered")
        .tag("result", "hit")
        .register(registry);
    FunctionCounter.builder("floe.pointer.cache.reads", cache, PointerCache::readThroughs)
        .description("Table pointer reads of loads, by where they were answered")
        .tag("result", "database")
        .register(registry);
    Gauge.builder("floe.pointer.cache.following", cache, held -> held.isFollowing() ? 1 : 0)
        .description("1 while this node's pointer listener listens (else loads read pointers from the database)")
        .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    if (listener != null) {
      listener.start();
    }
  }

  void onShutdown(@Observes ShutdownEvent event) {
    if (listener != null) {
      listener.stop();
      cache.following(false);
    }
  }

  public PointerCache cache() {
    return cache;
  }
}
