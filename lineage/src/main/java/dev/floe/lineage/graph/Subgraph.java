package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.util.List;

/** What a traversal reached, before any visibility filter: the root dataset comes first. */
record Subgraph(
    List<ResolvedDataset> datasets, List<JobRef> jobs, List<Flow> flows, List<JobColumnLink> columns) {
  Subgraph {
    datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
    jobs = List.copyOf(requireNonNull(jobs, "jobs is null"));
    flows = List.copyOf(requireNonNull(flows, "flows is null"));
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }

  /** A job reads {@code dataset} ({@code read}) or writes it. */
  record Flow(ResolvedDataset dataset, JobRef job, boolean read) {
    Flow {
      requireNonNull(dataset, "dataset is null");
      requireNonNull(job, "job is null");
    }
  }

  record JobColumnLink(JobRef job, ColumnLink link) {
    JobColumnLink {
      requireNonNull(job, "job is null");
      requireNonNull(link, "link is null");
    }
  }
}
