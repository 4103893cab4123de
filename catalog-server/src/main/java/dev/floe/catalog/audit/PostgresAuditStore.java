package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditBatchStore;
import dev.floe.audit.AuditEvent;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
@ApplicationScoped
public class PostgresAuditStore implements AuditBatchStore {
  private static final ObjectMapper JSON = FloeJson.mapper();
  private static final TypeReference<LinkedHashMap<String, String>> DETAILS_TYPE = new TypeReference<>() {};
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

  // ---------------------------------------------------------------- queries

  /** The events matching {@code query}, newest (highest sequence) first. */
  public AuditPage query(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT seq, ").append(COLUMNS).append(" FROM audit_events WHERE true");
    List<Object> parameters = new ArrayList<>();
    equal(sql, parameters, "principal", query.principal());
    equal(sql, parameters, "operation", query.operation());
    equal(sql, parameters, "decision", query.decision());
    equal(sql, parameters, "kind", query.kind().map(Enum::name));
    query.resource().ifPresent(resource -> {
      if (resource.endsWith("*")) {
        sql.append(" AND resource LIKE ? ESCAPE '\\'");
        parameters.add(likeEscape(resource.substring(0, resource.length() - 1)) + "%");
      } else {
        sql.append(" AND resource = ?");
        parameters.add(resource);
      }
    });
    query.since().ifPresent(since -> {
      sql.append(" AND time >= ?");
      parameters.add(OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
    });
    query.until().ifPresent(until -> {
      sql.append(" AND time < ?");
      parameters.add(OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
    });
    query.beforeSequence().ifPresent(before -> {
      sql.append(" AND seq < ?");
      parameters.add(before);
    });
    sql.append(" ORDER BY seq DESC LIMIT ?");
    parameters.add(query.pageSize() + 1);
    List<StoredAuditEvent> events =
        jdbc.list(
            sql.toString(),
            statement -> {
              for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
              }
            },
            PostgresAuditStore::read);
    if (events.size() > query.pageSize()) {
      List<StoredAuditEvent> page = events.subList(0, query.pageSize());
      return new AuditPage(page, Optional.of(page.get(page.size() - 1).sequence()));
    }
    return new AuditPage(events, Optional.empty());
  }

  private static void equal(StringBuilder sql, List<Object> parameters, String column, Optional<String> value) {
    value.ifPresent(v -> {
      sql.append(" AND ").append(column).append(" = ?");
      parameters.add(v);
    });
  }

  private static String likeEscape(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static StoredAuditEvent read(ResultSet results) throws SQLException {
    Map<String, String> details;
    try {
      details = JSON.readValue(results.getString("details"), DETAILS_TYPE);
    } catch (JsonProcessingException e) {
      throw new SQLException("Stored audit details are not a JSON object of strings", e);
    }
    AuditEvent event =
        new AuditEvent(
            results.getObject("id", UUID.class),
            results.getObject("time", OffsetDateTime.class).toInstant(),
            AuditEvent.Kind.valueOf(results.getString("kind")),
            results.getString("principal"),
            results.getString("operation"),
            results.getString("resource"),
            results.getString("decision"),
            results.getString("reason"),
            results.getString("request_id"),
            results.getString("client_address"),
            details);
    return new StoredAuditEvent(results.getLong("seq"), event);
  }
}
