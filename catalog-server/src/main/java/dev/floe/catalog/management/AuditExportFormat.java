package dev.floe.catalog.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.report.Csv;
import dev.floe.catalog.audit.StoredAuditEvent;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.management.api.AuditEventResponse;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * How an audit export writes events: CSV (a header, then one RFC 4180 record per event, details as
 * one JSON object) or JSON Lines (one {@link AuditEventResponse} object per line, the field names
 * of the events endpoint).
 */
enum AuditExportFormat {
  CSV("csv", "text/csv") {
    @Override
    String header() {
      return Csv.record(COLUMNS);
    }

    @Override
    String line(StoredAuditEvent stored) {
      AuditEventResponse event = AuditEventResponse.of(stored);
      return Csv.record(
          Arrays.asList(
              event.id(),
              Long.toString(event.sequence()),
              event.time(),
              event.kind(),
              event.principal(),
              event.operation(),
              event.resource(),
              event.decision(),
              event.reason(),
              event.requestId(),
              event.clientAddress(),
              json(new TreeMap<>(event.details()))));
    }
  },
  JSONL("jsonl", "application/jsonl") {
    @Override
    String header() {
      return "";
    }

    @Override
    String line(StoredAuditEvent stored) {
      return json(AuditEventResponse.of(stored)) + "\n";
    }
  };

  /** The CSV columns: the events endpoint's field names. */
  static final List<String> COLUMNS =
      List.of("id", "sequence", "time", "kind", "principal", "operation", "resource", "decision", "reason", "request-id", "client-address", "details");

  private static final ObjectMapper JSON = FloeJson.mapper();

  private final String parameter;
  private final String mediaType;

  AuditExportFormat(String parameter, String mediaType) {
    this.parameter = parameter;
    this.mediaType = mediaType;
  }

  /** The value of the {@code format} parameter. */
  String parameter() {
    return parameter;
  }

  String mediaType() {
    return mediaType;
  }

  /** What comes before the first event. */
  abstract String header();

  /** One event, line end included. */
  abstract String line(StoredAuditEvent stored);

  static List<String> parameters() {
    return Arrays.stream(values()).map(AuditExportFormat::parameter).toList();
  }

  static AuditExportFormat of(String parameter) {
    return Arrays.stream(values()).filter(format -> format.parameter.equals(parameter)).findFirst().orElseThrow();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode an audit event", e);
    }
  }
}
