package dev.floe.catalog.lineage;

import dev.floe.catalog.auth.CurrentCaller;
import dev.floe.catalog.iceberg.CommitObserver;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * Every table commit as lineage ({@code floe.lineage.capture-commits}, on by default): the table
 * is the output of a run whose job is the committing principal, or, when the new snapshot's
 * summary names the engine's run (Trino's {@value #TRINO_QUERY_ID}), that engine run itself:
 * Trino's OpenLineage listener names its runs by a name-based UUID of the query id, so the commit
 * and the engine's events meet in one run whichever arrives first. Spark's application id ({@value
 * #SPARK_APP_ID}) is kept as a hint; Spark's runs are not named after it, so they are not merged.
 * Recording never fails a commit: a failure is logged and counted.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class CommitLineage implements CommitObserver {
  static final String TRINO_QUERY_ID = "trino_query_id";
  static final String SPARK_APP_ID = "spark.app.id";
  static final String ENGINE_NAME = "engine-name";

  private static final Logger LOG = Logger.getLogger(CommitLineage.class);

  private final boolean enabled;
  private final LineageStore store;
  private final CurrentCaller caller;
  private final Counter captured;
  private final Counter failures;

  @Inject
  public CommitLineage(LineageConfig config, LineageStore store, CurrentCaller caller, MeterRegistry registry) {
    this.enabled = config.captureCommits();
    this.store = store;
    this.caller = caller;
    this.captured = Counter.builder("floe.lineage.commits").tag("outcome", "captured").register(registry);
    this.failures = Counter.builder("floe.lineage.commits").tag("outcome", "failed").register(registry);
  }

  @Override
  public void committed(
      CatalogRecord catalog, TableIdentifier table, TableMetadata base, TableMetadata committed, String metadataLocation) {
    if (!enabled) {
      return;
    }
    try {
      store.record(report(catalog.name(), table, base, committed, metadataLocation, committer(), Instant.now()));
      captured.increment();
    } catch (RuntimeException e) {
      failures.increment();
      LOG.warnf(e, "Could not record the lineage of a commit to %s.%s", catalog.name(), table);
    }
  }

  /** What a commit tells the lineage: the table, the new snapshot and its engine hints. */
  static LineageStore.CommitReport report(
      String catalog,
      TableIdentifier table,
      TableMetadata base,
      TableMetadata committed,
      String metadataLocation,
      String committer,
      Instant at) {
    Snapshot snapshot = committed.currentSnapshot();
    boolean newSnapshot =
        snapshot != null && (base == null || base.currentSnapshot() == null || base.currentSnapshot().snapshotId() != snapshot.snapshotId());
    Map<String, String> summary = newSnapshot && snapshot.summary() != null ? snapshot.summary() : Map.of();
    Optional<String> trinoQuery = Optional.ofNullable(summary.get(TRINO_QUERY_ID)).filter(id -> !id.isBlank());
    Optional<String> sparkApp = Optional.ofNullable(summary.get(SPARK_APP_ID)).filter(id -> !id.isBlank());
    Optional<String> engine =
        trinoQuery.isPresent()
            ? Optional.of("trino")
            : Optional.ofNullable(summary.get(ENGINE_NAME)).or(() -> sparkApp.map(app -> "spark"));
    return new LineageStore.CommitReport(
        new CatalogTable(catalog, Arrays.asList(table.namespace().levels()), table.name()),
        newSnapshot ? snapshot.snapshotId() : null,
        metadataLocation,
        committer,
        engine,
        trinoQuery.or(() -> sparkApp),
        trinoQuery.map(CommitLineage::trinoRunId),
        at);
  }

  /** The run id Trino's OpenLineage listener gives a query. */
  static UUID trinoRunId(String queryId) {
    return UUID.nameUUIDFromBytes(queryId.getBytes(StandardCharsets.UTF_8));
  }

  private String committer() {
    if (Arc.container().requestContext().isActive() && caller.isPresent()) {
      return caller.get().name();
    }
    return "floe";
  }
}
