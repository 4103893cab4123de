package dev.floe.audit.report;

import dev.floe.audit.AuditEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Changes to who may do what: grants and revokes, catalog and principal roles and their
 * assignments, principals. One row per {@code MUTATION} event, failed attempts included (their
 * decision is {@code FAILURE}).
 */
public final class GrantChangesReport extends SelectedReport {
  /** The operations that change access ({@code dev.floe.policy.Operation} names). */
  public static final Set<String> OPERATIONS =
      Set.of(
          "GRANT",
          "REVOKE",
          "CREATE_CATALOG_ROLE",
          "DROP_CATALOG_ROLE",
          "ASSIGN_CATALOG_ROLE",
          "UNASSIGN_CATALOG_ROLE",
          "CREATE_PRINCIPAL",
          "UPDATE_PRINCIPAL",
          "DROP_PRINCIPAL",
          "CREATE_PRINCIPAL_ROLE",
          "DROP_PRINCIPAL_ROLE",
          "ASSIGN_PRINCIPAL_ROLE",
          "UNASSIGN_PRINCIPAL_ROLE");

  private static final List<String> COLUMNS = List.of("time", "principal", "operation", "resource", "decision", "details");
  private static final ReportSelection SELECTION = new ReportSelection(Set.of(AuditEvent.Kind.MUTATION), OPERATIONS);

  public GrantChangesReport() {
    super("grant-changes", COLUMNS, SELECTION);
  }

  @Override
  List<List<String>> rowsOf(AuditEvent event) {
    return List.of(
        Arrays.asList(
            event.time().toString(),
            event.principal(),
            event.operation(),
            event.resource(),
            event.decision(),
            DetailsJson.object(event.details())));
  }
}
