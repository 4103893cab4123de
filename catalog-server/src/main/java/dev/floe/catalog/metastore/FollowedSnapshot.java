package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
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

  /** The snapshot; loaded on first use when {@link #start()} has not run yet. */
  public S current() {
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

  /** Runs one of this node's writes, then reloads (also when it failed) so the caller sees it at once. */
  public <T> T afterWrite(Supplier<T> write) {
    try {
      return write.get();
    } finally {
      reload();
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
