package dev.floe.catalog.audit;

import dev.floe.audit.AsyncAuditWriter;
import dev.floe.audit.AuditSink;
import dev.floe.audit.ReadAggregator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The server's {@link AuditSink}: an {@link AsyncAuditWriter} over {@link PostgresAuditStore},
 * created at start-up (so that bad {@code floe.audit.*} settings stop the server) and closed on
 * {@link ShutdownEvent}, which Quarkus fires after the HTTP server has stopped and before the
 * datasource closes: whatever requests queued is written first.
 *
 * <p>Meters: {@code floe.audit.queue.depth}, {@code floe.audit.events.recorded}, {@code
 * floe.audit.events.written}, {@code floe.audit.events.unwritten}, {@code
 * floe.audit.events.dropped} (refused by the sink, queue full or closed, plus unwritten at
 * shutdown; 0 on a healthy server), {@code floe.audit.reads.folded} (reads folded into aggregated
 * events), {@code floe.audit.write.failures} (failed batch attempts, each retried), {@code
 * floe.audit.write.latency} (record to stored, per written event) and {@code
 * floe.audit.write.latency.max}.
 *
 * <p>With {@code floe.audit.enabled=false} the sink records nothing (a benchmark setting, logged at
 * WARN); the writer still exists, idle, so that the meters read 0.
 */
@Singleton
@Startup
public class AuditSinkProducer {
  private static final Logger LOG = Logger.getLogger(AuditSinkProducer.class);

  private final AsyncAuditWriter writer;
  private final AuditSink sink;

  @Inject
  public AuditSinkProducer(PostgresAuditStore store, AuditConfig config, MeterRegistry meters) {
    AsyncAuditWriter.Settings settings = settings(config);
    this.writer = new AsyncAuditWriter(store, settings, aggregator(config, settings).orElse(null));
    if (config.enabled()) {
      this.sink = writer;
      if (!config.aggregateReadsWindow().isZero()) {
        LOG.infof("Audit: allowed reads of untagged, ungoverned targets are aggregated per %s", config.aggregateReadsWindow());
      }
    } else {
      LOG.warn("Audit trail disabled (floe.audit.enabled=false): no authorization, sign-in or change is recorded."
          + " This setting exists only to measure what auditing costs; never run a server anyone relies on with it");
      this.sink = AuditSink.discarding();
    }
    register(writer, meters);
  }

  /**
   * The read aggregator of {@code floe.audit.aggregate-reads-window}: none for {@code PT0S}; at
   * most {@code queue-capacity} windows open.
   */
  static java.util.Optional<ReadAggregator> aggregator(AuditConfig config, AsyncAuditWriter.Settings settings) {
    Duration window = config.aggregateReadsWindow();
    if (window.isNegative()) {
      throw new IllegalStateException("Invalid floe.audit settings: aggregate-reads-window must not be negative, got " + window);
    }
    if (window.isZero()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new ReadAggregator(window, settings.queueCapacity(), InstantSource.system()));
  }

  static AsyncAuditWriter.Settings settings(AuditConfig config) {
    try {
      return new AsyncAuditWriter.Settings(
          config.batchSize(),
          config.flushInterval(),
          config.queueCapacity(),
          config.recordTimeout(),
          config.retryInitialBackoff(),
          config.retryMaxBackoff(),
          config.closeTimeout());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid floe.audit settings: " + e.getMessage(), e);
    }
  }

  private static void register(AsyncAuditWriter writer, MeterRegistry meters) {
    Gauge.builder("floe.audit.queue.depth", writer, AsyncAuditWriter::queueDepth)
        .description("Audit events accepted and waiting to be written")
        .register(meters);
    FunctionCounter.builder("floe.audit.events.recorded", writer, w -> w.stats().recorded())
        .description("Audit events accepted")
        .register(meters);
    FunctionCounter.builder("floe.audit.events.written", writer, w -> w.stats().written())
        .description("Audit events stored in PostgreSQL")
        .register(meters);
    FunctionCounter.builder("floe.audit.events.unwritten", writer, w -> w.stats().unwritten())
        .description("Audit events given up at shutdown (logged at ERROR instead)")
        .register(meters);
    FunctionCounter.builder("floe.audit.events.dropped", writer, w -> w.stats().dropped())
        .description("Audit events lost: refused (queue full past the record timeout, or closed) plus unwritten at shutdown")
        .register(meters);
    FunctionCounter.builder("floe.audit.reads.folded", writer, w -> w.stats().folded())
        .description("Allowed reads folded into aggregated audit events (floe.audit.aggregate-reads-window)")
        .register(meters);
    FunctionCounter.builder("floe.audit.write.failures", writer, w -> w.stats().failedAttempts())
        .description("Failed attempts to store a batch of audit events (each is retried)")
        .register(meters);
    FunctionTimer.builder(
            "floe.audit.write.latency",
            writer,
            w -> w.stats().written(),
            w -> w.stats().totalLatencyNanos(),
            TimeUnit.NANOSECONDS)
        .description("Time from recording an audit event to its storage")
        .register(meters);
    TimeGauge.builder(
            "floe.audit.write.latency.max", writer, TimeUnit.NANOSECONDS, w -> w.stats().maxLatencyNanos())
        .description("Longest time from recording an audit event to its storage since start")
        .register(meters);
  }

  @Produces
  @Singleton
  AuditSink auditSink() {
    return sink;
  }

  /** The writer itself, for its counters. */
  public AsyncAuditWriter writer() {
    return writer;
  }

  void close(@Observes ShutdownEvent event) {
    writer.close();
  }
}
