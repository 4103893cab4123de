package dev.floe.audit.report;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import java.util.Set;

/**
 * The events a report reads: those of one of {@code kinds} whose operation is one of {@code
 * operations} (any operation when empty). A store narrows its read with it; the report checks the
 * rest (decisions, details).
 */
public record ReportSelection(Set<AuditEvent.Kind> kinds, Set<String> operations) {
  public ReportSelection {
    kinds = Set.copyOf(requireNonNull(kinds, "kinds is null"));
    operations = Set.copyOf(requireNonNull(operations, "operations is null"));
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("kinds is empty");
    }
  }

  public boolean matches(AuditEvent event) {
    return kinds.contains(event.kind()) && (operations.isEmpty() || operations.contains(event.operation()));
  }
}
