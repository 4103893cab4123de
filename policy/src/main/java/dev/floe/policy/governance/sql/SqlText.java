package dev.floe.policy.governance.sql;

/** Quoting of names and strings into Trino SQL. */
public final class SqlText {
  private SqlText() {}

  /** A delimited identifier: {@code "name"}, with every {@code "} doubled. */
  public static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A string literal: {@code 'text'}, with every {@code '} doubled. */
  public static String quoteString(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
