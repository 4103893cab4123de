package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;

/**
 * An audit event as stored.
 *
 * @param sequence its place in the order of storage (larger is later)
 * @param event the event
 */
public record StoredAuditEvent(long sequence, AuditEvent event) {
  public StoredAuditEvent {
    requireNonNull(event, "event is null");
  }
}
