package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.contracts.ContractRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Schema contracts in PostgreSQL (V14__schema_contracts.sql), read through on every call: the
 * namespace or table a contract is on is joined by id, so its path is always the current one.
 */
@ApplicationScoped
public class SchemaContractStore {
  private static final String SELECT =
      "SELECT c.id, c.version, c.rules::text, c.created_by, c.created_at, c.updated_by, c.updated_at,"
          + " n.path, o.namespace_path, o.name, k.name"
          + " FROM schema_contracts c JOIN catalogs k ON k.id = c.catalog_id"
          + " LEFT JOIN namespaces n ON n.id = c.namespace_id"
          + " LEFT JOIN catalog_objects o ON o.id = c.object_id";

  private final Jdbc jdbc;

  @Inject
  public SchemaContractStore(DataSource dataSource) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
  }

  /** The contracts of a catalog, by id. */
  public List<SchemaContractRecord> contracts(String catalog) {
    return jdbc.list(SELECT + " WHERE k.name = ? ORDER BY c.id", statement -> statement.setString(1, catalog), SchemaContractStore::record);
  }

  public Optional<SchemaContractRecord> contract(String catalog, long id) {
    return jdbc.optional(
        SELECT + " WHERE k.name = ? AND c.id = ?",
        statement -> {
          statement.setString(1, catalog);
          statement.setLong(2, id);
        },
        SchemaContractStore::record);
  }

  /**
   * The contracts that govern a table: its own, and those of its namespace and of every ancestor
   * namespace, outermost first.
   */
  public List<SchemaContractRecord> governing(long catalogId, TableIdentifier table) {
    String namespacePath = NamespacePaths.path(table.namespace());
    return jdbc.list(
        SELECT
            + " WHERE c.catalog_id = ? AND ((o.namespace_path = ? AND o.name = ? AND o.kind = 'TABLE')"
            + " OR n.path = ? OR starts_with(?, n.path || chr(31)))"
            + " ORDER BY c.object_id IS NOT NULL, length(n.path), c.id",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, namespacePath);
          statement.setString(3, table.name());
          statement.setString(4, namespacePath);
          statement.setString(5, namespacePath);
        },
        SchemaContractStore::record);
  }

  /** Creates a contract on a namespace or table; 404 when it does not exist. */
  public SchemaContractRecord create(Securable on, ContractRules rules, String actor) {
    long id =
        jdbc.inTransaction(connection -> {
          long catalogId = catalogId(connection, on.catalogName());
          Namespace namespace = Namespace.of(on.namespaceLevels().toArray(String[]::new));
          Long namespaceId = null;
          Long objectId = null;
          if (on.type() == SecurableType.NAMESPACE) {
            namespaceId = id(connection, "SELECT id FROM namespaces WHERE catalog_id = ? AND path = ?", catalogId, NamespacePaths.path(namespace));
            if (namespaceId == null) {
              throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
            }
          } else {
            objectId =
                id(connection, "SELECT id FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ? AND kind = 'TABLE'",
                    catalogId, NamespacePaths.path(namespace), on.name());
            if (objectId == null) {
              throw new NoSuchTableException("Table does not exist: %s", on);
            }
          }
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "INSERT INTO schema_contracts (catalog_id, namespace_id, object_id, rules, created_by, updated_by)"
                      + " VALUES (?, ?, ?, ?::jsonb, ?, ?) RETURNING id")) {
            statement.setLong(1, catalogId);
            statement.setObject(2, namespaceId);
            statement.setObject(3, objectId);
            statement.setString(4, json(rules));
            statement.setString(5, actor);
            statement.setString(6, actor);
            try (ResultSet results = statement.executeQuery()) {
              results.next();
              return results.getLong(1);
            }
          }
        });
    return contract(on.catalogName(), id).orElseThrow();
  }

  /** Replaces a contract's rules and raises its version; 404 when it does not exist. */
  public SchemaContractRecord update(String catalog, long id, ContractRules rules, String actor) {
    int updated =
        jdbc.update(
            "UPDATE schema_contracts SET rules = ?::jsonb, version = version + 1, updated_by = ?, updated_at = now()"
                + " WHERE id = ? AND catalog_id = (SELECT id FROM catalogs WHERE name = ?)",
            statement -> {
              statement.setString(1, json(rules));
              statement.setString(2, actor);
              statement.setLong(3, id);
              statement.setString(4, catalog);
            });
    if (updated == 0) {
      throw new NotFoundException("Schema contract does not exist: %d", id);
    }
    return contract(catalog, id).orElseThrow();
  }

  public void drop(String catalog, long id) {
    int deleted =
        jdbc.update(
            "DELETE FROM schema_contracts WHERE id = ? AND catalog_id = (SELECT id FROM catalogs WHERE name = ?)",
            statement -> {
              statement.setLong(1, id);
              statement.setString(2, catalog);
            });
    if (deleted == 0) {
      throw new NotFoundException("Schema contract does not exist: %d", id);
    }
  }

  private static long catalogId(java.sql.Connection connection, String catalog) throws SQLException {
    Long id = id(connection, "SELECT id FROM catalogs WHERE name = ?", catalog);
    if (id == null) {
      throw new NotFoundException("Catalog does not exist: %s", catalog);
    }
    return id;
  }

  private static Long id(java.sql.Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet results = statement.executeQuery()) {
        return results.next() ? results.getLong(1) : null;
      }
    }
  }

  private static String json(ContractRules rules) {
    try {
      return FloeJson.mapper().writeValueAsString(rules.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SchemaContractRecord record(ResultSet row) throws SQLException {
    ContractRules rules;
    try {
      rules = ContractRules.parse(FloeJson.mapper().readTree(row.getString(3)));
    } catch (JsonProcessingException e) {
      throw new SQLException("Unreadable rules of schema contract " + row.getLong(1), e);
    }
    String catalog = row.getString(11);
    String namespacePath = row.getString(8);
    Securable securable;
    if (namespacePath != null) {
      securable = Securable.namespace(catalog, levels(namespacePath));
    } else {
      securable = Securable.table(catalog, levels(row.getString(9)), row.getString(10));
    }
    return new SchemaContractRecord(
        row.getLong(1),
        row.getLong(2),
        securable,
        rules,
        row.getString(4),
        row.getTimestamp(5).toInstant(),
        row.getString(6),
        row.getTimestamp(7).toInstant());
  }

  private static List<String> levels(String namespacePath) {
    return Arrays.asList(NamespacePaths.namespace(namespacePath).levels());
  }
}
