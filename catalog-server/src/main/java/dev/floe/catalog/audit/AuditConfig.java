package dev.floe.catalog.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code floe.audit.*}: how audit events are queued and written to PostgreSQL (see {@link
 * dev.floe.audit.AsyncAuditWriter}). Checked at start-up: the server refuses to start on a value
 * out of range.
 */
@ConfigMapping(prefix = "floe.audit")
public interface AuditConfig {
  /** Most events written in one transaction. */
  @WithDefault("1000")
  int batchSize();

  /** How long a batch waits for more events after its first one (the longest added latency). */
  @WithDefault("PT0.05S")
  Duration flushInterval();

  /**
   * Events accepted and not yet written; when full, requests wait for room (they are never
   * dropped). At least {@code batch-size}.
   */
  @WithDefault("10000")
  int queueCapacity();

  /**
   * How long a request waits for room in a full queue before it fails with 503 instead of acting
   * unaudited.
   */
  @WithDefault("PT30S")
  Duration recordTimeout();

  /** Wait before the first retry of a batch PostgreSQL refused; doubled on each failure. */
  @WithDefault("PT0.1S")
  Duration retryInitialBackoff();

  /** Longest wait between retries of a refused batch. */
  @WithDefault("PT30S")
  Duration retryMaxBackoff();

  /**
   * How long shutdown may take to write what is queued (after the HTTP server stopped); events
   * still unwritten then are logged at ERROR.
   */
  @WithDefault("PT30S")
  Duration closeTimeout();

  /**
   * Whether authorization decisions, sign-ins and changes are recorded at all. Only for measuring
   * what auditing costs (benchmarks/run-audit.sh): {@code false} records nothing, logs "audit trail
   * disabled" at WARN at start-up, and is never a setting for a server anyone relies on.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * Read aggregation: allowed reads (loading, listing and probing tables, views, namespaces and
   * catalogs; signing and vending for reads) of a target without classification tags and without
   * row filters or column masks that could reach it become one event per (principal, operation,
   * resource, decision, reason) and window, with details {@code count}, {@code first}, {@code last}
   * and {@code aggregated=true}, written when the window ends (or at shutdown). Denials, changes,
   * sign-ins, data-access reports and reads of tagged or governed targets stay one event per
   * access. {@code PT0S} (the default) turns it off: every decision is an event. At most {@code
   * queue-capacity} windows are open at once; reads beyond are recorded one by one.
   */
  @WithDefault("PT0S")
  Duration aggregateReadsWindow();
}
