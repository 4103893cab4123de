package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.audit.AuditEvent;
import dev.floe.audit.AuditSink;
import dev.floe.catalog.auth.Caller;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.http.RequestIds;
import dev.floe.catalog.json.FloeJson;
import dev.floe.policy.Operation;
import dev.floe.policy.governance.api.AccessReport;
import dev.floe.policy.governance.api.AccessReportBatch;
import dev.floe.policy.governance.api.TableAccessReport;
import dev.floe.policy.governance.api.TableAccessReport.ColumnMaskReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.jboss.logging.Logger;

/**
 * Engines' access reports into the audit trail: each table a finished query read becomes one
 * {@link AuditEvent.Kind#DATA_ACCESS} event whose principal is the user the query ran as, with the
 * columns read raw and masked, the masks and row filters the engine applied, the query id and the
 * engine that reported it, and the classification tags of the table and of the read columns at the
 * time of the report ({@code tags}, sorted and comma-separated; {@code column-tags}, a JSON object
 * of column to sorted tag names, for the read columns that carry any). Only trusted engines (and service administrators) report; a batch is
 * checked whole before any of it is recorded.
 */
@ApplicationScoped
public class AccessReportIntake {
  private static final Logger LOG = Logger.getLogger(AccessReportIntake.class);

  /** Most reports one batch may carry. */
  public static final int MAX_REPORTS = 1000;

  private final AuditSink audit;
  private final EvaluationIdentities identities;
  private final ReadTags readTags;

  @Inject
  public AccessReportIntake(AuditSink audit, EvaluationIdentities identities, ReadTags readTags) {
    this.audit = requireNonNull(audit, "audit is null");
    this.identities = requireNonNull(identities, "identities is null");
    this.readTags = requireNonNull(readTags, "readTags is null");
  }

  /**
   * Records a batch; answers how many audit events it wrote.
   *
   * @throws ForbiddenException when the caller is not a trusted engine
   * @throws BadRequestException naming the report that is malformed
   */
  public int record(Caller caller, AccessReportBatch batch) {
    if (!identities.speaksForOthers(caller)) {
      LOG.warnf("Refused access reports from %s: not a trusted engine", caller.name());
      throw new ForbiddenException(
          "Forbidden: %s may not report data access (only trusted engines and service administrators do)", caller.name());
    }
    if (batch.reports().size() > MAX_REPORTS) {
      throw new BadRequestException("Invalid access reports: %d reports, at most %d per batch", batch.reports().size(), MAX_REPORTS);
    }
    List<AuditEvent> events = new ArrayList<>();
    for (AccessReport report : batch.reports()) {
      checkText(report);
      Instant ended = instant(report.endedAt(), "endedAt", report.queryId());
      instant(report.startedAt(), "startedAt", report.queryId());
      for (TableAccessReport table : report.tables()) {
        if (table.namespace().isEmpty() || table.table().isEmpty() || table.catalog().isEmpty()) {
          throw new BadRequestException("Invalid access report of query %s: a table needs a catalog, a namespace and a name", report.queryId());
        }
        events.add(event(caller, report, table, ended, readTags.of(table)));
      }
    }
    events.forEach(audit::record);
    return events.size();
  }

  private static AuditEvent event(Caller engine, AccessReport report, TableAccessReport table, Instant ended, ReadTags.TableTags tags) {
    Set<String> masked = new LinkedHashSet<>();
    for (ColumnMaskReport mask : table.masks()) {
      masked.add(mask.column());
    }
    List<String> raw = table.columns().stream().filter(column -> !masked.contains(column)).toList();
    Map<String, String> details = new TreeMap<>();
    details.put("engine", report.engine());
    details.put("reported-by", engine.name());
    details.put("query-id", report.queryId());
    details.put("started-at", report.startedAt());
    details.put("groups", String.join(",", new java.util.TreeSet<>(report.groups())));
    details.put("columns", String.join(",", table.columns()));
    details.put("raw-columns", String.join(",", raw));
    details.put("masked-columns", String.join(",", masked));
    details.put("directly-referenced", Boolean.toString(table.directlyReferenced()));
    if (!tags.columns().isEmpty()) {
      details.put("column-tags", json(tags.columns()));
    }
    if (!tags.all().isEmpty()) {
      details.put("tags", String.join(",", tags.all()));
    }
    if (!table.masks().isEmpty()) {
      details.put("masks", json(table.masks()));
    }
    if (!table.rowFilters().isEmpty()) {
      details.put("row-filters", json(table.rowFilters()));
    }
    if (!report.succeeded() && report.failure() != null) {
      details.put("failure", report.failure());
    }
    String resource = "table:" + table.catalog() + "." + String.join(".", table.namespace()) + "." + table.table();
    return new AuditEvent(
        UUID.randomUUID(),
        ended,
        AuditEvent.Kind.DATA_ACCESS,
        report.user(),
        Operation.READ_TABLE_DATA.name(),
        resource,
        report.succeeded() ? "SUCCESS" : "FAILURE",
        "reported by " + engine.name() + (table.masks().isEmpty() ? "" : "; masked " + masked),
        RequestIds.current(),
        engine.clientAddress(),
        details);
  }

  /**
   * Names hold no control character and free text (failures, filters, masks) no NUL: what the
   * audit store cannot keep is a 400 before anything of the batch is recorded.
   */
  private static void checkText(AccessReport report) {
    ControlCharacters.refuse(report.queryId(), "access report: queryId");
    String of = "access report of query " + report.queryId() + ": ";
    ControlCharacters.refuse(report.engine(), of + "engine");
    ControlCharacters.refuse(report.user(), of + "user");
    report.groups().forEach(group -> ControlCharacters.refuse(group, of + "group"));
    ControlCharacters.refuseInText(report.failure(), of + "failure");
    for (TableAccessReport table : report.tables()) {
      ControlCharacters.refuse(table.catalog(), of + "catalog");
      table.namespace().forEach(level -> ControlCharacters.refuse(level, of + "namespace"));
      ControlCharacters.refuse(table.table(), of + "table");
      table.columns().forEach(column -> ControlCharacters.refuse(column, of + "column"));
      table.rowFilters().forEach(filter -> ControlCharacters.refuseInText(filter, of + "row filter"));
      for (ColumnMaskReport mask : table.masks()) {
        ControlCharacters.refuse(mask.column(), of + "masked column");
        ControlCharacters.refuseInText(mask.expression(), of + "mask");
      }
    }
  }

  private static Instant instant(String value, String field, String queryId) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestException("Invalid access report of query %s: %s '%s' is not an ISO-8601 instant", queryId, field, value);
    }
  }

  private static String json(Object value) {
    try {
      return FloeJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
