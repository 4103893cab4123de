package dev.floe.catalog.lineage;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes runs older than {@code floe.lineage.retention} (by their last event) every {@code
 * floe.lineage.retention-check-interval}, with the commits captured for them; the graph's edges
 * stay. Any node may do it: the delete is idempotent.
 */
@Singleton
@Startup
public class LineageRetention {
  private static final Logger LOG = Logger.getLogger(LineageRetention.class);

  private final LineageStore store;
  private final Duration retention;
  private final ScheduledExecutorService scheduler;

  @Inject
  public LineageRetention(LineageStore store, LineageConfig config) {
    this.store = store;
    this.retention = config.retention();
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalStateException("floe.lineage.retention must be positive, got " + retention);
    }
    if (config.maxDepth() < 1) {
      throw new IllegalStateException("floe.lineage.max-depth must be at least 1, got " + config.maxDepth());
    }
    if (config.maxEventBytes() < 1024) {
      throw new IllegalStateException("floe.lineage.max-event-bytes must be at least 1024, got " + config.maxEventBytes());
    }
    long every = Math.max(1000, config.retentionCheckInterval().toMillis());
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "floe-lineage-retention");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::removeQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Removes the runs whose last event came before now minus the retention; answers how many. */
  public int removeOldRuns() {
    return store.removeRunsBefore(Instant.now().minus(retention));
  }

  private void removeQuietly() {
    try {
      int removed = removeOldRuns();
      if (removed > 0) {
        LOG.infof("Lineage retention removed %d runs older than %s", removed, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("Lineage retention failed; retrying at its next interval", e);
    }
  }

  void close(@Observes ShutdownEvent event) {
    scheduler.shutdownNow();
  }
}
