package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Lineage between datasets through jobs, down to columns, immutable once built.
 *
 * <p>A job is one node whatever the number of its runs: the datasets it read and wrote in any run
 * it was given are its edges, and the latest run (by event time) is the one the answers show.
 * Answers are filtered for the caller: see {@link AnswerRenderer}.
 */
public final class LineageGraph {
  private final Map<JobRef, List<ResolvedDataset>> inputsByJob;
  private final Map<JobRef, List<ResolvedDataset>> outputsByJob;
  private final Map<ResolvedDataset, List<JobRef>> producersByDataset;
  private final Map<ResolvedDataset, List<JobRef>> consumersByDataset;
  private final Map<JobRef, List<ColumnLink>> columnLinksByJob;
  private final Map<JobRef, LastRun> lastRunByJob;

  private LineageGraph(Builder builder) {
    this.inputsByJob = copy(builder.inputsByJob);
    this.outputsByJob = copy(builder.outputsByJob);
    this.producersByDataset = copy(builder.producersByDataset);
    this.consumersByDataset = copy(builder.consumersByDataset);
    this.columnLinksByJob = copy(builder.columnLinksByJob);
    this.lastRunByJob = Map.copyOf(builder.lastRunByJob);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where {@code dataset}'s data comes from, {@code depth} datasets back at most. */
  public LineageAnswer upstream(
      ResolvedDataset dataset, int depth, Predicate<ResolvedDataset> visible) {
    requireNonNull(visible, "visible is null");
    return AnswerRenderer.render(traverse(dataset, depth, true), lastRunByJob, visible);
  }

  /** Where {@code dataset}'s data goes, {@code depth} datasets ahead at most. */
  public LineageAnswer downstream(
      ResolvedDataset dataset, int depth, Predicate<ResolvedDataset> visible) {
    requireNonNull(visible, "visible is null");
    return AnswerRenderer.render(traverse(dataset, depth, false), lastRunByJob, visible);
  }

  /**
   * The direct sources of each column of {@code dataset} that has any, as the caller may see them;
   * {@link ColumnLineage#nodes()} names the datasets the endpoints refer to.
   */
  public ColumnLineage columnLineage(ResolvedDataset dataset, Predicate<ResolvedDataset> visible) {
    LineageAnswer answer = upstream(dataset, 1, visible);
    Map<String, List<ColumnEndpoint>> sources = new LinkedHashMap<>();
    for (ColumnEdge edge : answer.columnEdges()) {
      if (edge.to().node().equals(LineageAnswer.ROOT) && edge.to().column().isPresent()) {
        List<ColumnEndpoint> columnSources =
            sources.computeIfAbsent(edge.to().column().get(), column -> new ArrayList<>());
        if (!columnSources.contains(edge.from())) {
          columnSources.add(edge.from());
        }
      }
    }
    return new ColumnLineage(answer.nodes(), sources);
  }

  private Subgraph traverse(ResolvedDataset root, int depth, boolean upstream) {
    requireNonNull(root, "dataset is null");
    if (depth < 0) {
      throw new IllegalArgumentException("depth must be 0 or more, was " + depth);
    }
    return new Traversal(
            upstream ? producersByDataset : consumersByDataset,
            upstream ? inputsByJob : outputsByJob,
            columnLinksByJob,
            upstream)
        .run(root, depth);
  }

  private static <K, V> Map<K, List<V>> copy(Map<K, ? extends Set<V>> map) {
    Map<K, List<V>> copy = new HashMap<>();
    map.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    return Map.copyOf(copy);
  }

  /** The latest run of a job. */
  record LastRun(UUID runId, Instant eventTime) {}

  /** Collects runs; one builder builds one graph. */
  public static final class Builder {
    private final Map<JobRef, Set<ResolvedDataset>> inputsByJob = new HashMap<>();
    private final Map<JobRef, Set<ResolvedDataset>> outputsByJob = new HashMap<>();
    private final Map<ResolvedDataset, Set<JobRef>> producersByDataset = new HashMap<>();
    private final Map<ResolvedDataset, Set<JobRef>> consumersByDataset = new HashMap<>();
    private final Map<JobRef, Set<ColumnLink>> columnLinksByJob = new HashMap<>();
    private final Map<JobRef, LastRun> lastRunByJob = new HashMap<>();

    private Builder() {}

    public Builder add(ResolvedRun run) {
      requireNonNull(run, "run is null");
      JobRef job = run.job();
      for (ResolvedDataset input : run.inputs()) {
        setOf(inputsByJob, job).add(input);
        setOf(consumersByDataset, input).add(job);
      }
      for (ResolvedDataset output : run.outputs()) {
        setOf(outputsByJob, job).add(output);
        setOf(producersByDataset, output).add(job);
      }
      for (ColumnLink link : run.columnLinks()) {
        // a link's datasets are the run's by construction of ResolvedRun.of; others come in too
        setOf(inputsByJob, job).add(link.input().dataset());
        setOf(consumersByDataset, link.input().dataset()).add(job);
        setOf(outputsByJob, job).add(link.output().dataset());
        setOf(producersByDataset, link.output().dataset()).add(job);
        setOf(columnLinksByJob, job).add(link);
      }
      lastRunByJob.merge(
          job,
          new LastRun(run.runId(), run.eventTime()),
          (previous, next) -> next.eventTime().isBefore(previous.eventTime()) ? previous : next);
      return this;
    }

    public LineageGraph build() {
      return new LineageGraph(this);
    }

    private static <K, V> Set<V> setOf(Map<K, Set<V>> map, K key) {
      return map.computeIfAbsent(key, ignored -> new LinkedHashSet<>());
    }
  }
}
