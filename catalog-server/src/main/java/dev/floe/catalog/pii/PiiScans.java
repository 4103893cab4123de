package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.policy.pii.PiiClassifier;
import dev.floe.policy.pii.Proposal;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.jboss.logging.Logger;

/**
 * Runs PII scans in the background, on one thread per node: each table is loaded through its
 * catalog, sampled ({@link TableSampler}, {@code floe.pii.sample-rows} rows of the current
 * snapshot) and its proposals written to the {@link PiiProposalStore}.
 *
 * <p>Jobs live in this node's memory (the last {@value #KEPT_JOBS}): a restart forgets them, and
 * a job is shown only by the node that runs it. What they found, the proposals, is stored.
 */
@ApplicationScoped
@Startup
public class PiiScans {
  static final int KEPT_JOBS = 1000;
  private static final Logger LOG = Logger.getLogger(PiiScans.class);

  private final CatalogRegistry registry;
  private final PiiProposalStore store;
  private final TableSampler sampler;
  private final ExecutorService executor;
  private final Map<String, Job> jobs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
          return size() > KEPT_JOBS;
        }
      };

  @Inject
  public PiiScans(CatalogRegistry registry, PiiProposalStore store, PiiConfig config) {
    this.registry = requireNonNull(registry, "registry is null");
    this.store = requireNonNull(store, "store is null");
    if (config.sampleRows() < 1) {
      throw new IllegalArgumentException("floe.pii.sample-rows must be at least 1, got " + config.sampleRows());
    }
    this.sampler = new TableSampler(PiiClassifier.defaults(), config.sampleRows());
    this.executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("floe-pii-scan").daemon().factory());
  }

  /**
   * Starts a scan of one table, or of every table of a namespace (not those of its children).
   * The namespace and table must exist (404 otherwise); the job runs in the background.
   */
  public PiiScanJob start(String catalog, Namespace namespace, Optional<String> table, String actor) {
    FloeCatalog floe = registry.catalog(catalog);
    List<TableIdentifier> tables;
    if (table.isPresent()) {
      TableIdentifier identifier = TableIdentifier.of(namespace, table.get());
      if (!floe.tableExists(identifier)) {
        throw new NoSuchTableException("Table does not exist: %s", identifier);
      }
      tables = List.of(identifier);
    } else {
      if (!floe.namespaceExists(namespace)) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
      }
      tables = floe.listTables(namespace);
    }
    Job job = new Job(UUID.randomUUID().toString(), catalog, namespace, table, tables.size(), actor, Instant.now());
    synchronized (jobs) {
      jobs.put(job.id, job);
    }
    executor.execute(() -> run(job, tables));
    return job.view();
  }

  /** A job of a catalog this node runs or ran. */
  public Optional<PiiScanJob> job(String catalog, String id) {
    Job job;
    synchronized (jobs) {
      job = jobs.get(id);
    }
    return job == null || !job.catalog.equals(catalog) ? Optional.empty() : Optional.of(job.view());
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  private void run(Job job, List<TableIdentifier> tables) {
    int failed = 0;
    try {
      for (TableIdentifier identifier : tables) {
        try {
          job.proposals.addAndGet(scan(job.catalog, identifier));
        } catch (RuntimeException e) {
          // the sampler's messages name the table, never a value
          failed++;
          job.error.compareAndSet(null, identifier + ": " + e.getMessage());
          LOG.warnf("PII scan %s could not scan table %s: %s", job.id, identifier, e.getMessage());
        }
        job.tablesDone.incrementAndGet();
      }
    } catch (Error e) {
      // a broken installation (a missing class): the job fails instead of staying "running"
      failed++;
      job.error.compareAndSet(null, e.toString());
      LOG.errorf(e, "PII scan %s failed", job.id);
      throw e;
    } finally {
      if (failed > 0 && job.error.get() != null) {
        job.error.set(failed + " of " + tables.size() + " tables failed, first " + job.error.get());
      }
      job.finish(failed == 0 ? PiiScanJob.Status.DONE : PiiScanJob.Status.FAILED);
    }
  }

  private int scan(String catalog, TableIdentifier identifier) {
    Table table = registry.catalog(catalog).loadTable(identifier);
    TableSampler.Result result = sampler.classify(table, List.of());
    int made = 0;
    for (Map.Entry<String, List<Proposal>> column : result.proposals().entrySet()) {
      Types.NestedField field = table.schema().findField(column.getKey());
      for (Proposal proposal : column.getValue()) {
        if (store.propose(catalog, identifier, field.fieldId(), proposal, result.snapshotId())) {
          made++;
        }
      }
    }
    return made;
  }

  private static final class Job {
    private final String id;
    private final String catalog;
    private final Namespace namespace;
    private final Optional<String> table;
    private final int tablesTotal;
    private final String startedBy;
    private final Instant startedAt;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger proposals = new AtomicInteger();
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile PiiScanJob.Status status = PiiScanJob.Status.RUNNING;
    private volatile Instant finishedAt;

    private Job(String id, String catalog, Namespace namespace, Optional<String> table, int tablesTotal, String startedBy, Instant startedAt) {
      this.id = id;
      this.catalog = catalog;
      this.namespace = namespace;
      this.table = table;
      this.tablesTotal = tablesTotal;
      this.startedBy = startedBy;
      this.startedAt = startedAt;
    }

    private void finish(PiiScanJob.Status result) {
      finishedAt = Instant.now();
      status = result;
    }

    private PiiScanJob view() {
      PiiScanJob.Status current = status;
      return new PiiScanJob(
          id,
          catalog,
          namespace,
          table,
          current,
          tablesDone.get(),
          tablesTotal,
          proposals.get(),
          Optional.ofNullable(error.get()),
          startedBy,
          startedAt,
          current == PiiScanJob.Status.RUNNING ? Optional.empty() : Optional.ofNullable(finishedAt));
    }
  }
}
