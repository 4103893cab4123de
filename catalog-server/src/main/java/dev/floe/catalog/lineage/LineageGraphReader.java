package dev.floe.catalog.lineage;

import dev.floe.catalog.metastore.Jdbc;
import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.ColumnLink;
import dev.floe.lineage.graph.LineageGraph;
import dev.floe.lineage.graph.ResolvedColumn;
import dev.floe.lineage.graph.ResolvedRun;
import dev.floe.lineage.resolve.ResolvedDataset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the part of the stored graph a walk can reach: breadth first from a dataset, one level
 * (dataset, the jobs writing it upstream or reading it downstream, their datasets on the far side)
 * at a time, {@code depth} levels at most, then the datasets, jobs and column edges of what
 * it reached; one query per level. The {@link LineageGraph} built from it answers the walk as the whole graph would.
 */
@ApplicationScoped
public class LineageGraphReader {
  private final Jdbc jdbc;

  @Inject
  public LineageGraphReader(LineageStore store) {
    this.jdbc = store.jdbc();
  }

  /** A part of the graph and every dataset in it. */
  public record Loaded(LineageGraph graph, Set<ResolvedDataset> datasets) {
    static Loaded empty() {
      return new Loaded(LineageGraph.builder().build(), Set.of());
    }
  }

  /** The reachable part of the graph around dataset {@code rootId}. */
  public Loaded around(long rootId, int depth, boolean upstream) {
    String near = upstream ? "o" : "i"; // the edge from a job to the dataset we come from
    String far = upstream ? "i" : "o";
    Set<Long> seenDatasets = new HashSet<>(List.of(rootId));
    Set<Long> jobs = new LinkedHashSet<>();
    List<Edge> edges = new ArrayList<>();
    List<Long> frontier = List.of(rootId);
    for (int level = 1; level <= depth && !frontier.isEmpty(); level++) {
      List<Long> frontierNow = frontier;
      List<Long> loadedJobs = List.copyOf(jobs);
      // every edge of the jobs on the near side of the frontier not loaded yet, in one query
      List<Edge> jobEdges =
          jdbc.list(
              "SELECT e.job_id, e.direction, e.dataset_id FROM lineage_edges e WHERE e.job_id IN"
                  + " (SELECT DISTINCT n.job_id FROM lineage_edges n WHERE n.dataset_id = ANY(?) AND n.direction = ?"
                  + "  AND NOT (n.job_id = ANY(?)))",
              statement -> {
                statement.setArray(1, longArray(statement, frontierNow));
                statement.setString(2, near);
                statement.setArray(3, longArray(statement, loadedJobs));
              },
              row -> new Edge(row.getLong(1), row.getString(2).charAt(0), row.getLong(3)));
      if (jobEdges.isEmpty()) {
        break;
      }
      edges.addAll(jobEdges);
      List<Long> next = new ArrayList<>();
      for (Edge edge : jobEdges) {
        jobs.add(edge.jobId());
        if (String.valueOf(edge.direction()).equals(far) && seenDatasets.add(edge.datasetId())) {
          next.add(edge.datasetId());
        }
      }
      frontier = next;
    }
    return build(rootId, jobs, edges);
  }

  private Loaded build(long rootId, Set<Long> jobIds, List<Edge> edges) {
    LineageGraph.Builder builder = LineageGraph.builder();
    if (jobIds.isEmpty()) {
      return Loaded.empty();
    }
    Set<Long> datasetIds = new HashSet<>(List.of(rootId));
    edges.forEach(edge -> datasetIds.add(edge.datasetId()));
    List<ColumnRow> columns =
        jdbc.list(
            "SELECT job_id, in_dataset_id, in_column, out_dataset_id, out_column FROM lineage_column_edges WHERE job_id = ANY(?)",
            statement -> statement.setArray(1, longArray(statement, jobIds)),
            row -> new ColumnRow(row.getLong(1), row.getLong(2), row.getString(3), row.getLong(4), row.getString(5)));
    columns.forEach(column -> {
      datasetIds.add(column.inDatasetId());
      datasetIds.add(column.outDatasetId());
    });
    Map<Long, ResolvedDataset> datasets = new HashMap<>();
    jdbc.list(
            "SELECT id, kind, catalog_name, namespace_path, name FROM lineage_datasets WHERE id = ANY(?)",
            statement -> statement.setArray(1, longArray(statement, datasetIds)),
            row -> Map.entry(row.getLong(1), LineageStore.dataset(row, 2)))
        .forEach(entry -> datasets.put(entry.getKey(), entry.getValue()));
    Map<Long, JobRow> jobs = new HashMap<>();
    jdbc.list(
            "SELECT id, namespace, name, last_run_id, last_event_time FROM lineage_jobs WHERE id = ANY(?)",
            statement -> statement.setArray(1, longArray(statement, jobIds)),
            row ->
                new JobRow(
                    row.getLong(1),
                    new JobRef(row.getString(2), row.getString(3)),
                    row.getObject(4, UUID.class),
                    row.getTimestamp(5).toInstant()))
        .forEach(job -> jobs.put(job.id(), job));
    // a job's latest run is its newest kept run; the job row holds one only once retention removed them
    jdbc.list(
            "SELECT DISTINCT ON (job_id) job_id, run_id, last_event_time FROM lineage_runs WHERE job_id = ANY(?)"
                + " ORDER BY job_id, last_event_time DESC",
            statement -> statement.setArray(1, longArray(statement, jobIds)),
            row -> new JobRow(row.getLong(1), null, row.getObject(2, UUID.class), row.getTimestamp(3).toInstant()))
        .forEach(latest -> jobs.computeIfPresent(
            latest.id(),
            (id, job) -> latest.lastEventTime().isAfter(job.lastEventTime()) || latest.lastEventTime().equals(job.lastEventTime())
                ? new JobRow(id, job.job(), latest.lastRunId(), latest.lastEventTime())
                : job));
    Map<Long, List<ResolvedDataset>> inputs = new HashMap<>();
    Map<Long, List<ResolvedDataset>> outputs = new HashMap<>();
    for (Edge edge : edges) {
      (edge.direction() == 'i' ? inputs : outputs)
          .computeIfAbsent(edge.jobId(), ignored -> new ArrayList<>())
          .add(datasets.get(edge.datasetId()));
    }
    Map<Long, List<ColumnLink>> links = new HashMap<>();
    for (ColumnRow column : columns) {
      links.computeIfAbsent(column.jobId(), ignored -> new ArrayList<>())
          .add(
              new ColumnLink(
                  new ResolvedColumn(datasets.get(column.inDatasetId()), column.inColumn()),
                  new ResolvedColumn(datasets.get(column.outDatasetId()), column.outColumn())));
    }
    for (long jobId : jobIds) {
      JobRow job = jobs.get(jobId);
      if (job == null) {
        continue; // a provisional job merged away while we read
      }
      builder.add(
          new ResolvedRun(
              job.job(),
              job.lastRunId(),
              job.lastEventTime(),
              inputs.getOrDefault(jobId, List.of()),
              outputs.getOrDefault(jobId, List.of()),
              links.getOrDefault(jobId, List.of())));
    }
    return new Loaded(builder.build(), Set.copyOf(datasets.values()));
  }

  private static Array longArray(PreparedStatement statement, Collection<Long> values) throws java.sql.SQLException {
    return statement.getConnection().createArrayOf("bigint", values.toArray());
  }

  private record Edge(long jobId, char direction, long datasetId) {}

  private record ColumnRow(long jobId, long inDatasetId, String inColumn, long outDatasetId, String outColumn) {}

  private record JobRow(long id, JobRef job, UUID lastRunId, Instant lastEventTime) {}
}
