package dev.floe.audit;

import java.util.List;

/**
 * Durable storage of audit events, written in batches by {@link AsyncAuditWriter}.
 *
 * <p>{@link #append} stores every event of the batch or none of them (one transaction) and keeps
 * their order. A batch may be handed over again after a failure whose outcome was unknown (the
 * connection dropped after the commit): an implementation must then store each event once, keyed
 * by {@link AuditEvent#id()}.
 */
public interface AuditBatchStore {
  /**
   * Stores {@code events}, in list order.
   *
   * @throws RuntimeException when they could not be stored; the writer retries the same batch
   */
  void append(List<AuditEvent> events);
}
