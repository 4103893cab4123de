package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Follows the changes of data held in memory made anywhere: on its own thread and its own
 * connection it {@code LISTEN}s on a channel (migrations' triggers notify it in the transaction of
 * every change, cascades included) and hands what it hears to its {@link Subscriber}. After each
 * (re)connect, and every {@code checkInterval}, the subscriber checks what it may have missed;
 * after a failure it reconnects with a backoff of 200 ms doubling to 10 s.
 *
 * <p>The version form ({@link #ChangeListener(String, String, VersionQuery, DataSource, Duration,
 * LongSupplier, Runnable)}) follows one store whose notifications carry its new version: it asks
 * for a reload when one is newer than the version held, or when the stored version differs from
 * it at a check. Used by the access store ({@code floe_access}) and the governance store ({@code
 * floe_governance}); the pointer cache subscribes to {@code floe_pointers} ({@link
 * PointerListener}).
 */
public final class ChangeListener {
  /** Reads the stored version on the listener's connection. */
  @FunctionalInterface
  public interface VersionQuery {
    long storedVersion(Connection connection) throws SQLException;
  }

  /** What a listener hears, on its thread. */
  public interface Subscriber {
    /** Listening (again): everything from now on is heard; catch up on what may have been missed. */
    void listening(Connection connection) throws SQLException;

    /** Notifications' payloads, oldest first. */
    void notified(List<String> payloads);

    /** Every check interval while listening. */
    void check(Connection connection) throws SQLException;

    /** The connection is lost: nothing is heard until {@link #listening} again. */
    void lost();
  }

  private static final Logger LOG = Logger.getLogger(ChangeListener.class);

  private final String channel;
  private final String listenerName;
  private final DataSource dataSource;
  private final Duration checkInterval;
  private final Subscriber subscriber;
  private volatile boolean running;
  private volatile Thread thread;

  /**
   * @param channel the notification channel (a plain SQL identifier)
   * @param listenerName the application name of the listener's connection, as {@code
   *     pg_stat_activity} shows it, and the name of its thread
   * @param versionQuery reads the stored version
   * @param heldVersion the version of the snapshot held now
   * @param reload reloads the snapshot (and publishes it unless it is older than the held one)
   */
  public ChangeListener(
      String channel,
      String listenerName,
      VersionQuery versionQuery,
      DataSource dataSource,
      Duration versionCheckInterval,
      LongSupplier heldVersion,
      Runnable reload) {
    this(channel, listenerName, dataSource, versionCheckInterval, new VersionFollower(versionQuery, heldVersion, reload));
  }

  /**
   * @param channel the notification channel (a plain SQL identifier)
   * @param listenerName the application name of the listener's connection, as {@code
   *     pg_stat_activity} shows it, and the name of its thread
   * @param checkInterval how often the subscriber checks what it may have missed
   */
  public ChangeListener(String channel, String listenerName, DataSource dataSource, Duration checkInterval, Subscriber subscriber) {
    this.channel = requireNonNull(channel, "channel is null");
    this.listenerName = requireNonNull(listenerName, "listenerName is null");
    if (!channel.matches("[a-z_]+") || !listenerName.matches("[a-z-]+")) {
      throw new IllegalArgumentException("channel and listener name must be plain identifiers");
    }
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.checkInterval = requireNonNull(checkInterval, "checkInterval is null");
    this.subscriber = requireNonNull(subscriber, "subscriber is null");
  }

  /** Starts listening; idempotent. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread listener = new Thread(this::listen, listenerName);
    listener.setDaemon(true);
    thread = listener;
    listener.start();
  }

  /** Stops listening and gives the connection back; waits up to 5 s for the thread. */
  public synchronized void stop() {
    running = false;
    Thread listener = thread;
    thread = null;
    if (listener != null) {
      // the listener sees the flag within a second (its longest wait for notifications), stops
      // listening and gives its connection back
      try {
        listener.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void listen() {
    long backoffMillis = 200;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET application_name = '" + listenerName + "'");
          statement.execute("LISTEN " + channel);
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        // whatever changed while no one listened
        subscriber.listening(connection);
        backoffMillis = 200;
        long nextCheck = System.nanoTime() + checkInterval.toNanos();
        while (running) {
          long waitMillis = Math.max(1, Math.min(1_000, (nextCheck - System.nanoTime()) / 1_000_000));
          PGNotification[] notifications = postgres.getNotifications((int) waitMillis);
          if (notifications != null && notifications.length > 0) {
            List<String> payloads = new ArrayList<>(notifications.length);
            for (PGNotification notification : notifications) {
              payloads.add(notification.getParameter());
            }
            subscriber.notified(payloads);
          }
          if (System.nanoTime() - nextCheck >= 0) {
            subscriber.check(connection);
            nextCheck = System.nanoTime() + checkInterval.toNanos();
          }
        }
        // a pooled connection must not keep listening: the server keeps notifications for every
        // listener until it reads them
        try (Statement statement = connection.createStatement()) {
          statement.execute("UNLISTEN *");
          statement.execute("RESET application_name");
        }
      } catch (SQLException | RuntimeException e) {
        subscriber.lost();
        if (!running) {
          break;
        }
        LOG.warnf(listenerName + " lost its database connection (%s); reconnecting in %d ms", e.getMessage(), backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          break;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  /** Follows one store's version: reloads when a newer one is heard of or stored. */
  private record VersionFollower(VersionQuery versionQuery, LongSupplier heldVersion, Runnable reload) implements Subscriber {
    VersionFollower {
      requireNonNull(versionQuery, "versionQuery is null");
      requireNonNull(heldVersion, "heldVersion is null");
      requireNonNull(reload, "reload is null");
    }

    @Override
    public void listening(Connection connection) throws SQLException {
      check(connection);
    }

    @Override
    public void notified(List<String> payloads) {
      long newest = newestVersion(payloads);
      if (newest == Long.MIN_VALUE || newest > heldVersion.getAsLong()) {
        reload.run();
      }
    }

    @Override
    public void check(Connection connection) throws SQLException {
      if (versionQuery.storedVersion(connection) != heldVersion.getAsLong()) {
        reload.run();
      }
    }

    @Override
    public void lost() {}

    private static long newestVersion(List<String> payloads) {
      long newest = Long.MIN_VALUE + 1;
      for (String payload : payloads) {
        try {
          newest = Math.max(newest, Long.parseLong(payload));
        } catch (NumberFormatException e) {
          return Long.MIN_VALUE; // not ours to interpret: reload to be safe
        }
      }
      return newest;
    }
  }
}
