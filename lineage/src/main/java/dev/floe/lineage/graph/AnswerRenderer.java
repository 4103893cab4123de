package dev.floe.lineage.graph;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.LineageGraph.LastRun;
import dev.floe.lineage.graph.LineageNode.DatasetNode;
import dev.floe.lineage.graph.LineageNode.JobNode;
import dev.floe.lineage.graph.LineageNode.RestrictedNode;
import dev.floe.lineage.graph.Subgraph.Flow;
import dev.floe.lineage.graph.Subgraph.JobColumnLink;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a {@link Subgraph} into the {@link LineageAnswer} one caller may see.
 *
 * <ul>
 *   <li>Every node gets an opaque id, {@code n0}, {@code n1}, … in the order reached, so ids say
 *       nothing about names and hold only within the answer.
 *   <li>A dataset {@code visible} rejects becomes a {@link RestrictedNode}; its edges stay, so the
 *       shape shows, and its column names are left out.
 *   <li>A job keeps its name when the caller sees at least one dataset it reads or writes in the
 *       answer; a job between restricted datasets only is restricted too (its name could tell what
 *       they hold).
 * </ul>
 */
final class AnswerRenderer {
  private AnswerRenderer() {}

  static LineageAnswer render(
      Subgraph subgraph, Map<JobRef, LastRun> lastRunByJob, Predicate<ResolvedDataset> visible) {
    Set<ResolvedDataset> visibleDatasets = new HashSet<>();
    for (ResolvedDataset dataset : subgraph.datasets()) {
      if (visible.test(dataset)) {
        visibleDatasets.add(dataset);
      }
    }
    Set<JobRef> visibleJobs = new HashSet<>();
    for (Flow flow : subgraph.flows()) {
      if (visibleDatasets.contains(flow.dataset())) {
        visibleJobs.add(flow.job());
      }
    }

    List<LineageNode> nodes = new ArrayList<>();
    Map<ResolvedDataset, String> datasetIds = new HashMap<>();
    Map<JobRef, String> jobIds = new HashMap<>();
    for (ResolvedDataset dataset : subgraph.datasets()) {
      String id = "n" + nodes.size();
      datasetIds.put(dataset, id);
      nodes.add(
          visibleDatasets.contains(dataset)
              ? new DatasetNode(id, dataset)
              : new RestrictedNode(id, RestrictedNode.Kind.DATASET));
    }
    for (JobRef job : subgraph.jobs()) {
      String id = "n" + nodes.size();
      jobIds.put(job, id);
      LastRun lastRun = lastRunByJob.get(job);
      nodes.add(
          visibleJobs.contains(job)
              ? new JobNode(id, job, lastRun.runId(), lastRun.eventTime())
              : new RestrictedNode(id, RestrictedNode.Kind.JOB));
    }

    List<LineageEdge> edges = new ArrayList<>();
    for (Flow flow : subgraph.flows()) {
      String dataset = datasetIds.get(flow.dataset());
      String job = jobIds.get(flow.job());
      edges.add(flow.read() ? new LineageEdge(dataset, job) : new LineageEdge(job, dataset));
    }

    // restricted endpoints lose their column, so several links may become one edge
    Set<ColumnEdge> columnEdges = new LinkedHashSet<>();
    for (JobColumnLink link : subgraph.columns()) {
      columnEdges.add(
          new ColumnEdge(
              endpoint(link.link().input(), datasetIds, visibleDatasets),
              endpoint(link.link().output(), datasetIds, visibleDatasets),
              jobIds.get(link.job())));
    }
    return new LineageAnswer(nodes, edges, List.copyOf(columnEdges));
  }

  private static ColumnEndpoint endpoint(
      ResolvedColumn column,
      Map<ResolvedDataset, String> datasetIds,
      Set<ResolvedDataset> visibleDatasets) {
    return new ColumnEndpoint(
        datasetIds.get(column.dataset()),
        visibleDatasets.contains(column.dataset())
            ? Optional.of(column.column())
            : Optional.empty());
  }
}
