package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditBatchStore;
import dev.floe.audit.AuditEvent;
import dev.floe.audit.chain.ChainHead;
import dev.floe.audit.chain.ChainedRecord;
import dev.floe.audit.chain.StoredChain;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Audit events in PostgreSQL (table {@code audit_events}, migrations V4 and V16), through {@link
 * Jdbc}, as one hash chain ({@link ChainHead}) for every node on the database.
 *
 * <p>{@link #append} chains a batch after the head and stores it in one transaction: the one under
 * way on this thread if any (a mutation's, so that the change and its record commit or roll back
 * together), else its own. It locks the single row of {@code audit_chain_head} ({@code SELECT …
 * FOR UPDATE}), numbers and hashes the events after it, inserts them and moves the head; the lock
 * is held until the transaction ends, so appends from every thread and node are serialized and
 * the chain stays linear and gap-free. It must therefore be the last statement of a mutation's
 * transaction (nothing else waits on a lock while holding the head).
 *
 * <p>Rows travel as one {@code INSERT … SELECT FROM unnest(arrays)} per 1,000 events (about twice as
 * fast as multi-row {@code VALUES} on the 2-core build machine). After a failed append (or when
 * an insert finds an id stored), an append skips events whose id is already stored before
 * numbering: a batch retried after a commit whose acknowledgement was lost is stored once and
 * leaves no gap. The check costs an index probe per event, so it is made only then.
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
      "INSERT INTO audit_events (seq, prev_hash, hash, " + COLUMNS + ")"
          + " SELECT u.seq, decode(u.prev, 'hex'), decode(u.hash, 'hex'), u.id, u.time, u.kind, u.principal, u.operation,"
          + " u.resource, u.decision, u.reason, u.request_id, u.client_address, u.details"
          + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[])"
          + " AS u(seq, prev, hash, id, time, kind, principal, operation, resource, decision, reason, request_id,"
          + " client_address, details)";
  private static final HexFormat HEX = HexFormat.of();

  private final Jdbc jdbc;
  /** Whether the last append failed: its outcome is unknown (a commit whose answer was lost). */
  private volatile boolean lastAppendFailed;

  @Inject
  public PostgresAuditStore(DataSource dataSource) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
  }

  @Override
  public void append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      try {
        appendChained(events, lastAppendFailed);
      } catch (DatabaseException.UniqueViolation e) {
        if (jdbc.transactionUnderWay()) {
          throw e; // a change's own transaction: its record is new, and the transaction is aborted now
        }
        // stored before: a batch handed over again without the failure being seen here
        appendChained(events, true);
      }
      lastAppendFailed = false;
    } catch (RuntimeException e) {
      lastAppendFailed = true;
      throw e;
    }
  }

  private void appendChained(List<AuditEvent> events, boolean mayBeStored) {
    jdbc.inTransaction(connection -> {
      ChainHead head = lockHead();
      // records V16 numbered but left unchained (one index probe; they are chained once, here)
      head = chainLegacyRecords(head);
      // only a batch handed over again after a failure may be stored already
      List<AuditEvent> fresh = mayBeStored ? withoutStored(events) : events;
      if (fresh.isEmpty()) {
        return null;
      }
      List<ChainedRecord> records = head.append(fresh);
      for (int start = 0; start < records.size(); start += ROWS_PER_STATEMENT) {
        insert(records.subList(start, Math.min(records.size(), start + ROWS_PER_STATEMENT)));
      }
      moveHead(ChainHead.of(records.get(records.size() - 1)));
      return null;
    });
  }

  /**
   * Chains the records stored before the chain existed (V16 numbered them after the head, without
   * hashes), under the head's lock, in batches; after that it finds none (one probe of the seq
   * index per append).
   */
  private ChainHead chainLegacyRecords(ChainHead head) {
    while (true) {
      long after = head.sequence();
      List<ChainedRecord> stored =
          jdbc.list(
              "SELECT " + StoredChain.RECORD_COLUMNS + " FROM audit_events WHERE seq > ? ORDER BY seq LIMIT " + ROWS_PER_STATEMENT,
              statement -> statement.setLong(1, after),
              StoredChain::record);
      if (stored.isEmpty()) {
        return head;
      }
      List<ChainedRecord> chained = head.append(stored.stream().map(ChainedRecord::event).toList());
      for (int i = 0; i < stored.size(); i++) {
        if (stored.get(i).sequence() != chained.get(i).sequence() || stored.get(i).hash() != null) {
          throw new IllegalStateException(
              "audit_events holds record " + stored.get(i).sequence() + " after the chain head " + after
                  + " that is not an unchained record of V16's numbering: the chain cannot be continued (run audit-verify)");
        }
      }
      jdbc.update(
          "UPDATE audit_events e SET prev_hash = decode(u.prev, 'hex'), hash = decode(u.hash, 'hex')"
              + " FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u(seq, prev, hash) WHERE e.seq = u.seq",
          statement -> {
            statement.setArray(1, statement.getConnection().createArrayOf("bigint", chained.stream().map(ChainedRecord::sequence).toArray()));
            statement.setArray(2, statement.getConnection().createArrayOf("text", chained.stream().map(r -> HEX.formatHex(r.previousHash())).toArray()));
            statement.setArray(3, statement.getConnection().createArrayOf("text", chained.stream().map(r -> HEX.formatHex(r.hash())).toArray()));
          });
      head = ChainHead.of(chained.get(chained.size() - 1));
      moveHead(head);
    }
  }

  /** The chain's head, locked until the transaction under way ends. */
  ChainHead lockHead() {
    return jdbc.single(
        "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE",
        Jdbc.Parameters.NONE,
        row -> new ChainHead(row.getLong(1), row.getBytes(2)));
  }

  /** The chain's head as last committed (no lock). */
  public ChainHead head() {
    return jdbc.single(
        "SELECT seq, hash FROM audit_chain_head WHERE id = 1",
        Jdbc.Parameters.NONE,
        row -> new ChainHead(row.getLong(1), row.getBytes(2)));
  }

  void moveHead(ChainHead head) {
    jdbc.update("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", statement -> {
      statement.setLong(1, head.sequence());
      statement.setBytes(2, head.hash());
    });
  }

  private List<AuditEvent> withoutStored(List<AuditEvent> events) {
    UUID[] ids = events.stream().map(AuditEvent::id).toArray(UUID[]::new);
    Set<UUID> stored =
        new HashSet<>(jdbc.list(
            "SELECT id FROM audit_events WHERE id = ANY(?)",
            statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids)),
            row -> row.getObject(1, UUID.class)));
    if (stored.isEmpty()) {
      return events;
    }
    Set<UUID> seen = new HashSet<>(stored);
    List<AuditEvent> fresh = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      if (seen.add(event.id())) {
        fresh.add(event);
      }
    }
    return fresh;
  }

  private void insert(List<ChainedRecord> records) {
    int size = records.size();
    Long[] sequences = new Long[size];
    UUID[] ids = new UUID[size];
    String[][] columns = new String[12][size];
    for (int i = 0; i < size; i++) {
      ChainedRecord record = records.get(i);
      AuditEvent event = record.event();
      sequences[i] = record.sequence();
      ids[i] = event.id();
      columns[0][i] = HEX.formatHex(record.previousHash());
      columns[1][i] = HEX.formatHex(record.hash());
      columns[2][i] = event.time().toString();
      columns[3][i] = event.kind().name();
      columns[4][i] = event.principal();
      columns[5][i] = event.operation();
      columns[6][i] = event.resource();
      columns[7][i] = event.decision();
      columns[8][i] = event.reason();
      columns[9][i] = event.requestId();
      columns[10][i] = event.clientAddress();
      columns[11][i] = details(event.details());
    }
    jdbc.update(INSERT, statement -> {
      statement.setArray(1, statement.getConnection().createArrayOf("bigint", sequences));
      statement.setArray(2, statement.getConnection().createArrayOf("text", columns[0]));
      statement.setArray(3, statement.getConnection().createArrayOf("text", columns[1]));
      statement.setArray(4, statement.getConnection().createArrayOf("uuid", ids));
      for (int column = 2; column < columns.length; column++) {
        statement.setArray(column + 3, statement.getConnection().createArrayOf("text", columns[column]));
      }
    });
  }

  private static String details(Map<String, String> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode audit details", e);
    }
  }
}
