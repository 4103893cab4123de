package dev.floe.audit.report;

import dev.floe.audit.AuditEvent;
import java.util.List;

/**
 * One report over the audit trail: a table with fixed columns, built one event at a time (so a
 * report over millions of events needs memory for one event only). Events arrive oldest first.
 */
public interface AuditReport {
  /** The report's name in the API ({@code pii-access}). */
  String name();

  /** The column names, in order. */
  List<String> columns();

  /** The events the report may use: what the store reads for it; {@link #rows} decides the rest. */
  ReportSelection selection();

  /** The rows one event contributes, each with one value per column; none for most events. */
  List<List<String>> rows(AuditEvent event);
}
