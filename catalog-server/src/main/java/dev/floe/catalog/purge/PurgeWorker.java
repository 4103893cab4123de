package dev.floe.catalog.purge;

import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.metrics.OperatorMetrics;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.iceberg.PurgeQueue;
import dev.floe.catalog.iceberg.TablePurge;
import dev.floe.catalog.metastore.Metastore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * Runs the purges of dropped tables in the background, one at a time on each node: claims a due
 * job ({@link PurgeJobs#claim}), deletes the table's files ({@link TablePurge}), records progress
 * (which extends its lease) and the outcome. A failed attempt is retried after a backoff that
 * doubles each time; a job whose node stopped is taken over once its lease has run out.
 */
@ApplicationScoped
public class PurgeWorker implements PurgeQueue {
  private static final Logger LOG = Logger.getLogger(PurgeWorker.class);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final PurgeJobs jobs;
  private final Instance<CatalogRegistry> registry;
  private final Metastore metastore;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration retryBackoff;
  private final int maxAttempts;
  private final boolean enabled;
  private final String node = nodeName();
  private ScheduledExecutorService executor;

  private final OperatorMetrics metrics;

  /** Without meters that anyone reads (tests). */
  public PurgeWorker(DataSource dataSource, Instance<CatalogRegistry> registry, Metastore metastore, PurgeConfig config) {
    this(dataSource, registry, metastore, config, new OperatorMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  @Inject
  public PurgeWorker(
      DataSource dataSource,
      Instance<CatalogRegistry> registry,
      Metastore metastore,
      PurgeConfig config,
      OperatorMetrics metrics) {
    this.metrics = metrics;
    this.jobs = new PurgeJobs(dataSource);
    this.registry = registry;
    this.metastore = metastore;
    this.pollInterval = config.pollInterval();
    this.lease = config.lease();
    this.retryBackoff = config.retryBackoff();
    this.maxAttempts = config.maxAttempts();
    this.enabled = config.enabled();
  }

  void start(@Observes StartupEvent event) {
    if (!enabled) {
      LOG.info("Background purges are disabled on this node (floe.purge.enabled=false)");
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "floe-purge");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(this::runDue, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  public PurgeJobs jobs() {
    return jobs;
  }

  @Override
  public Optional<String> dropAndPurge(FloeCatalog catalog, TableIdentifier identifier, List<String> roots) {
    Optional<String> dropped = jobs.dropAndRecord(catalog.record().id(), catalog.name(), identifier, roots);
    if (dropped.isPresent()) {
      LOG.infof("Dropped table %s.%s; its files are purged in the background", catalog.name(), identifier);
      if (executor != null) {
        executor.execute(this::runDue);
      }
    }
    return dropped;
  }

  /** Runs due jobs until none is left. */
  void runDue() {
    try {
      Optional<PurgeJob> job;
      while ((job = jobs.claim(node, lease)).isPresent()) {
        run(job.get());
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Purge worker: cannot claim jobs");
    }
  }

  private void run(PurgeJob job) {
    String table = job.catalogName() + "." + job.table();
    long[] progress = {job.filesDeleted(), job.filesSkipped()};
    long started = System.nanoTime();
    try {
      FloeCatalog catalog = registry.get().catalog(job.catalogName());
      List<String> roots = roots(job, catalog.locations());
      // what live tables and views (and other purges) own inside these roots stays untouched
      List<String> ownedElsewhere = metastore.prefixesOwnedBeside(roots, job.id());
      if (!ownedElsewhere.isEmpty()) {
        LOG.warnf("Purge of %s: not deleting anything under %s: owned by a live table, view or another purge", table, ownedElsewhere);
      }
      long before = job.filesDeleted();
      TablePurge.Result result =
          TablePurge.run(
              catalog.io(),
              catalog.storage().bulkDeletes(),
              table,
              roots,
              job.metadataLocation(),
              ownedElsewhere,
              (deleted, skipped) -> {
                progress[0] = before + deleted;
                progress[1] = skipped;
                return jobs.progress(job.id(), node, progress[0], progress[1], lease);
              });
      if (jobs.complete(job.id(), node, before + result.deleted(), result.skipped())) {
        LOG.infof(
            "Purged table %s: %d files deleted, %d outside its locations skipped, in %d ms (attempt %d)",
            table, result.deleted(), result.skipped(), (System.nanoTime() - started) / 1_000_000, job.attempts());
        metrics.purge("done");
      }
    } catch (TablePurge.StoppedException e) {
      LOG.warnf("Purge of %s: another node took it over", table);
    } catch (RuntimeException e) {
      Duration retryAfter = backoff(job.attempts());
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      jobs.fail(job.id(), node, progress[0], progress[1], error, retryAfter, maxAttempts);
      metrics.purge(job.attempts() >= maxAttempts ? "failed" : "retried");
      if (job.attempts() >= maxAttempts) {
        LOG.errorf(e, "Purge of %s failed for good after %d attempts", table, job.attempts());
      } else {
        LOG.warnf("Purge of %s failed (attempt %d of %d), retried in %s: %s", table, job.attempts(), maxAttempts, retryAfter, error);
      }
    }
  }

  /** The job's roots that lie inside the catalog's allowed locations (the stored location if none were recorded). */
  private static List<String> roots(PurgeJob job, LocationPolicy locations) {
    List<String> recorded =
        job.roots().isEmpty() && !job.location().isEmpty() ? List.of(job.location()) : job.roots();
    return recorded.stream()
        .filter(
            root -> {
              try {
                locations.check(root, "table location");
                return true;
              } catch (RuntimeException e) {
                LOG.warnf("Purge of %s.%s: not purging %s: %s", job.catalogName(), job.table(), root, e.getMessage());
                return false;
              }
            })
        .map(root -> LocationPolicy.normalize(root, "table location"))
        .toList();
  }

  Duration backoff(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration backoff = retryBackoff.multipliedBy(factor);
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static String nodeName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
