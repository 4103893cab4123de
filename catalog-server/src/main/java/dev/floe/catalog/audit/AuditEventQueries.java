package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditEvent;
import dev.floe.audit.report.ReportSelection;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reading the audit trail (table {@code audit_events}): a page newest first for the events
 * endpoint, and every match oldest first through a cursor for exports and reports. Writing is
 * {@link PostgresAuditStore}'s.
 *
 * <p>The tag filter compares {@code string_to_array(details->>'tags', ',')} (GIN index, V17), the
 * query id filter {@code details->>'query-id'} (expression index, V17).
 */
@ApplicationScoped
public class AuditEventQueries {
  /** Rows fetched from the cursor at a time: what an export holds in memory. */
  static final int FETCH_SIZE = 500;

  private static final ObjectMapper JSON = FloeJson.mapper();
  private static final TypeReference<LinkedHashMap<String, String>> DETAILS_TYPE = new TypeReference<>() {};
  private static final String SELECT =
      "SELECT seq, id, time, kind, principal, operation, resource, decision, reason, request_id, client_address, details"
          + " FROM audit_events WHERE true";

  /** What a streamed read does with each event, in order. */
  @FunctionalInterface
  public interface EventConsumer {
    void accept(StoredAuditEvent event) throws java.io.IOException;
  }

  private final DataSource dataSource;
  private final Jdbc jdbc;

  @Inject
  public AuditEventQueries(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.jdbc = new Jdbc(dataSource);
  }

  /** The events matching {@code query}, newest (highest sequence) first, one page. */
  public AuditPage page(AuditQuery query) {
    Where where = filters(query);
    query.beforeSequence().ifPresent(before -> where.add(" AND seq < ?", before));
    String sql = SELECT + where.sql + " ORDER BY seq DESC LIMIT ?";
    where.parameters.add(query.pageSize() + 1);
    List<StoredAuditEvent> events = jdbc.list(sql, where::set, AuditEventQueries::read);
    if (events.size() > query.pageSize()) {
      List<StoredAuditEvent> page = events.subList(0, query.pageSize());
      return new AuditPage(page, Optional.of(page.get(page.size() - 1).sequence()));
    }
    return new AuditPage(events, Optional.empty());
  }

  /**
   * Every event matching the filters of {@code query}, oldest first, handed to {@code consumer}
   * as the cursor reads them ({@code beforeSequence} and {@code pageSize} do not apply).
   */
  public void stream(AuditQuery query, EventConsumer consumer) throws java.io.IOException {
    Where where = filters(query);
    stream(SELECT + where.sql + " ORDER BY seq", where, consumer);
  }

  /** Every event a report selects in {@code [since, until)}, oldest first. */
  public void stream(ReportSelection selection, Optional<Instant> since, Optional<Instant> until, EventConsumer consumer)
      throws java.io.IOException {
    Where where = new Where();
    // no report reads allowed authorizations: the clause matches the partial index of V17 (which
    // leaves out the bulk of the trail, so that writing it stays cheap)
    where.sql.append(" AND NOT (kind = 'AUTHORIZATION' AND decision = 'ALLOW')");
    where.add(" AND kind = ANY (?)", selection.kinds().stream().map(Enum::name).sorted().toArray(String[]::new));
    if (!selection.operations().isEmpty()) {
      where.add(" AND operation = ANY (?)", selection.operations().stream().sorted().toArray(String[]::new));
    }
    period(where, since, until);
    stream(SELECT + where.sql + " ORDER BY seq", where, consumer);
  }

  /**
   * A cursor (PostgreSQL only keeps one with auto-commit off) reading {@link #FETCH_SIZE} rows at a
   * time; the read-only transaction is rolled back at the end.
   */
  private void stream(String sql, Where where, EventConsumer consumer) throws java.io.IOException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(FETCH_SIZE);
        where.set(statement);
        try (ResultSet results = statement.executeQuery()) {
          while (results.next()) {
            consumer.accept(read(results));
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the audit trail", e);
    }
  }

  private static Where filters(AuditQuery query) {
    Where where = new Where();
    query.principal().ifPresent(value -> where.add(" AND principal = ?", value));
    query.operation().ifPresent(value -> where.add(" AND operation = ?", value));
    query.decision().ifPresent(value -> where.add(" AND decision = ?", value));
    query.kind().ifPresent(value -> where.add(" AND kind = ?", value.name()));
    query.resource().ifPresent(resource -> {
      if (resource.endsWith("*")) {
        where.add(" AND resource LIKE ? ESCAPE '\\'", likeEscape(resource.substring(0, resource.length() - 1)) + "%");
      } else {
        where.add(" AND resource = ?", resource);
      }
    });
    // DATA_ACCESS events carry the union of their table's and read columns' tags in "tags"
    query.tag().ifPresent(tag -> where.add(" AND string_to_array(details->>'tags', ',') @> ARRAY[?::text]", tag));
    query.queryId().ifPresent(queryId -> where.add(" AND details->>'query-id' = ?", queryId));
    period(where, query.since(), query.until());
    return where;
  }

  private static void period(Where where, Optional<Instant> since, Optional<Instant> until) {
    since.ifPresent(value -> where.add(" AND time >= ?", OffsetDateTime.ofInstant(value, ZoneOffset.UTC)));
    until.ifPresent(value -> where.add(" AND time < ?", OffsetDateTime.ofInstant(value, ZoneOffset.UTC)));
  }

  private static String likeEscape(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** A WHERE clause being built and its parameters (arrays become SQL text arrays). */
  private static final class Where {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    void add(String condition, Object parameter) {
      sql.append(condition);
      parameters.add(parameter);
    }

    void set(PreparedStatement statement) throws SQLException {
      for (int i = 0; i < parameters.size(); i++) {
        Object parameter = parameters.get(i);
        if (parameter instanceof String[] array) {
          statement.setArray(i + 1, statement.getConnection().createArrayOf("text", array));
        } else {
          statement.setObject(i + 1, parameter);
        }
      }
    }
  }

  static StoredAuditEvent read(ResultSet results) throws SQLException {
    LinkedHashMap<String, String> details;
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
