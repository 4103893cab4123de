package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated OpenLineage run event, reduced to what Floe keeps: the event type (absent when the
 * producer sent none, which the spec allows), when it happened, the run, the job, the producer and
 * the datasets read and written.
 */
public record LineageRun(
    Optional<LineageEventType> eventType,
    Instant eventTime,
    UUID runId,
    JobRef job,
    URI producer,
    List<LineageDataset> inputs,
    List<LineageDataset> outputs) {
  public LineageRun {
    requireNonNull(eventType, "eventType is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(job, "job is null");
    requireNonNull(producer, "producer is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
  }
}
