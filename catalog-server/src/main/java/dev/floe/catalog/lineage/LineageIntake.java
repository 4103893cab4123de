package dev.floe.catalog.lineage;

import dev.floe.lineage.event.LineageEventType;
import dev.floe.lineage.event.LineageEvents;
import dev.floe.lineage.event.LineageRun;
import dev.floe.lineage.graph.ResolvedRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * OpenLineage run events from engines: parsed and validated (an invalid event throws {@code
 * InvalidLineageEventException} naming what is wrong, and nothing of it is stored), their datasets
 * resolved to catalog tables, and recorded (in a batch with other reports, {@link LineageBatches}); then queued for forwarding when it is
 * on ({@link LineageForwarding}).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class LineageIntake {
  private final LineageResolution resolution;
  private final LineageBatches store;
  private final LineageForwarding forwarding;
  private final Counter accepted;
  private final Counter refused;

  @Inject
  public LineageIntake(LineageResolution resolution, LineageBatches store, LineageForwarding forwarding, MeterRegistry registry) {
    this.resolution = resolution;
    this.store = store;
    this.forwarding = forwarding;
    this.accepted = Counter.builder("floe.lineage.events").tag("outcome", "accepted").register(registry);
    this.refused = Counter.builder("floe.lineage.events").tag("outcome", "invalid").register(registry);
  }

  /** Records one event reported by {@code reportedBy}; answers the run with its datasets resolved. */
  public ResolvedRun accept(String json, String reportedBy) {
    LineageRun run;
    try {
      run = LineageEvents.parse(json);
    } catch (RuntimeException e) {
      refused.increment();
      throw e;
    }
    ResolvedRun resolved = ResolvedRun.of(run, resolution.resolver());
    LineageEventType type = run.eventType().orElse(LineageEventType.OTHER);
    store.record(
        new LineageStore.RunReport(
            resolved,
            state(type),
            type == LineageEventType.START,
            type == LineageEventType.COMPLETE || type == LineageEventType.FAIL || type == LineageEventType.ABORT,
            run.producer().toString(),
            reportedBy));
    accepted.increment();
    forwarding.accepted(json);
    return resolved;
  }

  /**
   * The run state an event reports: RUNNING for START and RUNNING; OTHER (metadata outside the run
   * cycle) changes the state of a run already known only when it is the first event.
   */
  static String state(LineageEventType type) {
    return switch (type) {
      case START, RUNNING -> "RUNNING";
      case COMPLETE -> "COMPLETE";
      case FAIL -> "FAILED";
      case ABORT -> "ABORTED";
      case OTHER -> "OTHER";
    };
  }
}
