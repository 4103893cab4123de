package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one way Floe's stores talk to PostgreSQL: plain JDBC, one prepared statement per call, every
 * {@link SQLException} turned into a {@link DatabaseException} (typed by SQLState for the failures
 * a store reacts to).
 *
 * <p>Transactions: every call runs on the connection of the transaction under way on this thread,
 * if any, and in autocommit otherwise. A JTA transaction ({@code @Transactional}, {@code
 * QuarkusTransaction}) is joined because Agroal hands every {@code getConnection()} inside it the
 * same enlisted connection; a transaction begun by {@link #inTransaction} is joined because the
 * helper keeps its connection for the thread until it ends. {@link #inTransaction} itself joins
 * either kind, or begins (and commits or rolls back) a local one.
 */
public final class Jdbc {
  /** The local transaction {@link #inTransaction} runs on this thread, if any. */
  private static final ThreadLocal<LocalTransaction> LOCAL = new ThreadLocal<>();
  /** What must commit with the next transaction that writes on this thread, if anything. */
  private static final ThreadLocal<CommitCompanion> COMPANION = new ThreadLocal<>();

  /**
   * Work that must commit together with the next transaction that writes on this thread (the audit
   * record of the change under way, {@code audit.MutationRecords}): {@link #inTransaction}'s local
   * transactions call it just before they commit, a write outside any transaction runs in a local
   * one for it, and a JTA transaction is handed to it ({@link #inJtaTransaction}) to do the same
   * at its completion.
   */
  public interface CommitCompanion {
    /** Whether it still needs a transaction to commit with. */
    boolean pending();

    /** Writes into the local transaction about to commit on this thread. */
    void beforeCommit();

    /** The local transaction it wrote into committed. */
    void afterCommit();

    /** A JTA transaction is under way on this thread: write into it before it completes. */
    void inJtaTransaction();
  }

  /** Runs {@code body} with {@code companion} for the transactions it commits on this thread. */
  public static <T> T withCompanion(CommitCompanion companion, java.util.function.Supplier<T> body) {
    CommitCompanion outer = COMPANION.get();
    COMPANION.set(requireNonNull(companion, "companion is null"));
    try {
      return body.get();
    } finally {
      if (outer == null) {
        COMPANION.remove();
      } else {
        COMPANION.set(outer);
      }
    }
  }

  private static CommitCompanion pendingCompanion() {
    CommitCompanion companion = COMPANION.get();
    return companion != null && companion.pending() ? companion : null;
  }

  private record LocalTransaction(DataSource dataSource, Connection connection) {}

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Parameters {
    Parameters NONE = statement -> {};

    void set(PreparedStatement statement) throws SQLException;
  }

  /** Sets a batch statement's parameters for one item. */
  @FunctionalInterface
  public interface BatchParameters<T> {
    void set(PreparedStatement statement, T item) throws SQLException;
  }

  /** Reads the current row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Work on the transaction's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Every row of a query (or of a statement with {@code RETURNING}). */
  public <T> List<T> list(String sql, Parameters parameters, RowMapper<T> mapper) {
    return run(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        parameters.set(statement);
        try (ResultSet results = statement.executeQuery()) {
          List<T> rows = new ArrayList<>();
          while (results.next()) {
            rows.add(mapper.map(results));
          }
          return rows;
        }
      }
    });
  }

  /**
   * The one row, if any, of a statement that writes and returns ({@code INSERT}, {@code UPDATE} or
   * {@code DELETE … RETURNING}): a write, for the {@link CommitCompanion} as {@link #update} is.
   */
  public <T> Optional<T> writeReturning(String sql, Parameters parameters, RowMapper<T> mapper) {
    List<T> rows =
        runWrite(connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            try (ResultSet results = statement.executeQuery()) {
              List<T> found = new ArrayList<>();
              while (results.next()) {
                found.add(mapper.map(results));
              }
              return found;
            }
          }
        });
    if (rows.size() > 1) {
      throw new IllegalStateException("Expected at most one row, got " + rows.size() + " from: " + sql);
    }
    return rows.stream().findFirst();
  }

  /** The one row of a query, empty when there is none; more than one row is a bug. */
  public <T> Optional<T> optional(String sql, Parameters parameters, RowMapper<T> mapper) {
    List<T> rows = list(sql, parameters, mapper);
    if (rows.size() > 1) {
      throw new IllegalStateException("Expected at most one row, got " + rows.size() + " from: " + sql);
    }
    return rows.stream().findFirst();
  }

  /** The one row of a query; none or more than one is a bug. */
  public <T> T single(String sql, Parameters parameters, RowMapper<T> mapper) {
    List<T> rows = list(sql, parameters, mapper);
    if (rows.size() != 1) {
      throw new IllegalStateException("Expected one row, got " + rows.size() + " from: " + sql);
    }
    return rows.get(0);
  }

  /** Whether a query returns any row. */
  public boolean exists(String sql, Parameters parameters) {
    return !list(sql, parameters, row -> Boolean.TRUE).isEmpty();
  }

  /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns the rows changed. */
  public int update(String sql, Parameters parameters) {
    return runWrite(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        parameters.set(statement);
        return statement.executeUpdate();
      }
    });
  }

  /** Runs one statement per item as one JDBC batch; nothing when there is no item. */
  public <T> void batch(String sql, Collection<T> items, BatchParameters<T> parameters) {
    if (items.isEmpty()) {
      return;
    }
    runWrite(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (T item : items) {
          parameters.set(statement, item);
          statement.addBatch();
        }
        return statement.executeBatch();
      }
    });
  }

  /**
   * Runs {@code work} in a transaction: the one under way on this thread (JTA or an enclosing
   * {@code inTransaction}) if there is one, else a new local transaction, committed when {@code
   * work} returns and rolled back when it throws. Every call of this helper inside {@code work}
   * runs in the same transaction.
   */
  public <T> T inTransaction(Work<T> work) {
    LocalTransaction current = LOCAL.get();
    if (current != null && current.dataSource() == dataSource) {
      return call(work, current.connection());
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit()) {
        // a JTA transaction holds this connection: join it, its owner commits
        joinedJta();
        return call(work, connection);
      }
      connection.setAutoCommit(false);
      LOCAL.set(new LocalTransaction(dataSource, connection));
      try {
        T result = work.run(connection);
        CommitCompanion companion = pendingCompanion();
        if (companion != null) {
          companion.beforeCommit();
        }
        connection.commit();
        if (companion != null) {
          companion.afterCommit();
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        LOCAL.remove();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw DatabaseException.of(e);
    }
  }

  /** Whether a local transaction of this helper's data source is under way on this thread. */
  public boolean transactionUnderWay() {
    LocalTransaction current = LOCAL.get();
    return current != null && current.dataSource() == dataSource;
  }

  /** A text array parameter ({@code = ANY(?)}, {@code unnest(?)}). */
  public static Array textArray(PreparedStatement statement, Collection<String> values) throws SQLException {
    return statement.getConnection().createArrayOf("text", values.toArray());
  }

  /** A nullable {@code bigint} column. */
  public static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /**
   * Runs {@code work} on a connection: the transaction's under way on this thread, else one of
   * its own in auto-commit (for work that manages its own transaction, such as a snapshot read at
   * one isolation level).
   */
  public <T> T onConnection(Work<T> work) {
    return run(work);
  }

  private <T> T run(Work<T> work) {
    LocalTransaction current = LOCAL.get();
    if (current != null && current.dataSource() == dataSource) {
      return call(work, current.connection());
    }
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw DatabaseException.of(e);
    }
  }

  /** As {@link #run}; a write outside any transaction runs in one when a companion waits for it. */
  private <T> T runWrite(Work<T> work) {
    LocalTransaction current = LOCAL.get();
    if (pendingCompanion() == null || (current != null && current.dataSource() == dataSource)) {
      return run(work);
    }
    return inTransaction(work);
  }

  private static void joinedJta() {
    CommitCompanion companion = pendingCompanion();
    if (companion != null) {
      companion.inJtaTransaction();
    }
  }

  private static <T> T call(Work<T> work, Connection connection) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw DatabaseException.of(e);
    }
  }
}
