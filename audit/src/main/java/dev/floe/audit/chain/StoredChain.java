package dev.floe.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditEvent;
import java.io.IOException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chain as PostgreSQL stores it (tables {@code audit_events} and {@code audit_checkpoints} of
 * Floe's schema), read with plain JDBC so that it can be verified without the server: {@link
 * #verify} streams the records in sequence order through a cursor (bounded memory).
 */
public final class StoredChain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FETCH_SIZE = 5000;
  /** The columns {@link #record} reads, in its order. */
  public static final String RECORD_COLUMNS =
      "seq, prev_hash, hash, id, time, kind, principal, operation, resource, decision, reason, request_id,"
          + " client_address, details::text";
  private static final String RECORDS = "SELECT " + RECORD_COLUMNS + " FROM audit_events ORDER BY seq";
  /** The columns {@link #checkpoint} reads, in its order. */
  public static final String CHECKPOINT_COLUMNS = "seq, hash, signed_at, key_id, signature";
  private static final String CHECKPOINTS = "SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoints ORDER BY seq";

  private StoredChain() {}

  /**
   * Verifies every record and checkpoint with {@code trustedKeys} plus {@code moreCheckpoints} (a
   * copy kept outside the database, such as the checkpoint log). Runs in one read-only repeatable
   * read transaction on {@code connection}, so that records written meanwhile are not half seen.
   */
  public static VerificationReport verify(
      Connection connection, Collection<PublicKey> trustedKeys, Collection<Checkpoint> moreCheckpoints) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    int isolation = connection.getTransactionIsolation();
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      List<Checkpoint> checkpoints = new ArrayList<>(checkpoints(connection));
      checkpoints.addAll(moreCheckpoints);
      ChainVerifier verifier = new ChainVerifier(trustedKeys, checkpoints);
      try (PreparedStatement statement = connection.prepareStatement(RECORDS)) {
        statement.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            verifier.accept(record(rows));
          }
        }
      }
      return verifier.finish();
    } finally {
      connection.rollback();
      connection.setTransactionIsolation(isolation);
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The stored checkpoints, oldest first. */
  public static List<Checkpoint> checkpoints(Connection connection) throws SQLException {
    List<Checkpoint> checkpoints = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(CHECKPOINTS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        checkpoints.add(checkpoint(rows));
      }
    }
    return checkpoints;
  }

  /** The checkpoint of a row selected with {@link #CHECKPOINT_COLUMNS}. */
  public static Checkpoint checkpoint(ResultSet row) throws SQLException {
    return new Checkpoint(
        row.getLong(1), row.getBytes(2), row.getObject(3, OffsetDateTime.class).toInstant(), row.getString(4), row.getBytes(5));
  }

  /** The record of a row selected with {@link #RECORD_COLUMNS}. */
  public static ChainedRecord record(ResultSet row) throws SQLException {
    Map<String, String> details;
    try {
      details = details(row.getString(14));
    } catch (IOException | RuntimeException e) {
      // not what Floe writes: keep it visible to the hash check rather than stop the walk
      details = Map.of("unreadable-details", String.valueOf(row.getString(14)));
    }
    AuditEvent event;
    try {
      event =
          new AuditEvent(
              row.getObject(4, UUID.class),
              row.getObject(5, OffsetDateTime.class).toInstant(),
              kind(row.getString(6)),
              row.getString(7),
              row.getString(8),
              row.getString(9),
              row.getString(10),
              row.getString(11),
              row.getString(12),
              row.getString(13),
              details);
    } catch (NullPointerException | IllegalArgumentException e) {
      // a null where Floe never writes one: a stand-in that cannot match the stored hash
      event = new AuditEvent(new UUID(0, 0), java.time.Instant.EPOCH, AuditEvent.Kind.MUTATION, null, "", "", "", "", null, null,
          Map.of("unreadable-record", String.valueOf(e.getMessage())));
    }
    return new ChainedRecord(row.getLong(1), row.getBytes(2), row.getBytes(3), event);
  }

  /** The stored kind; a kind Floe never writes is an {@link IllegalArgumentException} (a stand-in follows). */
  private static AuditEvent.Kind kind(String value) {
    return AuditEvent.Kind.valueOf(value);
  }

  /** Details as Floe writes them: a JSON object of strings; anything else is unreadable. */
  private static Map<String, String> details(String json) throws IOException {
    JsonNode node = JSON.readTree(json);
    if (node == null || !node.isObject()) {
      throw new IOException("details are not a JSON object");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw new IOException("detail " + field.getKey() + " is not a string");
      }
      details.put(field.getKey(), field.getValue().asText());
    }
    return details;
  }
}
