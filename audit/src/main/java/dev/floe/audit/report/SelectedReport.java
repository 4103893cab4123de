package dev.floe.audit.report;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import java.util.List;

/**
 * A report with a fixed name, columns and selection: {@link #rows} passes on the events the
 * selection matches to {@link #rowsOf}.
 */
abstract class SelectedReport implements AuditReport {
  private final String name;
  private final List<String> columns;
  private final ReportSelection selection;

  SelectedReport(String name, List<String> columns, ReportSelection selection) {
    this.name = requireNonNull(name, "name is null");
    this.columns = List.copyOf(columns);
    this.selection = requireNonNull(selection, "selection is null");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<String> columns() {
    return columns;
  }

  @Override
  public final ReportSelection selection() {
    return selection;
  }

  @Override
  public final List<List<String>> rows(AuditEvent event) {
    return selection.matches(event) ? rowsOf(event) : List.of();
  }

  /** The rows of an event the selection matched, one value per column each. */
  abstract List<List<String>> rowsOf(AuditEvent event);
}
