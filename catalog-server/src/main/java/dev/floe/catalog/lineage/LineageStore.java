package dev.floe.catalog.lineage;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

  /** A dataset's id by its identity ({@link Identity#set} sets the four parameters). */
  private static final String FIND_DATASET =
      "SELECT id FROM lineage_datasets WHERE kind = ? AND coalesce(catalog_name, '') = ? AND namespace_path = ? AND name = ?";

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
   * Records engines' reports in one transaction. When it fails (a deadlock with another node, say,
   * or one bad report), each report is written again in a transaction of its own, so that one
   * failure is answered to its own report only. Answers each report's failure, if any, in order.
   */
  public List<Optional<RuntimeException>> recordAll(List<RunReport> reports) {
    if (reports.size() > 1) {
      List<Learned> learned = new ArrayList<>();
      try {
        jdbc.inTransaction(connection -> {
          for (RunReport report : reports) {
            Learned mine = new Learned();
            write(connection, report, mine);
            learned.add(mine);
          }
          return null;
        });
        learned.forEach(mine -> mine.entries.forEach(Runnable::run));
        return reports.stream().map(report -> Optional.<RuntimeException>empty()).toList();
      } catch (RuntimeException batchFailed) {
        // one by one below
      }
    }
    List<Optional<RuntimeException>> outcomes = new ArrayList<>();
    for (RunReport report : reports) {
      Learned mine = new Learned();
      try {
        jdbc.inTransaction(connection -> {
          write(connection, report, mine);
          return null;
        });
        mine.entries.forEach(Runnable::run);
        outcomes.add(Optional.empty());
      } catch (RuntimeException e) {
        outcomes.add(Optional.of(e));
      }
    }
    return outcomes;
  }

  /**
   * One report: the run is upserted under the engine's job (one statement); when it was recorded
   * under another job before (the commit capture's provisional job), that job hands its edges over.
   */
  private void write(Connection connection, RunReport report, Learned learned) throws SQLException {
    ResolvedRun run = report.run();
    long jobId = jobId(connection, run.job(), false, run.runId(), run.eventTime(), learned);
    Long movedFrom = upsertRun(connection, run.runId(), jobId, report);
    if (movedFrom != null) {
      handOver(connection, movedFrom, jobId);
    }
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
   * report), else it is a run of its own under the committer's job. Its run row is written (or
   * locked) first, so that an engine's report of the same run waits for it and then moves it.
   */
  public UUID record(CommitReport commit) {
    UUID runId = commit.engineRunId().orElseGet(UUID::randomUUID);
    // may run inside a multi-table commit's transaction, which may yet roll back: learns nothing
    Learned discarded = new Learned();
    return jdbc.inTransaction(connection -> {
      Optional<Long> engineJob = commit.engineRunId().isPresent() ? mergeInto(connection, runId) : Optional.empty();
      long jobId;
      if (engineJob.isPresent()) {
        jobId = engineJob.get();
      } else {
        boolean provisional = commit.engineRunId().isPresent();
        JobRef job =
            provisional
                ? new JobRef(FLOE_JOB_NAMESPACE, commit.engine().orElse("engine") + ":" + commit.engineRun().orElseThrow())
                : new JobRef(FLOE_JOB_NAMESPACE, commit.committedBy());
        long ownJob = jobId(connection, job, provisional, runId, commit.committedAt(), discarded);
        jobId = insertCommitRun(connection, runId, ownJob, commit);
        if (jobId != ownJob && provisional) {
          // the engine reported the run meanwhile: the provisional job just made is not needed
          dropUnusedProvisional(connection, ownJob);
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
            FIND_DATASET,
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
        FIND_DATASET)) {
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

  /** The job of the run an engine reported already, marking the run merged; empty when there is none. */
  private static Optional<Long> mergeInto(Connection connection, UUID runId) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE lineage_runs SET source = CASE WHEN source = 'engine' THEN 'merged' ELSE source END WHERE run_id = ? RETURNING job_id")) {
      update.setObject(1, runId);
      try (ResultSet row = update.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  /** The commit's run under {@code jobId}, or, when the run exists already, the job it is under. */
  private static long insertCommitRun(Connection connection, UUID runId, long jobId, CommitReport commit) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage_runs (run_id, job_id, state, source, started_at, ended_at, last_event_time, producer, reported_by)"
            + " VALUES (?, ?, 'COMPLETE', 'floe', ?, ?, ?, 'floe', ?)"
            + " ON CONFLICT (run_id) DO UPDATE SET source = CASE WHEN lineage_runs.source = 'engine' THEN 'merged' ELSE lineage_runs.source END"
            + " RETURNING job_id")) {
      Timestamp at = Timestamp.from(commit.committedAt());
      insert.setObject(1, runId);
      insert.setLong(2, jobId);
      insert.setTimestamp(3, at);
      insert.setTimestamp(4, at);
      insert.setTimestamp(5, at);
      insert.setString(6, commit.committedBy());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void dropUnusedProvisional(Connection connection, long jobId) throws SQLException {
    try (PreparedStatement drop = connection.prepareStatement(
        "DELETE FROM lineage_jobs j WHERE j.id = ? AND j.provisional AND NOT EXISTS (SELECT 1 FROM lineage_runs r WHERE r.job_id = j.id)")) {
      drop.setLong(1, jobId);
      drop.executeUpdate();
    }
  }

  /**
   * An engine reported a run Floe recorded under job {@code from}: a provisional job (named after
   * the engine's run by the commit capture) hands its edges to the engine's job and goes; any
   * other job keeps its edges (they may come from other runs).
   */
  private static void handOver(Connection connection, long from, long to) throws SQLException {
    try (PreparedStatement copy = connection.prepareStatement(
        "INSERT INTO lineage_edges (job_id, direction, dataset_id) SELECT ?, e.direction, e.dataset_id FROM lineage_edges e"
            + " JOIN lineage_jobs j ON j.id = e.job_id AND j.provisional WHERE e.job_id = ? ON CONFLICT DO NOTHING")) {
      copy.setLong(1, to);
      copy.setLong(2, from);
      copy.executeUpdate();
    }
    try (PreparedStatement copy = connection.prepareStatement(
        "INSERT INTO lineage_column_edges (job_id, in_dataset_id, in_column, out_dataset_id, out_column)"
            + " SELECT ?, c.in_dataset_id, c.in_column, c.out_dataset_id, c.out_column FROM lineage_column_edges c"
            + " JOIN lineage_jobs j ON j.id = c.job_id AND j.provisional WHERE c.job_id = ? ON CONFLICT DO NOTHING")) {
      copy.setLong(1, to);
      copy.setLong(2, from);
      copy.executeUpdate();
    }
    dropUnusedProvisional(connection, from);
  }

  /**
   * Inserts or updates the run under {@code jobId}; answers the job it was under before when that
   * was another one ({@code moved_from}, set by this statement from the row it updated).
   */
  private static Long upsertRun(Connection connection, UUID runId, long jobId, RunReport report) throws SQLException {
    Timestamp at = Timestamp.from(report.run().eventTime());
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO lineage_runs (run_id, job_id, state, source, started_at, ended_at, last_event_time, producer, reported_by)"
            + " VALUES (?, ?, ?, 'engine', ?, ?, ?, ?, ?)"
            + " ON CONFLICT (run_id) DO UPDATE SET"
            + " moved_from = CASE WHEN lineage_runs.job_id <> excluded.job_id THEN lineage_runs.job_id END,"
            + " job_id = excluded.job_id,"
            + " state = CASE WHEN excluded.last_event_time >= lineage_runs.last_event_time AND excluded.state <> 'OTHER'"
            + "   THEN excluded.state ELSE lineage_runs.state END,"
            + " source = CASE WHEN lineage_runs.source = 'engine' THEN 'engine' ELSE 'merged' END,"
            + " started_at = coalesce(lineage_runs.started_at, excluded.started_at),"
            + " ended_at = coalesce(excluded.ended_at, lineage_runs.ended_at),"
            + " last_event_time = greatest(excluded.last_event_time, lineage_runs.last_event_time),"
            + " producer = excluded.producer,"
            + " reported_by = excluded.reported_by,"
            + " event_count = lineage_runs.event_count + 1"
            + " RETURNING moved_from")) {
      upsert.setObject(1, runId);
      upsert.setLong(2, jobId);
      upsert.setString(3, report.state());
      upsert.setTimestamp(4, report.starts() ? at : null);
      upsert.setTimestamp(5, report.ends() ? at : null);
      upsert.setTimestamp(6, at);
      upsert.setString(7, report.producer());
      upsert.setString(8, report.reportedBy());
      try (ResultSet row = upsert.executeQuery()) {
        row.next();
        return Jdbc.nullableLong(row, 1);
      }
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
}
