package dev.floe.catalog.lineage;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.ColumnLink;
import dev.floe.lineage.graph.ResolvedRun;
import dev.floe.lineage.resolve.ResolvedDataset;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.lineage.resolve.ResolvedDataset.External;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lineage graph in PostgreSQL (V18__lineage.sql): runs as engines report them and as Floe's
 * commit capture records them, merged when both report one run. Each report is one transaction,
 * serialized per run id by an advisory lock. Dataset ids and the edges known to exist are cached
 * (datasets are never deleted, job ids never reused), so a run of a known shape costs the lock,
 * the job and the run.
 */
@ApplicationScoped
public class LineageStore {
  /** Where a run came from. */
  public enum Source {
    ENGINE("engine"),
    FLOE("floe");

    private final String column;

    Source(String column) {
      this.column = column;
    }
  }

  /** A run to record: its datasets resolved, its state (START, COMPLETE, …), who reported it. */
  public record RunReport(ResolvedRun run, String state, boolean starts, boolean ends, String producer, String reportedBy) {
    public RunReport {
      requireNonNull(run, "run is null");
      requireNonNull(state, "state is null");
      requireNonNull(producer, "producer is null");
      requireNonNull(reportedBy, "reportedBy is null");
    }
  }

  /** A table commit Floe captured. */
  public record CommitReport(
      CatalogTable table,
      Long snapshotId,
      String metadataLocation,
      String committedBy,
      Optional<String> engine,
      Optional<String> engineRun,
      Optional<UUID> engineRunId,
      Instant committedAt) {
    public CommitReport {
      requireNonNull(table, "table is null");
      requireNonNull(metadataLocation, "metadataLocation is null");
      requireNonNull(committedBy, "committedBy is null");
      requireNonNull(engine, "engine is null");
      requireNonNull(engineRun, "engineRun is null");
      requireNonNull(engineRunId, "engineRunId is null");
      requireNonNull(committedAt, "committedAt is null");
    }
  }

  /** The job namespace of Floe's own commit capture. */
  public static final String FLOE_JOB_NAMESPACE = "floe";

  private final Jdbc jdbc;
  private final Cache<JobRef, Long> jobIds = Caffeine.newBuilder().maximumSize(100_000).build();
  private final Cache<ResolvedDataset, Long> datasetIds = Caffeine.newBuilder().maximumSize(200_000).build();
  private final Cache<String, Boolean> knownEdges = Caffeine.newBuilder().maximumSize(500_000).build();

  @Inject
  public LineageStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * What a transaction learned for the caches: published once it committed, so that a rolled-back
   * report (or a commit capture inside a transaction that may yet roll back) leaves nothing cached
   * that is not stored.
   */
  private static final class Learned {
    final List<Runnable> entries = new ArrayList<>();
  }

  /** Records an engine's report of a run (in a transaction of its own). */
  public void record(RunReport report) {
    recordAll(List.of(report)).getFirst().ifPresent(failure -> {
      throw failure;
    });
  }

  /**
   * Records engines' reports in one transaction, each under a savepoint: a report that fails
   * (a deadlock with another node, say) is rolled back alone and answered with its failure, the
   * others commit. Answers each report's failure, if any, in order; a failed commit fails them all.
   */
  public List<Optional<RuntimeException>> recordAll(List<RunReport> reports) {
    List<Learned> learned = new ArrayList<>();
    List<Optional<RuntimeException>> outcomes =
        jdbc.inTransaction(connection -> {
          List<Optional<RuntimeException>> each = new ArrayList<>();
          for (RunReport report : reports) {
            Learned mine = new Learned();
            Savepoint savepoint = reports.size() > 1 ? connection.setSavepoint() : null;
            try {
              write(connection, report, mine);
              if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
              }
              learned.add(mine);
              each.add(Optional.empty());
            } catch (SQLException | RuntimeException e) {
              if (savepoint == null) {
                throw e;
              }
              connection.rollback(savepoint);
              each.add(Optional.of(e instanceof RuntimeException runtime ? runtime : DatabaseException.of((SQLException) e)));
            }
          }
          return each;
        });
    learned.forEach(mine -> mine.entries.forEach(Runnable::run));
    return outcomes;
  }

  private void write(Connection connection, RunReport report, Learned learned) throws SQLException {
    ResolvedRun run = report.run();
    lockRun(connection, run.runId());
    long jobId = jobId(connection, run.job(), false, run.runId(), run.eventTime(), learned);
    Optional<ExistingRun> existing = existingRun(connection, run.runId());
    if (existing.isPresent() && existing.get().jobId() != jobId) {
      moveRun(connection, run.runId(), existing.get(), jobId);
    }
    upsertRun(connection, run.runId(), jobId, report, Source.ENGINE);
    for (ResolvedDataset input : run.inputs()) {
      edge(connection, jobId, 'i', datasetId(connection, input, learned), learned);
    }
    for (ResolvedDataset output : run.outputs()) {
      edge(connection, jobId, 'o', datasetId(connection, output, learned), learned);
    }
    for (ColumnLink link : run.columnLinks()) {
      columnEdge(connection, jobId, link, learned);
    }
  }

  /**
   * Records a commit: with an engine's run id it joins that run (which the engine reported or will
   * report), else it is a run of its own under the committer's job.
   */
  public UUID record(CommitReport commit) {
    UUID runId = commit.engineRunId().orElseGet(UUID::randomUUID);
    // may run inside a multi-table commit's transaction, which may yet roll back: learns nothing
    Learned discarded = new Learned();
    return jdbc.inTransaction(connection -> {
      lockRun(connection, runId);
      Optional<ExistingRun> existing = existingRun(connection, runId);
      long jobId;
      if (existing.isPresent()) {
        jobId = existing.get().jobId();
        markMerged(connection, runId);
      } else {
        boolean provisional = commit.engineRunId().isPresent();
        JobRef job =
            provisional
                ? new JobRef(FLOE_JOB_NAMESPACE, commit.engine().orElse("engine") + ":" + commit.engineRun().orElseThrow())
                : new JobRef(FLOE_JOB_NAMESPACE, commit.committedBy());
        jobId = jobId(connection, job, provisional, runId, commit.committedAt(), discarded);
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO lineage_runs (run_id, job_id, state, source, started_at, ended_at, last_event_time, producer, reported_by)"
                + " VALUES (?, ?, 'COMPLETE', 'floe', ?, ?, ?, 'floe', ?)")) {
          Timestamp at = Timestamp.from(commit.committedAt());
          insert.setObject(1, runId);
          insert.setLong(2, jobId);
          insert.setTimestamp(3, at);
          insert.setTimestamp(4, at);
          insert.setTimestamp(5, at);
          insert.setString(6, commit.committedBy());
          insert.executeUpdate();
        }
      }
      long datasetId = datasetId(connection, commit.table(), discarded);
      edge(connection, jobId, 'o', datasetId, discarded);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO lineage_commits (run_id, dataset_id, snapshot_id, metadata_location, committed_by, engine, engine_run, committed_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setObject(1, runId);
        insert.setLong(2, datasetId);
        insert.setObject(3, commit.snapshotId());
        insert.setString(4, commit.metadataLocation());
        insert.setString(5, commit.committedBy());
        insert.setString(6, commit.engine().orElse(null));
        insert.setString(7, commit.engineRun().orElse(null));
        insert.setTimestamp(8, Timestamp.from(commit.committedAt()));
        insert.executeUpdate();
      }
      return runId;
    });
  }

  /**
   * Removes runs whose last event is older than {@code cutoff}, with their captured commits; the
   * edges stay, and each job keeps the latest of its runs that go as its last run.
   */
  public int removeRunsBefore(Instant cutoff) {
    return jdbc.inTransaction(connection -> {
      try (PreparedStatement keep = connection.prepareStatement(
          "UPDATE lineage_jobs j SET last_run_id = r.run_id, last_event_time = r.last_event_time"
              + " FROM (SELECT DISTINCT ON (job_id) job_id, run_id, last_event_time FROM lineage_runs"
              + "   WHERE last_event_time < ? ORDER BY job_id, last_event_time DESC) r"
              + " WHERE j.id = r.job_id AND r.last_event_time > j.last_event_time")) {
        keep.setTimestamp(1, Timestamp.from(cutoff));
        keep.executeUpdate();
      }
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lineage_runs WHERE last_event_time < ?")) {
        delete.setTimestamp(1, Timestamp.from(cutoff));
        return delete.executeUpdate();
      }
    });
  }

  Jdbc jdbc() {
    return jdbc;
  }

  // ------------------------------------------------------------------ datasets

  /** The stored id of a dataset, if the graph has it. */
  public Optional<Long> findDatasetId(ResolvedDataset dataset) {
    Long cached = datasetIds.getIfPresent(dataset);
    if (cached != null) {
      return Optional.of(cached);
    }
    Identity identity = Identity.of(dataset);
    Optional<Long> id =
        jdbc.optional(
            "SELECT id FROM lineage_datasets WHERE kind = ? AND coalesce(catalog_name, '') = ? AND namespace_path = ? AND name = ?",
            identity::set,
            row -> row.getLong(1));
    id.ifPresent(found -> datasetIds.put(dataset, found));
    return id;
  }

  /** A dataset row as the graph stores it. */
  static ResolvedDataset dataset(ResultSet row, int kindColumn) throws SQLException {
    String kind = row.getString(kindColumn);
    String catalog = row.getString(kindColumn + 1);
    String namespace = row.getString(kindColumn + 2);
    String name = row.getString(kindColumn + 3);
    if (kind.equals("table")) {
      return new CatalogTable(catalog, Arrays.asList(NamespacePaths.namespace(namespace).levels()), name);
    }
    return new External(namespace, name);
  }

  private long datasetId(Connection connection, ResolvedDataset dataset, Learned learned) throws SQLException {
    Long cached = datasetIds.getIfPresent(dataset);
    if (cached != null) {
      return cached;
    }
    Identity identity = Identity.of(dataset);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage_datasets (kind, catalog_name, namespace_path, name) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (kind, coalesce(catalog_name, ''), namespace_path, name) DO NOTHING RETURNING id")) {
      insert.setString(1, identity.kind());
      insert.setString(2, identity.catalog());
      insert.setString(3, identity.namespace());
      insert.setString(4, identity.name());
      try (ResultSet row = insert.executeQuery()) {
        if (row.next()) {
          long id = row.getLong(1);
          learned.entries.add(() -> datasetIds.put(dataset, id));
          return id;
        }
      }
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id FROM lineage_datasets WHERE kind = ? AND coalesce(catalog_name, '') = ? AND namespace_path = ? AND name = ?")) {
      identity.set(select);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        long id = row.getLong(1);
        learned.entries.add(() -> datasetIds.put(dataset, id));
        return id;
      }
    }
  }

  /** How a dataset is keyed in {@code lineage_datasets}. */
  private record Identity(String kind, String catalog, String namespace, String name) {
    static Identity of(ResolvedDataset dataset) {
      return switch (dataset) {
        case CatalogTable table -> new Identity("table", table.catalog(), String.join(String.valueOf(NamespacePaths.SEPARATOR), table.namespace()), table.name());
        case External external -> new Identity("external", null, external.namespace(), external.name());
      };
    }

    /** Sets the lookup's four parameters. */
    void set(PreparedStatement statement) throws SQLException {
      statement.setString(1, kind);
      statement.setString(2, catalog == null ? "" : catalog);
      statement.setString(3, namespace);
      statement.setString(4, name);
    }
  }

  // ------------------------------------------------------------------ jobs, runs, edges

  private record ExistingRun(long jobId, boolean provisionalJob) {}

  private static void lockRun(Connection connection, UUID runId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, runId.getMostSignificantBits() ^ runId.getLeastSignificantBits());
      lock.executeQuery().close();
    }
  }

  /**
   * The id of a job, created with this run as its first. A job's latest run is read from its runs
   * ({@code lineage_runs}); the row keeps the latest one retention removed, so that the hot path
   * never updates a job row that every run of the job would contend for.
   */
  private long jobId(Connection connection, JobRef job, boolean provisional, UUID runId, Instant eventTime, Learned learned)
      throws SQLException {
    Long cached = provisional ? null : jobIds.getIfPresent(job);
    if (cached != null) {
      return cached;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage_jobs (namespace, name, provisional, last_run_id, last_event_time) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (namespace, name) DO NOTHING RETURNING id")) {
      insert.setString(1, job.namespace());
      insert.setString(2, job.name());
      insert.setBoolean(3, provisional);
      insert.setObject(4, runId);
      insert.setTimestamp(5, Timestamp.from(eventTime));
      try (ResultSet row = insert.executeQuery()) {
        if (row.next()) {
          return remember(job, provisional, row.getLong(1), learned);
        }
      }
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT id, provisional FROM lineage_jobs WHERE namespace = ? AND name = ?")) {
      select.setString(1, job.namespace());
      select.setString(2, job.name());
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return remember(job, row.getBoolean(2), row.getLong(1), learned);
      }
    }
  }

  /** Only jobs that are not provisional are cached: a provisional one goes when its engine reports. */
  private long remember(JobRef job, boolean provisional, long id, Learned learned) {
    if (!provisional) {
      learned.entries.add(() -> jobIds.put(job, id));
    }
    return id;
  }

  private static Optional<ExistingRun> existingRun(Connection connection, UUID runId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT r.job_id, j.provisional FROM lineage_runs r JOIN lineage_jobs j ON j.id = r.job_id WHERE r.run_id = ?")) {
      select.setObject(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new ExistingRun(row.getLong(1), row.getBoolean(2))) : Optional.empty();
      }
    }
  }

  /**
   * The engine reports a run Floe recorded under another job: the run moves to the engine's job.
   * A provisional job (named after the engine's run, made by the commit capture) hands its edges
   * over and goes; any other job keeps its edges (they may come from other runs).
   */
  private void moveRun(Connection connection, UUID runId, ExistingRun existing, long jobId) throws SQLException {
    try (PreparedStatement move = connection.prepareStatement("UPDATE lineage_runs SET job_id = ? WHERE run_id = ?")) {
      move.setLong(1, jobId);
      move.setObject(2, runId);
      move.executeUpdate();
    }
    if (!existing.provisionalJob()) {
      return;
    }
    try (PreparedStatement copy = connection.prepareStatement(
        "INSERT INTO lineage_edges (job_id, direction, dataset_id) SELECT ?, direction, dataset_id FROM lineage_edges"
            + " WHERE job_id = ? ON CONFLICT DO NOTHING")) {
      copy.setLong(1, jobId);
      copy.setLong(2, existing.jobId());
      copy.executeUpdate();
    }
    try (PreparedStatement copy = connection.prepareStatement(
        "INSERT INTO lineage_column_edges (job_id, in_dataset_id, in_column, out_dataset_id, out_column)"
            + " SELECT ?, in_dataset_id, in_column, out_dataset_id, out_column FROM lineage_column_edges"
            + " WHERE job_id = ? ON CONFLICT DO NOTHING")) {
      copy.setLong(1, jobId);
      copy.setLong(2, existing.jobId());
      copy.executeUpdate();
    }
    // its other runs (none, normally: one engine run per provisional job) go with it
    try (PreparedStatement drop = connection.prepareStatement("DELETE FROM lineage_jobs WHERE id = ? AND provisional")) {
      drop.setLong(1, existing.jobId());
      drop.executeUpdate();
    }
  }

  private static void markMerged(Connection connection, UUID runId) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE lineage_runs SET source = 'merged' WHERE run_id = ? AND source = 'engine'")) {
      update.setObject(1, runId);
      update.executeUpdate();
    }
  }

  private static void upsertRun(Connection connection, UUID runId, long jobId, RunReport report, Source source)
      throws SQLException {
    Timestamp at = Timestamp.from(report.run().eventTime());
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO lineage_runs (run_id, job_id, state, source, started_at, ended_at, last_event_time, producer, reported_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (run_id) DO UPDATE SET"
            + " job_id = excluded.job_id,"
            + " state = CASE WHEN excluded.last_event_time >= lineage_runs.last_event_time AND excluded.state <> 'OTHER'"
            + "   THEN excluded.state ELSE lineage_runs.state END,"
            + " source = CASE WHEN lineage_runs.source = excluded.source THEN lineage_runs.source ELSE 'merged' END,"
            + " started_at = coalesce(lineage_runs.started_at, excluded.started_at),"
            + " ended_at = coalesce(excluded.ended_at, lineage_runs.ended_at),"
            + " last_event_time = greatest(excluded.last_event_time, lineage_runs.last_event_time),"
            + " producer = excluded.producer,"
            + " reported_by = excluded.reported_by,"
            + " event_count = lineage_runs.event_count + 1")) {
      upsert.setObject(1, runId);
      upsert.setLong(2, jobId);
      upsert.setString(3, report.state());
      upsert.setString(4, source.column);
      upsert.setTimestamp(5, report.starts() ? at : null);
      upsert.setTimestamp(6, report.ends() ? at : null);
      upsert.setTimestamp(7, at);
      upsert.setString(8, report.producer());
      upsert.setString(9, report.reportedBy());
      upsert.executeUpdate();
    }
  }

  private void edge(Connection connection, long jobId, char direction, long datasetId, Learned learned) throws SQLException {
    String key = jobId + "/" + direction + "/" + datasetId;
    if (knownEdges.getIfPresent(key) != null) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage_edges (job_id, direction, dataset_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setLong(1, jobId);
      insert.setString(2, String.valueOf(direction));
      insert.setLong(3, datasetId);
      insert.executeUpdate();
    }
    learned.entries.add(() -> knownEdges.put(key, Boolean.TRUE));
  }

  private void columnEdge(Connection connection, long jobId, ColumnLink link, Learned learned) throws SQLException {
    long in = datasetId(connection, link.input().dataset(), learned);
    long out = datasetId(connection, link.output().dataset(), learned);
    edge(connection, jobId, 'i', in, learned);
    edge(connection, jobId, 'o', out, learned);
    String key = jobId + "/c/" + in + "/" + link.input().column() + "/" + out + "/" + link.output().column();
    if (knownEdges.getIfPresent(key) != null) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage_column_edges (job_id, in_dataset_id, in_column, out_dataset_id, out_column)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setLong(1, jobId);
      insert.setLong(2, in);
      insert.setString(3, link.input().column());
      insert.setLong(4, out);
      insert.setString(5, link.output().column());
      insert.executeUpdate();
    }
    learned.entries.add(() -> knownEdges.put(key, Boolean.TRUE));
  }

  /** Distinct values of a set, in order. */
  static <T> List<T> distinct(List<T> values) {
    Set<T> seen = new LinkedHashSet<>(values);
    return List.copyOf(seen);
  }
}
