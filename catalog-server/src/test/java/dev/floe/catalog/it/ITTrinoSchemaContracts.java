package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema contract refuses Trino's {@code ALTER TABLE} on the shared Trino's plain {@code iceberg}
 * catalog (Floe's REST catalog without the plugin): the rule's message reaches the Trino user.
 */
class ITTrinoSchemaContracts {
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[^a-z0-9]", "x");
  private static final String SCHEMA = "trino_contracts_" + SUFFIX;
  private static Connection connection;

  @BeforeAll
  static void connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "floe-it");
    connection = DriverManager.getConnection(SharedTrino.get().jdbcUrl(), properties);
  }

  @AfterAll
  static void disconnect() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void dropAndRenameOfARequiredColumnAreRefusedWithTheRulesMessage() throws SQLException {
    execute("CREATE SCHEMA iceberg." + SCHEMA);
    execute("CREATE TABLE iceberg." + SCHEMA + ".orders (id bigint, region varchar, note varchar)");
    HttpResponse<String> created =
        RestCalls.postToServer(
            "/api/management/v1/catalogs/lakehouse/schema-contracts",
            "{\"namespace\": [\"" + SCHEMA + "\"], \"rules\": {\"required-columns\": [\"id\"], \"column-name-pattern\": \"^[a-z_]+$\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    assertThatThrownBy(() -> execute("ALTER TABLE iceberg." + SCHEMA + ".orders DROP COLUMN id"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("required-columns")
        .hasMessageContaining("'id'")
        .hasMessageContaining("to comply");
    assertThatThrownBy(() -> execute("ALTER TABLE iceberg." + SCHEMA + ".orders RENAME COLUMN id TO order_id"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("renames a required column");
    assertThatThrownBy(() -> execute("ALTER TABLE iceberg." + SCHEMA + ".orders ADD COLUMN \"Total2\" double"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("column-name-pattern");
    execute("ALTER TABLE iceberg." + SCHEMA + ".orders DROP COLUMN note");

    assertThat(columns("SHOW COLUMNS FROM iceberg." + SCHEMA + ".orders")).containsExactly("id", "region");
    execute("DROP TABLE iceberg." + SCHEMA + ".orders");
    execute("DROP SCHEMA iceberg." + SCHEMA);
  }

  private static void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> columns(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(sql)) {
      while (results.next()) {
        values.add(results.getString(1));
      }
    }
    return values;
  }
}
