package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jboss.logging.Logger;

/**
 * PII scans after commits ({@code floe.pii.scan-after-commit}, off by default): a table that was
 * created or committed to is scanned once no further commit has reached it for {@code
 * floe.pii.scan-after-commit-delay} (debounced: a stream of commits makes one scan, after the
 * last). The scan is an ordinary scan job started by {@value #ACTOR}; a proposal rejected before
 * comes back only when its evidence changed.
 */
@ApplicationScoped
public class PiiCommitScans {
  /** Who starts the scans, as jobs and audit records name it. */
  public static final String ACTOR = "floe-after-commit";

  private static final Logger LOG = Logger.getLogger(PiiCommitScans.class);

  private record Key(String catalog, TableIdentifier table) {}

  private final boolean enabled;
  private final Duration delay;
  private final BiConsumer<String, TableIdentifier> scan;
  private final ScheduledExecutorService timer;
  private final Map<Key, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

  @Inject
  public PiiCommitScans(PiiScans scans, PiiConfig config) {
    this(
        config.scanAfterCommit(),
        config.scanAfterCommitDelay(),
        (catalog, table) -> scans.start(catalog, table.namespace(), Optional.of(table.name()), ACTOR));
  }

  PiiCommitScans(boolean enabled, Duration delay, BiConsumer<String, TableIdentifier> scan) {
    this.enabled = enabled;
    this.delay = requireNonNull(delay, "delay is null");
    this.scan = requireNonNull(scan, "scan is null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("floe.pii.scan-after-commit-delay must not be negative, got " + delay);
    }
    this.timer =
        enabled ? Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("floe-pii-after-commit").daemon().factory()) : null;
  }

  /** A table was created or committed to; schedules (or pushes back) its scan when enabled. */
  public void committed(String catalog, TableIdentifier table) {
    if (!enabled) {
      return;
    }
    Key key = new Key(catalog, table);
    pending.compute(
        key,
        (ignored, previous) -> {
          if (previous != null) {
            previous.cancel(false);
          }
          return timer.schedule(() -> run(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
  }

  private void run(Key key) {
    pending.remove(key);
    try {
      scan.accept(key.catalog(), key.table());
    } catch (NoSuchTableException e) {
      // dropped since: nothing to scan
    } catch (RuntimeException e) {
      LOG.warnf("PII scan after a commit of %s.%s could not start: %s", key.catalog(), key.table(), e.getMessage());
    }
  }

  /** Tables waiting for their scan. */
  int pending() {
    return pending.size();
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
