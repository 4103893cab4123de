package dev.floe.catalog.lineage;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.ColumnLineage;
import dev.floe.lineage.graph.LineageAnswer;
import dev.floe.lineage.graph.LineageGraph;
import dev.floe.lineage.resolve.ResolvedDataset;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Lineage questions as one caller may ask them: the table asked about must be visible to the
 * caller (else it is a 404, as in the catalog API); every catalog table in the answer the caller may not see (the listing
 * rule: any privilege on it or below) becomes a restricted node. External datasets, which no
 * catalog governs, are shown to every authenticated caller.
 */
@ApplicationScoped
public class LineageQueries {
  /** A run of a job, newest first, with the commits Floe captured for it. */
  public record RunView(
      UUID runId,
      String state,
      String source,
      Instant startedAt,
      Instant endedAt,
      Instant lastEventTime,
      String producer,
      String reportedBy,
      int events,
      List<CommitView> commits) {}

  /** A commit Floe captured. */
  public record CommitView(
      ResolvedDataset table, Long snapshotId, String committedBy, Optional<String> engine, Optional<String> engineRun, Instant committedAt) {}

  private final LineageStore store;
  private final LineageGraphReader reader;
  private final AccessGuard guard;
  private final int maxDepth;
  private final Jdbc jdbc;

  @Inject
  public LineageQueries(LineageStore store, LineageGraphReader reader, AccessGuard guard, LineageConfig config) {
    this.store = store;
    this.reader = reader;
    this.guard = guard;
    this.maxDepth = config.maxDepth();
    this.jdbc = store.jdbc();
  }

  public LineageAnswer upstream(CatalogTable table, int depth) {
    return walk(table, depth, true);
  }

  public LineageAnswer downstream(CatalogTable table, int depth) {
    return walk(table, depth, false);
  }

  /** The direct sources of each column of {@code table}. */
  public ColumnLineage columns(CatalogTable table) {
    authorizeRoot(table);
    LineageGraphReader.Loaded loaded = load(table, 1, true);
    return loaded.graph().columnLineage(table, visibleAmong(loaded.datasets())::contains);
  }

  /** The runs of a job, newest first; 404 unless the caller sees a dataset the job reads or writes. */
  public List<RunView> runs(JobRef job, int limit) {
    Optional<Long> jobId =
        jdbc.optional(
            "SELECT id FROM lineage_jobs WHERE namespace = ? AND name = ?",
            statement -> {
              statement.setString(1, job.namespace());
              statement.setString(2, job.name());
            },
            row -> row.getLong(1));
    List<ResolvedDataset> datasets =
        jobId.map(id -> jdbc.list(
                "SELECT d.kind, d.catalog_name, d.namespace_path, d.name FROM lineage_edges e"
                    + " JOIN lineage_datasets d ON d.id = e.dataset_id WHERE e.job_id = ?",
                statement -> statement.setLong(1, id),
                row -> LineageStore.dataset(row, 1)))
            .orElse(List.of());
    Set<ResolvedDataset> visible = visibleAmong(datasets);
    if (jobId.isEmpty() || visible.isEmpty()) {
      throw new NotFoundException("No lineage job %s %s that you may see", job.namespace(), job.name());
    }
    List<RunView> runs =
        jdbc.list(
            "SELECT run_id, state, source, started_at, ended_at, last_event_time, producer, reported_by, event_count"
                + " FROM lineage_runs WHERE job_id = ? ORDER BY last_event_time DESC, run_id LIMIT ?",
            statement -> {
              statement.setLong(1, jobId.get());
              statement.setInt(2, limit);
            },
            row ->
                new RunView(
                    row.getObject(1, UUID.class),
                    row.getString(2),
                    row.getString(3),
                    instant(row.getTimestamp(4)),
                    instant(row.getTimestamp(5)),
                    instant(row.getTimestamp(6)),
                    row.getString(7),
                    row.getString(8),
                    row.getInt(9),
                    List.of()));
    return runs.stream().map(run -> withCommits(run, visible)).toList();
  }

  private RunView withCommits(RunView run, Set<ResolvedDataset> visible) {
    List<CommitView> commits =
        jdbc.list(
                "SELECT d.kind, d.catalog_name, d.namespace_path, d.name, c.snapshot_id, c.committed_by, c.engine, c.engine_run,"
                    + " c.committed_at FROM lineage_commits c JOIN lineage_datasets d ON d.id = c.dataset_id"
                    + " WHERE c.run_id = ? ORDER BY c.id",
                statement -> statement.setObject(1, run.runId()),
                row ->
                    new CommitView(
                        LineageStore.dataset(row, 1),
                        Jdbc.nullableLong(row, 5),
                        row.getString(6),
                        Optional.ofNullable(row.getString(7)),
                        Optional.ofNullable(row.getString(8)),
                        row.getTimestamp(9).toInstant()))
            .stream()
            .filter(commit -> visible.contains(commit.table()))
            .toList();
    return new RunView(
        run.runId(), run.state(), run.source(), run.startedAt(), run.endedAt(), run.lastEventTime(), run.producer(),
        run.reportedBy(), run.events(), commits);
  }

  private LineageAnswer walk(CatalogTable table, int depth, boolean upstream) {
    if (depth < 0 || depth > maxDepth) {
      throw new BadRequestException("Invalid depth %d: must be 0 to %d (floe.lineage.max-depth)", depth, maxDepth);
    }
    authorizeRoot(table);
    LineageGraphReader.Loaded loaded = load(table, depth, upstream);
    Predicate<ResolvedDataset> visible = visibleAmong(loaded.datasets())::contains;
    LineageGraph graph = loaded.graph();
    return upstream ? graph.upstream(table, depth, visible) : graph.downstream(table, depth, visible);
  }

  /** The graph around {@code table}; its datasets include the table (authorized already) for the visibility check. */
  private LineageGraphReader.Loaded load(CatalogTable table, int depth, boolean upstream) {
    LineageGraphReader.Loaded loaded =
        store.findDatasetId(table).map(id -> reader.around(id, depth, upstream)).orElseGet(LineageGraphReader.Loaded::empty);
    Set<ResolvedDataset> datasets = new HashSet<>(loaded.datasets());
    datasets.add(table);
    return new LineageGraphReader.Loaded(loaded.graph(), datasets);
  }

  private void authorizeRoot(CatalogTable table) {
    guard.authorize(Operation.TABLE_EXISTS, Target.of(securable(table)));
  }

  /** The datasets of {@code datasets} the caller may see: external ones, and the tables it may list. */
  private Set<ResolvedDataset> visibleAmong(java.util.Collection<ResolvedDataset> datasets) {
    Set<ResolvedDataset> visible = new HashSet<>();
    List<CatalogTable> tables = new java.util.ArrayList<>();
    for (ResolvedDataset dataset : datasets) {
      if (dataset instanceof CatalogTable table) {
        tables.add(table);
      } else {
        visible.add(dataset);
      }
    }
    // one filter call per catalog: a listing's entries share their catalog
    tables.stream()
        .collect(java.util.stream.Collectors.groupingBy(CatalogTable::catalog))
        .values()
        .forEach(inCatalog -> visible.addAll(guard.filter(Operation.LIST_TABLES, List.copyOf(new HashSet<>(inCatalog)), table -> Target.of(securable(table)))));
    return visible;
  }

  static Securable securable(CatalogTable table) {
    return Securable.table(table.catalog(), table.namespace(), table.name());
  }

  private static Instant instant(java.sql.Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
