package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;

/**
 * The in-memory snapshot of one store's data (access, governance), kept current: loaded at start,
 * reloaded when {@link ChangeListener} hears of a change made on any node, and after this node's
 * own writes ({@link #afterWrite}). A reload never publishes a version older than the one held (a
 * slower concurrent reload).
 *
 * @param <S> the snapshot type
 */
public final class FollowedSnapshot<S> {
  private final Jdbc jdbc;
  private final Jdbc.Work<S> loader;
  private final ChangeListener.VersionQuery versionQuery;
  private final ToLongFunction<S> versionOf;
  private final S empty;
  private final ChangeListener listener;
  private final Object reloadLock = new Object();
  private volatile S snapshot;
  /**
   * This thread's view of the stores written in the transaction under way on it, by snapshot: its
   * own uncommitted writes, for this thread alone until {@link #endTransactionViews}.
   */
  private static final ThreadLocal<Map<FollowedSnapshot<?>, Object>> TRANSACTION_VIEWS = new ThreadLocal<>();

  /**
   * @param channel the notification channel of the store's triggers
   * @param listenerName the listener's connection and thread name
   * @param loader reads a whole snapshot at one version
   * @param versionQuery reads the stored version
   * @param versionOf a snapshot's version
   * @param empty the snapshot held before the first load
   */
  public FollowedSnapshot(
      String channel,
      String listenerName,
      DataSource dataSource,
      Duration versionCheckInterval,
      Jdbc.Work<S> loader,
      ChangeListener.VersionQuery versionQuery,
      ToLongFunction<S> versionOf,
      S empty) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    this.loader = requireNonNull(loader, "loader is null");
    this.versionQuery = requireNonNull(versionQuery, "versionQuery is null");
    this.versionOf = requireNonNull(versionOf, "versionOf is null");
    this.empty = requireNonNull(empty, "empty is null");
    this.snapshot = empty;
    this.listener =
        new ChangeListener(channel, listenerName, versionQuery, dataSource, versionCheckInterval, this::version, this::reload);
  }

  /** Loads the data and starts following changes; idempotent. */
  public synchronized void start() {
    if (listener.isRunning()) {
      return;
    }
    reload();
    listener.start();
  }

  /** Stops following changes (the snapshot stays readable). */
  public synchronized void stop() {
    listener.stop();
  }

  /** The snapshot (this thread's transaction view, if any); loaded on first use when {@link #start()} has not run yet. */
  @SuppressWarnings("unchecked")
  public S current() {
    Map<FollowedSnapshot<?>, Object> views = TRANSACTION_VIEWS.get();
    if (views != null && views.containsKey(this)) {
      return (S) views.get(this);
    }
    S current = snapshot;
    if (current == empty) {
      reload();
      current = snapshot;
    }
    return current;
  }

  /** The version of the snapshot held. */
  public long version() {
    return versionOf.applyAsLong(current());
  }

  /** Reloads when the stored version differs from the held one (after other stores' cascades). */
  public void refreshIfChanged() {
    if (jdbc.onConnection(versionQuery::storedVersion) != version()) {
      reload();
    }
  }

  /** Reads everything at one version and publishes it, unless a newer snapshot is already held. */
  public void reload() {
    synchronized (reloadLock) {
      S loaded = jdbc.onConnection(loader);
      if (snapshot == empty || versionOf.applyAsLong(loaded) >= versionOf.applyAsLong(snapshot)) {
        snapshot = loaded;
      }
    }
  }

  /**
   * Runs one of this node's writes, then reloads (also when it failed) so the caller sees it at
   * once. Inside a transaction still under way on this thread (a change that commits together with
   * its audit record), nothing is committed yet: the data as that transaction sees it becomes this
   * thread's view ({@link #current} on this thread only) until the committer ends the views ({@link
   * #endTransactionViews}) and refreshes ({@link #refreshIfChanged}).
   */
  public <T> T afterWrite(Supplier<T> write) {
    // views only where the committer ends them (never left behind on a pooled thread)
    boolean inTransaction = jdbc.transactionUnderWay() && TRANSACTION_VIEWS.get() != null;
    if (!inTransaction) {
      try {
        return write.get();
      } finally {
        reload();
      }
    }
    // a failed write dooms the transaction (nothing of it commits): no view to take
    T result = write.get();
    TRANSACTION_VIEWS.get().put(this, jdbc.onConnection(loader));
    return result;
  }

  /** Begins this thread's transaction views (see {@link #afterWrite}). */
  public static void beginTransactionViews() {
    TRANSACTION_VIEWS.set(new HashMap<>());
  }

  /** Drops this thread's transaction views: its transaction committed or rolled back. */
  public static void endTransactionViews() {
    TRANSACTION_VIEWS.remove();
  }

  /**
   * Runs {@code read} so that it sees one version of the data: in a repeatable-read transaction of
   * its own, or, when a transaction is under way on the connection, in that one (with its writes).
   */
  public static <T> T atOneVersion(Connection connection, Jdbc.Work<T> read) throws SQLException {
    if (!connection.getAutoCommit()) {
      return read.run(connection);
    }
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      T result = read.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.setAutoCommit(true);
    }
  }

  /** As {@link #afterWrite(Supplier)}, for a write without a result. */
  public void afterWrite(Runnable write) {
    afterWrite(
        () -> {
          write.run();
          return null;
        });
  }
}
