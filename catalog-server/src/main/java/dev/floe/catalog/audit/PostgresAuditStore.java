package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditBatchStore;
import dev.floe.audit.AuditEvent;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Audit events in PostgreSQL (table {@code audit_events}, migration V4), through {@link Jdbc}.
 *
 * <p>{@link #append} stores a batch in one transaction, in list order so that {@code seq} follows
 * the order of the batch: one {@code INSERT … SELECT FROM unnest(arrays)} per 1,000 events (the
 * columns travel as 11 array parameters; on the 2-core build machine this wrote about twice as
 * many events per second as multi-row {@code VALUES}). It skips events whose id is already
 * stored: a batch retried after a commit whose acknowledgement was lost is stored once.
 *
 * <p>Reading is {@link AuditEventQueries}'.
 */
@ApplicationScoped
public class PostgresAuditStore implements AuditBatchStore {
  private static final ObjectMapper JSON = FloeJson.mapper();
  private static final int ROWS_PER_STATEMENT = 1000;
  private static final String COLUMNS =
      "id, time, kind, principal, operation, resource, decision, reason, request_id, client_address, details";
  /** One statement for a whole chunk: the columns as arrays, unnested in order. */
  private static final String INSERT =
      "INSERT INTO audit_events (" + COLUMNS + ") SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[])"
          + " ON CONFLICT (id) DO NOTHING";

  private final Jdbc jdbc;

  @Inject
  public PostgresAuditStore(DataSource dataSource) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
  }

  @Override
  public void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    jdbc.inTransaction(connection -> {
      for (int start = 0; start < events.size(); start += ROWS_PER_STATEMENT) {
        insert(events.subList(start, Math.min(events.size(), start + ROWS_PER_STATEMENT)));
      }
      return null;
    });
  }

  private void insert(List<AuditEvent> events) {
    int size = events.size();
    UUID[] ids = new UUID[size];
    String[][] columns = new String[10][size];
    for (int i = 0; i < size; i++) {
      AuditEvent event = events.get(i);
      ids[i] = event.id();
      columns[0][i] = event.time().toString();
      columns[1][i] = event.kind().name();
      columns[2][i] = text(event.principal());
      columns[3][i] = text(event.operation());
      columns[4][i] = text(event.resource());
      columns[5][i] = text(event.decision());
      columns[6][i] = text(event.reason());
      columns[7][i] = text(event.requestId());
      columns[8][i] = text(event.clientAddress());
      columns[9][i] = details(event.details());
    }
    jdbc.update(INSERT, statement -> {
      statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
      for (int column = 0; column < columns.length; column++) {
        statement.setArray(column + 2, statement.getConnection().createArrayOf("text", columns[column]));
      }
    });
  }

  /**
   * PostgreSQL text cannot hold NUL; a name a client sent may. Replaced, so that one such event
   * cannot block the writer (which retries a failed batch forever).
   */
  private static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  private static String details(Map<String, String> details) {
    Map<String, String> clean = new LinkedHashMap<>();
    details.forEach((key, value) -> clean.put(text(key), text(value)));
    try {
      return JSON.writeValueAsString(clean);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode audit details", e);
    }
  }
}
