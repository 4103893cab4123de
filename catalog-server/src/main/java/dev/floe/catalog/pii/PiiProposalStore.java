package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.pii.Proposal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * PII proposals in PostgreSQL (V15__pii_proposals.sql): one row per table, column (field id) and
 * tag. The table is joined by id, so its path is always the current one.
 */
@ApplicationScoped
public class PiiProposalStore {
  /**
   * How much higher than the rejected confidence a new one must be for a rejected proposal to be
   * proposed again. The other way back is a different snapshot with more matching samples than the
   * rejected proposal had.
   */
  public static final double EVIDENCE_STEP = 0.1;

  private static final String SELECT =
      "SELECT p.id, k.name, o.namespace_path, o.name, p.field_id, p.tag, p.confidence, p.matching_count, p.sampled_count,"
          + " p.snapshot_id, p.status, p.decided_by, p.decided_at, p.created_at"
          + " FROM pii_proposals p JOIN catalogs k ON k.id = p.catalog_id JOIN catalog_objects o ON o.id = p.object_id";

  private final Jdbc jdbc;

  @Inject
  public PiiProposalStore(DataSource dataSource) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
  }

  /**
   * Records what a scan found for a column: a new proposal, new evidence for a standing one, or a
   * rejected one proposed again because its evidence changed. An accepted proposal, or a rejected
   * one whose evidence did not change, is left alone.
   *
   * @return whether the column now has this tag proposed
   */
  public boolean propose(String catalog, TableIdentifier table, int fieldId, Proposal proposal, long snapshotId) {
    requireNonNull(proposal, "proposal is null");
    return jdbc.inTransaction(connection -> {
      long[] ids = tableIds(connection, catalog, table);
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id, status, confidence, matching_count, snapshot_id FROM pii_proposals"
                  + " WHERE object_id = ? AND field_id = ? AND tag = ? FOR UPDATE")) {
        select.setLong(1, ids[1]);
        select.setInt(2, fieldId);
        select.setString(3, proposal.tag());
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return insert(connection, ids, fieldId, proposal, snapshotId);
          }
          long id = row.getLong(1);
          PiiProposalRecord.Status status = PiiProposalRecord.Status.of(row.getString(2)).orElseThrow();
          boolean again =
              switch (status) {
                case PROPOSED -> true;
                case ACCEPTED -> false;
                case REJECTED -> evidenceChanged(row.getDouble(3), row.getInt(4), row.getLong(5), proposal, snapshotId);
              };
          if (again) {
            updateEvidence(connection, id, proposal, snapshotId);
          }
          return again;
        }
      }
    });
  }

  /**
   * Whether a rejected proposal's evidence changed enough to propose it again: a confidence higher
   * by at least {@link #EVIDENCE_STEP}, or another snapshot with more matching samples.
   */
  static boolean evidenceChanged(double rejectedConfidence, int rejectedMatching, long rejectedSnapshot, Proposal proposal, long snapshotId) {
    if (proposal.confidence() >= rejectedConfidence + EVIDENCE_STEP - 1e-9) {
      return true;
    }
    return snapshotId != rejectedSnapshot && proposal.matchingValues() > rejectedMatching;
  }

  /** The proposals of a catalog, optionally of one status and of one namespace or table, by id. */
  public List<PiiProposalRecord> proposals(
      String catalog, Optional<PiiProposalRecord.Status> status, Optional<Namespace> namespace, Optional<String> table) {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE k.name = ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(catalog);
    status.ifPresent(value -> {
      sql.append(" AND p.status = ?");
      parameters.add(value.value());
    });
    namespace.ifPresent(value -> {
      sql.append(" AND o.namespace_path = ?");
      parameters.add(NamespacePaths.path(value));
    });
    table.ifPresent(value -> {
      sql.append(" AND o.name = ?");
      parameters.add(value);
    });
    sql.append(" ORDER BY p.id");
    return jdbc.list(
        sql.toString(),
        statement -> {
          for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
          }
        },
        PiiProposalStore::record);
  }

  public Optional<PiiProposalRecord> proposal(String catalog, long id) {
    return jdbc.optional(
        SELECT + " WHERE k.name = ? AND p.id = ?",
        statement -> {
          statement.setString(1, catalog);
          statement.setLong(2, id);
        },
        PiiProposalStore::record);
  }

  /**
   * Decides a standing proposal.
   *
   * @return whether it was still proposed (false: decided meanwhile, nothing changed)
   */
  public boolean decide(String catalog, long id, PiiProposalRecord.Status decision, String actor) {
    if (decision == PiiProposalRecord.Status.PROPOSED) {
      throw new IllegalArgumentException("a decision is accepted or rejected");
    }
    return jdbc.update(
            "UPDATE pii_proposals SET status = ?, decided_by = ?, decided_at = now(), updated_at = now()"
                + " WHERE id = ? AND status = 'proposed' AND catalog_id = (SELECT id FROM catalogs WHERE name = ?)",
            statement -> {
              statement.setString(1, decision.value());
              statement.setString(2, actor);
              statement.setLong(3, id);
              statement.setString(4, catalog);
            })
        == 1;
  }

  private static boolean insert(Connection connection, long[] ids, int fieldId, Proposal proposal, long snapshotId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO pii_proposals (catalog_id, object_id, field_id, tag, confidence, matching_count, sampled_count, snapshot_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_id, field_id, tag) DO NOTHING")) {
      insert.setLong(1, ids[0]);
      insert.setLong(2, ids[1]);
      insert.setInt(3, fieldId);
      insert.setString(4, proposal.tag());
      insert.setDouble(5, proposal.confidence());
      insert.setInt(6, proposal.matchingValues());
      insert.setInt(7, proposal.sampledValues());
      insert.setLong(8, snapshotId);
      return insert.executeUpdate() == 1;
    }
  }

  private static void updateEvidence(Connection connection, long id, Proposal proposal, long snapshotId) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pii_proposals SET status = 'proposed', decided_by = NULL, decided_at = NULL, confidence = ?,"
                + " matching_count = ?, sampled_count = ?, snapshot_id = ?, updated_at = now() WHERE id = ?")) {
      update.setDouble(1, proposal.confidence());
      update.setInt(2, proposal.matchingValues());
      update.setInt(3, proposal.sampledValues());
      update.setLong(4, snapshotId);
      update.setLong(5, id);
      update.executeUpdate();
    }
  }

  /** The catalog's id and the table's catalog_objects id; 404 for an unknown table. */
  private static long[] tableIds(Connection connection, String catalog, TableIdentifier table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT k.id, o.id FROM catalogs k JOIN catalog_objects o ON o.catalog_id = k.id"
                + " WHERE k.name = ? AND o.namespace_path = ? AND o.name = ? AND o.kind = 'TABLE'")) {
      statement.setString(1, catalog);
      statement.setString(2, NamespacePaths.path(table.namespace()));
      statement.setString(3, table.name());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new NoSuchTableException("Table does not exist: %s", table);
        }
        return new long[] {row.getLong(1), row.getLong(2)};
      }
    }
  }

  private static PiiProposalRecord record(ResultSet row) throws SQLException {
    return new PiiProposalRecord(
        row.getLong(1),
        row.getString(2),
        TableIdentifier.of(NamespacePaths.namespace(row.getString(3)), row.getString(4)),
        row.getInt(5),
        row.getString(6),
        row.getDouble(7),
        row.getInt(8),
        row.getInt(9),
        row.getLong(10),
        PiiProposalRecord.Status.of(row.getString(11)).orElseThrow(),
        Optional.ofNullable(row.getString(12)),
        Optional.ofNullable(row.getTimestamp(13)).map(Timestamp::toInstant),
        row.getTimestamp(14).toInstant());
  }
}
