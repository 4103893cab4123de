package dev.floe.catalog.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** SQL through a real Trino's JDBC driver as a given user, for the Trino ITs. */
final class TrinoSql {
  private TrinoSql() {}

  static Connection connect(String jdbcUrl, String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  static void execute(String jdbcUrl, String user, String sql) throws SQLException {
    try (Connection connection = connect(jdbcUrl, user);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Every row, each value as {@link ResultSet#getString}. */
  static List<List<String>> query(String jdbcUrl, String user, String sql) throws SQLException {
    try (Connection connection = connect(jdbcUrl, user);
        Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (results.next()) {
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= columns; column++) {
          row.add(results.getString(column));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
