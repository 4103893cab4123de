package dev.floe.audit;

/**
 * Where audit events go. The server's implementation persists them in PostgreSQL.
 *
 * <p>{@link #record} is called on the request path (every authorization decision is an event), so
 * an implementation must be cheap per call: queue and write in batches. It must not lose an event
 * it accepted while the process keeps running; when it cannot keep up it slows callers down rather
 * than dropping events.
 */
public interface AuditSink {
  /**
   * Records {@code event} as one event of its own.
   *
   * @throws AuditUnavailableException when the event cannot be accepted (the audited action must
   *     not go ahead)
   */
  void record(AuditEvent event);

  /**
   * Records an allowed read, which an implementation may fold with other reads of the same
   * principal, operation, resource, decision and reason into one event per time window (see {@link
   * ReadAggregator}). The caller decides what is a read; events that are not {@link
   * ReadAggregator#aggregatable} are recorded as by {@link #record}. By default, the same as {@link
   * #record}.
   *
   * @throws AuditUnavailableException as {@link #record}
   */
  default void recordRead(AuditEvent event) {
    record(event);
  }

  /**
   * A sink that records nothing: only for measuring what auditing costs ({@code
   * floe.audit.enabled=false}), never for a server anyone relies on.
   */
  static AuditSink discarding() {
    return event -> {};
  }
}
