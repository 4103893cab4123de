package dev.floe.audit.report;

import dev.floe.audit.AuditEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What was refused: {@code AUTHORIZATION} events decided {@code DENY} (answered 403) or {@code
 * NOT_FOUND} (refused, and answered 404 so as not to tell the caller the item exists), and {@code
 * AUTHENTICATION} events decided {@code FAILURE} (a sign-in that failed). The {@code decision}
 * column tells them apart.
 */
public final class DeniedReport extends SelectedReport {
  private static final Set<String> REFUSED_AUTHORIZATIONS = Set.of("DENY", "NOT_FOUND");
  private static final List<String> COLUMNS =
      List.of("time", "kind", "principal", "operation", "resource", "decision", "reason", "client-address", "request-id");
  private static final ReportSelection SELECTION = new ReportSelection(Set.of(AuditEvent.Kind.AUTHORIZATION, AuditEvent.Kind.AUTHENTICATION), Set.of());

  public DeniedReport() {
    super("denied", COLUMNS, SELECTION);
  }

  @Override
  List<List<String>> rowsOf(AuditEvent event) {
    boolean refused =
        switch (event.kind()) {
          case AUTHORIZATION -> REFUSED_AUTHORIZATIONS.contains(event.decision());
          case AUTHENTICATION -> event.decision().equals("FAILURE");
          case MUTATION, DATA_ACCESS -> false;
        };
    if (!refused) {
      return List.of();
    }
    return List.of(
        Arrays.asList(
            event.time().toString(),
            event.kind().name(),
            event.principal(),
            event.operation(),
            event.resource(),
            event.decision(),
            event.reason(),
            event.clientAddress(),
            event.requestId()));
  }
}
