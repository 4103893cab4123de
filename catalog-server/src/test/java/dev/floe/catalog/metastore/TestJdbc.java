package dev.floe.catalog.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Jdbc} on a real PostgreSQL: reads, writes, batches, transactions and typed failures. */
class TestJdbc {
  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;
  private Jdbc jdbc;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    execute(
        "CREATE TABLE parents (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
            + " CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parents (id))");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void clean() throws Exception {
    execute("TRUNCATE children, parents");
    jdbc = new Jdbc(dataSource);
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private int insert(long id, String name) {
    return jdbc.update(
        "INSERT INTO parents (id, name) VALUES (?, ?)",
        statement -> {
          statement.setLong(1, id);
          statement.setString(2, name);
        });
  }

  private List<String> names() {
    return jdbc.list("SELECT name FROM parents ORDER BY id", Jdbc.Parameters.NONE, row -> row.getString(1));
  }

  @Test
  void readsRowsOneRowOrNone() {
    assertThat(insert(1, "a")).isEqualTo(1);
    insert(2, "b");
    assertThat(names()).containsExactly("a", "b");
    assertThat(jdbc.optional("SELECT name FROM parents WHERE id = ?", statement -> statement.setLong(1, 2), row -> row.getString(1)))
        .contains("b");
    assertThat(jdbc.optional("SELECT name FROM parents WHERE id = ?", statement -> statement.setLong(1, 3), row -> row.getString(1)))
        .isEmpty();
    long count = jdbc.single("SELECT count(*) FROM parents", Jdbc.Parameters.NONE, row -> row.getLong(1));
    assertThat(count).isEqualTo(2);
    assertThat(jdbc.exists("SELECT 1 FROM parents WHERE name = ?", statement -> statement.setString(1, "a"))).isTrue();
    assertThat(jdbc.exists("SELECT 1 FROM parents WHERE name = ?", statement -> statement.setString(1, "z"))).isFalse();
    assertThatThrownBy(() -> jdbc.optional("SELECT name FROM parents", Jdbc.Parameters.NONE, row -> row.getString(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most one row, got 2");
    assertThatThrownBy(() -> jdbc.single("SELECT name FROM parents WHERE id = 9", Jdbc.Parameters.NONE, row -> row.getString(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one row, got 0");
    assertThat(jdbc.update("DELETE FROM parents WHERE id > ?", statement -> statement.setLong(1, 0))).isEqualTo(2);
  }

  @Test
  void batchesAndArrays() {
    jdbc.batch(
        "INSERT INTO parents (id, name) VALUES (?, ?)",
        List.of("x", "y", "z"),
        (statement, name) -> {
          statement.setLong(1, name.charAt(0));
          statement.setString(2, name);
        });
    jdbc.batch("INSERT INTO parents (id, name) VALUES (?, ?)", List.<String>of(), (statement, name) -> {});
    assertThat(
            jdbc.list(
                "SELECT name FROM parents WHERE name = ANY(?) ORDER BY name",
                statement -> statement.setArray(1, Jdbc.textArray(statement, List.of("x", "z", "w"))),
                row -> row.getString(1)))
        .containsExactly("x", "z");
    Optional<Long> none = jdbc.single("SELECT NULL::bigint", Jdbc.Parameters.NONE, row -> Optional.ofNullable(Jdbc.nullableLong(row, 1)));
    assertThat(none).isEmpty();
  }

  @Test
  void aTransactionCommitsOrRollsBackEverythingInIt() {
    jdbc.inTransaction(connection -> {
      insert(1, "a");
      insert(2, "b");
      return null;
    });
    assertThat(names()).containsExactly("a", "b");

    assertThatThrownBy(() -> jdbc.inTransaction(connection -> {
          insert(3, "c");
          // a nested transaction joins the outer one: it is rolled back with it
          jdbc.inTransaction(nested -> insert(4, "d"));
          assertThat(nested(connection)).isTrue();
          throw new IllegalArgumentException("changed my mind");
        }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(names()).containsExactly("a", "b");

    // a statement PostgreSQL refuses rolls back the statements before it
    assertThatThrownBy(() -> jdbc.inTransaction(connection -> {
          insert(5, "e");
          return insert(6, "a");
        }))
        .isInstanceOf(DatabaseException.UniqueViolation.class);
    assertThat(names()).containsExactly("a", "b");
    // and the connections went back to autocommit
    insert(7, "g");
    assertThat(names()).containsExactly("a", "b", "g");
  }

  /** Whether a statement outside the transaction sees no uncommitted row (the transaction is its own). */
  private boolean nested(Connection transaction) throws java.sql.SQLException {
    try (Connection other = dataSource.getConnection();
        Statement statement = other.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM parents WHERE id IN (3, 4)")) {
      rows.next();
      return rows.getLong(1) == 0 && !transaction.getAutoCommit();
    }
  }

  @Test
  void failuresAreTypedBySqlState() {
    insert(1, "a");
    assertThatThrownBy(() -> insert(2, "a"))
        .isInstanceOf(DatabaseException.UniqueViolation.class)
        .hasMessageContaining("23505")
        .extracting(e -> ((DatabaseException) e).sqlState())
        .isEqualTo("23505");
    assertThatThrownBy(() -> jdbc.update("INSERT INTO children (id, parent_id) VALUES (1, 99)", Jdbc.Parameters.NONE))
        .isInstanceOf(DatabaseException.ForeignKeyViolation.class);
    assertThatThrownBy(() -> raise("40001")).isInstanceOf(DatabaseException.SerializationFailure.class);
    assertThatThrownBy(() -> raise("55P03")).isInstanceOf(DatabaseException.LockNotAvailable.class);
    assertThatThrownBy(() -> jdbc.update("SELECT no_such_column FROM parents", Jdbc.Parameters.NONE))
        .isExactlyInstanceOf(DatabaseException.class)
        .extracting(e -> ((DatabaseException) e).sqlState())
        .isEqualTo("42703");
  }

  private void raise(String sqlState) {
    jdbc.update("DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '" + sqlState + "'; END $$", Jdbc.Parameters.NONE);
  }

  @Test
  void lockNotAvailableFromARealLock() throws Exception {
    insert(1, "a");
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("SELECT * FROM parents WHERE id = 1 FOR UPDATE");
      }
      assertThatThrownBy(() -> jdbc.list("SELECT id FROM parents WHERE id = 1 FOR UPDATE NOWAIT", Jdbc.Parameters.NONE, row -> 1))
          .isInstanceOf(DatabaseException.LockNotAvailable.class);
      holder.rollback();
    }
  }
}
