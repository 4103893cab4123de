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
  void record(AuditEvent event);
}
