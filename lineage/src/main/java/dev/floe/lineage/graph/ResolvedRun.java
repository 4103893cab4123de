package dev.floe.lineage.graph;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.event.ColumnRef;
import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.event.LineageDataset;
import dev.floe.lineage.event.LineageRun;
import dev.floe.lineage.resolve.DatasetResolver;
import dev.floe.lineage.resolve.ResolvedDataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A run with its datasets resolved: what the graph is built from. */
public record ResolvedRun(
    JobRef job,
    UUID runId,
    Instant eventTime,
    List<ResolvedDataset> inputs,
    List<ResolvedDataset> outputs,
    List<ColumnLink> columnLinks) {
  public ResolvedRun {
    requireNonNull(job, "job is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(eventTime, "eventTime is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    columnLinks = List.copyOf(requireNonNull(columnLinks, "columnLinks is null"));
  }

  /**
   * {@code run} with every dataset resolved. The column lineage of the outputs becomes column
   * links; a dataset a column is read from counts as an input even when the event does not list it.
   */
  public static ResolvedRun of(LineageRun run, DatasetResolver resolver) {
    requireNonNull(run, "run is null");
    requireNonNull(resolver, "resolver is null");
    Set<ResolvedDataset> inputs = new LinkedHashSet<>();
    for (LineageDataset input : run.inputs()) {
      inputs.add(resolver.resolve(input.dataset()));
    }
    Set<ResolvedDataset> outputs = new LinkedHashSet<>();
    List<ColumnLink> columnLinks = new ArrayList<>();
    for (LineageDataset output : run.outputs()) {
      ResolvedDataset resolvedOutput = resolver.resolve(output.dataset());
      outputs.add(resolvedOutput);
      for (Map.Entry<String, List<ColumnRef>> column : output.columnLineage().entrySet()) {
        for (ColumnRef source : column.getValue()) {
          ResolvedDataset resolvedSource = resolver.resolve(source.dataset());
          inputs.add(resolvedSource);
          columnLinks.add(
              new ColumnLink(
                  new ResolvedColumn(resolvedSource, source.column()),
                  new ResolvedColumn(resolvedOutput, column.getKey())));
        }
      }
    }
    return new ResolvedRun(
        run.job(),
        run.runId(),
        run.eventTime(),
        List.copyOf(inputs),
        List.copyOf(outputs),
        columnLinks);
  }
}
