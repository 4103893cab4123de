package dev.floe.catalog.governance;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.TagAssignment;
import dev.floe.policy.governance.TagDefinition;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import dev.floe.catalog.metastore.FollowedSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** Reads the governance tables of {@code V11__governance.sql} at one version. */
final class GovernanceSnapshotLoader {
  private GovernanceSnapshotLoader() {}

  static long storedVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery("SELECT version FROM governance_version WHERE id = 1")) {
      results.next();
      return results.getLong(1);
    }
  }

  /** Reads everything in one repeatable-read transaction. */
  static GovernanceSnapshot load(Connection connection) throws SQLException {
    return FollowedSnapshot.atOneVersion(connection, GovernanceSnapshotLoader::read);
  }

  private static GovernanceSnapshot read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      long version = storedVersion(connection);
      List<TagRecord> tags = new ArrayList<>();
      try (ResultSet row =
          statement.executeQuery(
              "SELECT name, description, applier_roles, version, created_by, created_at, updated_by, updated_at FROM tag_definitions")) {
        while (row.next()) {
          tags.add(
              new TagRecord(
                  new TagDefinition(row.getString(1), row.getString(2), Set.of(strings(row, 3)), row.getLong(4)),
                  row.getString(5),
                  row.getTimestamp(6).toInstant(),
                  row.getString(7),
                  row.getTimestamp(8).toInstant()));
        }
      }
      List<AssignmentRecord> assignments = new ArrayList<>();
      try (ResultSet row =
          statement.executeQuery(
              "SELECT a.id, c.name, a.tag, a.securable_type, a.securable_path, a.field_id, a.version, a.assigned_by, a.assigned_at"
                  + " FROM tag_assignments a JOIN catalogs c ON c.id = a.catalog_id")) {
        while (row.next()) {
          int fieldId = row.getInt(6);
          OptionalInt field = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(fieldId);
          Securable securable = securable(row.getString(4), row.getString(2), strings(row, 5));
          assignments.add(
              new AssignmentRecord(
                  new TagAssignment(row.getLong(1), row.getLong(7), row.getString(3), securable, field),
                  row.getString(8),
                  row.getTimestamp(9).toInstant()));
        }
      }
      List<PolicyRecord<RowFilterPolicy>> rowFilters = new ArrayList<>();
      try (ResultSet row =
          statement.executeQuery(
              "SELECT f.id, c.name, f.securable_path, f.expression, f.audience::text, f.version,"
                  + " f.created_by, f.created_at, f.updated_by, f.updated_at"
                  + " FROM row_filters f JOIN catalogs c ON c.id = f.catalog_id")) {
        while (row.next()) {
          String catalog = row.getString(2);
          RowFilterPolicy policy =
              new RowFilterPolicy(
                  row.getLong(1),
                  row.getLong(6),
                  securable("TABLE", catalog, strings(row, 3)),
                  ExpressionCompiler.fromStoredForm(row.getString(4)),
                  GovernanceCodec.audience(row.getString(5)));
          rowFilters.add(
              new PolicyRecord<>(catalog, policy, row.getString(7), row.getTimestamp(8).toInstant(), row.getString(9), row.getTimestamp(10).toInstant()));
        }
      }
      List<PolicyRecord<ColumnMaskPolicy>> masks = new ArrayList<>();
      try (ResultSet row =
          statement.executeQuery(
              "SELECT m.id, c.name, m.securable_path, m.field_id, m.tag, m.mask::text, m.audience::text, m.version,"
                  + " m.created_by, m.created_at, m.updated_by, m.updated_at"
                  + " FROM column_masks m JOIN catalogs c ON c.id = m.catalog_id")) {
        while (row.next()) {
          String catalog = row.getString(2);
          String tag = row.getString(5);
          MaskTarget target =
              tag != null
                  ? new MaskTarget.Tag(tag)
                  : new MaskTarget.Column(securable("TABLE", catalog, strings(row, 3)), row.getInt(4));
          ColumnMaskPolicy policy =
              new ColumnMaskPolicy(
                  row.getLong(1), row.getLong(8), target, GovernanceCodec.mask(row.getString(6)), GovernanceCodec.audience(row.getString(7)));
          masks.add(
              new PolicyRecord<>(catalog, policy, row.getString(9), row.getTimestamp(10).toInstant(), row.getString(11), row.getTimestamp(12).toInstant()));
        }
      }
      Map<String, String> salts = new HashMap<>();
      try (ResultSet row =
          statement.executeQuery("SELECT c.name, s.salt FROM governance_hash_salts s JOIN catalogs c ON c.id = s.catalog_id")) {
        while (row.next()) {
          salts.put(row.getString(1), row.getString(2));
        }
      }
      return new GovernanceSnapshot(version, tags, assignments, rowFilters, masks, salts);
    }
  }

  /** A securable from its stored type and path below the catalog. */
  static Securable securable(String type, String catalog, String[] path) {
    List<String> full = new ArrayList<>(path.length + 1);
    full.add(catalog);
    full.addAll(Arrays.asList(path));
    return new Securable(SecurableType.valueOf(type), full);
  }

  private static String[] strings(ResultSet row, int column) throws SQLException {
    java.sql.Array array = row.getArray(column);
    return array == null ? new String[0] : (String[]) array.getArray();
  }
}
