package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Which audit events to read. Every filter is optional and they combine with AND. A page reads
 * newest first from {@code beforeSequence}; an export reads every match oldest first and ignores
 * {@code beforeSequence} and {@code pageSize}.
 *
 * @param principal exactly this principal
 * @param operation exactly this operation
 * @param resource exactly this resource string, or, when it ends with {@code *}, every resource
 *     starting with what comes before the {@code *} ({@code table:lake.sales.*})
 * @param decision exactly this decision
 * @param kind exactly this kind
 * @param since events at or after this time
 * @param until events before this time
 * @param tag events whose details {@code tags} (a comma-separated list) hold exactly this tag; a
 *     {@code DATA_ACCESS} event's {@code tags} are those of its table and of the columns it read
 *     ({@code column-tags}), so a tag on a read column matches
 * @param queryId events whose details {@code query-id} is exactly this (an engine's query id)
 * @param beforeSequence only events stored before this one (the page token: the last event of the
 *     previous page)
 * @param pageSize most events to return
 */
public record AuditQuery(
    Optional<String> principal,
    Optional<String> operation,
    Optional<String> resource,
    Optional<String> decision,
    Optional<AuditEvent.Kind> kind,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<String> tag,
    Optional<String> queryId,
    Optional<Long> beforeSequence,
    int pageSize) {
  public AuditQuery {
    requireNonNull(principal, "principal is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(since, "since is null");
    requireNonNull(until, "until is null");
    requireNonNull(tag, "tag is null");
    requireNonNull(queryId, "queryId is null");
    requireNonNull(beforeSequence, "beforeSequence is null");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
  }

  /** Everything, newest first, {@code pageSize} at a time. */
  public static AuditQuery all(int pageSize) {
    return new AuditQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        pageSize);
  }

  public AuditQuery withPrincipal(String value) {
    return new AuditQuery(Optional.of(value), operation, resource, decision, kind, since, until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withOperation(String value) {
    return new AuditQuery(principal, Optional.of(value), resource, decision, kind, since, until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withResource(String value) {
    return new AuditQuery(principal, operation, Optional.of(value), decision, kind, since, until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withDecision(String value) {
    return new AuditQuery(principal, operation, resource, Optional.of(value), kind, since, until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withKind(AuditEvent.Kind value) {
    return new AuditQuery(principal, operation, resource, decision, Optional.of(value), since, until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withSince(Instant value) {
    return new AuditQuery(principal, operation, resource, decision, kind, Optional.of(value), until, tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withUntil(Instant value) {
    return new AuditQuery(principal, operation, resource, decision, kind, since, Optional.of(value), tag, queryId, beforeSequence, pageSize);
  }

  public AuditQuery withTag(String value) {
    return new AuditQuery(principal, operation, resource, decision, kind, since, until, Optional.of(value), queryId, beforeSequence, pageSize);
  }

  public AuditQuery withQueryId(String value) {
    return new AuditQuery(principal, operation, resource, decision, kind, since, until, tag, Optional.of(value), beforeSequence, pageSize);
  }

  public AuditQuery withBeforeSequence(long value) {
    return new AuditQuery(principal, operation, resource, decision, kind, since, until, tag, queryId, Optional.of(value), pageSize);
  }
}
