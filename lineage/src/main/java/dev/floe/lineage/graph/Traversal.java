package dev.floe.lineage.graph;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.graph.Subgraph.Flow;
import dev.floe.lineage.graph.Subgraph.JobColumnLink;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Breadth-first walk from a dataset through jobs to datasets, one direction, a given number of
 * datasets deep. Every dataset is expanded once, so cycles end; the column links kept are those of
 * the jobs reached whose input and output flows were both reached.
 */
final class Traversal {
  private final Map<ResolvedDataset, List<JobRef>> jobsByDataset;
  private final Map<JobRef, List<ResolvedDataset>> datasetsByJob;
  private final Map<JobRef, List<ColumnLink>> columnLinksByJob;
  private final boolean upstream;

  /**
   * @param jobsByDataset upstream: the jobs writing a dataset; downstream: the jobs reading it
   * @param datasetsByJob upstream: the datasets a job reads; downstream: the datasets it writes
   */
  Traversal(
      Map<ResolvedDataset, List<JobRef>> jobsByDataset,
      Map<JobRef, List<ResolvedDataset>> datasetsByJob,
      Map<JobRef, List<ColumnLink>> columnLinksByJob,
      boolean upstream) {
    this.jobsByDataset = jobsByDataset;
    this.datasetsByJob = datasetsByJob;
    this.columnLinksByJob = columnLinksByJob;
    this.upstream = upstream;
  }

  Subgraph run(ResolvedDataset root, int depth) {
    Set<ResolvedDataset> datasets = new LinkedHashSet<>();
    Set<JobRef> jobs = new LinkedHashSet<>();
    Set<Flow> flows = new LinkedHashSet<>();
    Map<ResolvedDataset, Integer> level = new HashMap<>();
    Queue<ResolvedDataset> queue = new ArrayDeque<>();
    datasets.add(root);
    level.put(root, 0);
    queue.add(root);
    while (!queue.isEmpty()) {
      ResolvedDataset dataset = queue.remove();
      int next = level.get(dataset) + 1;
      if (next > depth) {
        continue;
      }
      for (JobRef job : jobsByDataset.getOrDefault(dataset, List.of())) {
        jobs.add(job);
        // upstream the job writes the dataset we came from; downstream it reads it
        flows.add(new Flow(dataset, job, !upstream));
        for (ResolvedDataset reached : datasetsByJob.getOrDefault(job, List.of())) {
          flows.add(new Flow(reached, job, upstream));
          if (datasets.add(reached)) {
            level.put(reached, next);
            queue.add(reached);
          }
        }
      }
    }
    return new Subgraph(
        List.copyOf(datasets), List.copyOf(jobs), List.copyOf(flows), columnLinks(jobs, flows));
  }

  private List<JobColumnLink> columnLinks(Set<JobRef> jobs, Set<Flow> flows) {
    List<JobColumnLink> links = new ArrayList<>();
    for (JobRef job : jobs) {
      for (ColumnLink link : columnLinksByJob.getOrDefault(job, List.of())) {
        if (flows.contains(new Flow(link.input().dataset(), job, true))
            && flows.contains(new Flow(link.output().dataset(), job, false))) {
          links.add(new JobColumnLink(job, link));
        }
      }
    }
    return links;
  }
}
