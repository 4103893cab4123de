package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit events, newest first.
 *
 * @param events the events
 * @param nextBeforeSequence the sequence to continue from ({@link AuditQuery#beforeSequence()})
 *     when more events match; empty on the last page
 */
public record AuditPage(List<StoredAuditEvent> events, Optional<Long> nextBeforeSequence) {
  public AuditPage {
    events = List.copyOf(requireNonNull(events, "events is null"));
    requireNonNull(nextBeforeSequence, "nextBeforeSequence is null");
  }
}
