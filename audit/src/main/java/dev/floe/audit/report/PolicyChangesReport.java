package dev.floe.audit.report;

import dev.floe.audit.AuditEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Changes to data policies: tags, tag assignments, row filters, column masks and schema contracts,
 * each with the item {@code before} and {@code after} the change as the audit details hold them
 * (JSON; empty for a create's before and a drop's after). One row per {@code MUTATION} event,
 * failed attempts included.
 */
public final class PolicyChangesReport extends SelectedReport {
  /** The operations that change data policies ({@code dev.floe.policy.Operation} names). */
  public static final Set<String> OPERATIONS =
      Set.of(
          "CREATE_TAG",
          "UPDATE_TAG",
          "DROP_TAG",
          "ASSIGN_TAG",
          "UNASSIGN_TAG",
          "CREATE_ROW_FILTER",
          "UPDATE_ROW_FILTER",
          "DROP_ROW_FILTER",
          "CREATE_COLUMN_MASK",
          "UPDATE_COLUMN_MASK",
          "DROP_COLUMN_MASK",
          "CREATE_SCHEMA_CONTRACT",
          "UPDATE_SCHEMA_CONTRACT",
          "DROP_SCHEMA_CONTRACT");

  private static final List<String> COLUMNS =
      List.of("time", "principal", "operation", "resource", "decision", "before", "after");
  private static final ReportSelection SELECTION = new ReportSelection(Set.of(AuditEvent.Kind.MUTATION), OPERATIONS);

  public PolicyChangesReport() {
    super("policy-changes", COLUMNS, SELECTION);
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
            event.details().getOrDefault("before", ""),
            event.details().getOrDefault("after", "")));
  }
}
