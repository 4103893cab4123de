package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.time.Instant;
import java.util.UUID;

/**
 * A node of a lineage answer. Ids are opaque and hold only within one answer; the node asked about
 * is always {@code n0}.
 */
public sealed interface LineageNode {
  String id();

  /** A dataset the caller may see. */
  record DatasetNode(String id, ResolvedDataset dataset) implements LineageNode {
    public DatasetNode {
      requireNonNull(id, "id is null");
      requireNonNull(dataset, "dataset is null");
    }
  }

  /** A job, with the latest run the graph knows of. */
  record JobNode(String id, JobRef job, UUID lastRunId, Instant lastEventTime)
      implements LineageNode {
    public JobNode {
      requireNonNull(id, "id is null");
      requireNonNull(job, "job is null");
      requireNonNull(lastRunId, "lastRunId is null");
      requireNonNull(lastEventTime, "lastEventTime is null");
    }
  }

  /**
   * A dataset the caller may not see, or a job that only touches such datasets: kept so that the
   * shape of the lineage shows, without a name.
   */
  record RestrictedNode(String id, Kind kind) implements LineageNode {
    public enum Kind {
      DATASET,
      JOB
    }

    public RestrictedNode {
      requireNonNull(id, "id is null");
      requireNonNull(kind, "kind is null");
    }
  }
}
