package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Follows the changes of one in-memory store's data made anywhere: on its own thread and its own
 * connection it {@code LISTEN}s on the store's channel (its migrations' triggers notify it with the
 * store's new version in the transaction of every change, cascades included) and asks for a
 * reload when a notification carries a version newer than the one held. Every {@code
 * versionCheckInterval}, and after each (re)connect, it compares the stored version with the held
 * one: the backstop for notifications lost while its connection was down. After a failure it
 * reconnects with a backoff of 200 ms doubling to 10 s. Used by the access store ({@code
 * floe_access}) and the governance store ({@code floe_governance}).
 */
public final class ChangeListener {
  /** Reads the stored version on the listener's connection. */
  @FunctionalInterface
  public interface VersionQuery {
    long storedVersion(Connection connection) throws SQLException;
  }

  private static final Logger LOG = Logger.getLogger(ChangeListener.class);

  private final String channel;
  private final String listenerName;
  private final VersionQuery versionQuery;
  private final DataSource dataSource;
  private final Duration versionCheckInterval;
  private final LongSupplier heldVersion;
  private final Runnable reload;
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
    this.channel = requireNonNull(channel, "channel is null");
    this.listenerName = requireNonNull(listenerName, "listenerName is null");
    this.versionQuery = requireNonNull(versionQuery, "versionQuery is null");
    if (!channel.matches("[a-z_]+") || !listenerName.matches("[a-z-]+")) {
      throw new IllegalArgumentException("channel and listener name must be plain identifiers");
    }
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.versionCheckInterval = requireNonNull(versionCheckInterval, "versionCheckInterval is null");
    this.heldVersion = requireNonNull(heldVersion, "heldVersion is null");
    this.reload = requireNonNull(reload, "reload is null");
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
        checkVersion(connection);
        backoffMillis = 200;
        long nextCheck = System.nanoTime() + versionCheckInterval.toNanos();
        while (running) {
          long waitMillis = Math.max(1, Math.min(1_000, (nextCheck - System.nanoTime()) / 1_000_000));
          PGNotification[] notifications = postgres.getNotifications((int) waitMillis);
          if (notifications != null && notifications.length > 0) {
            long newest = newestVersion(notifications);
            if (newest == Long.MIN_VALUE || newest > heldVersion.getAsLong()) {
              reload.run();
            }
          }
          if (System.nanoTime() - nextCheck >= 0) {
            checkVersion(connection);
            nextCheck = System.nanoTime() + versionCheckInterval.toNanos();
          }
        }
        // a pooled connection must not keep listening: the server keeps notifications for every
        // listener until it reads them
        try (Statement statement = connection.createStatement()) {
          statement.execute("UNLISTEN *");
          statement.execute("RESET application_name");
        }
      } catch (SQLException | RuntimeException e) {
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

  private void checkVersion(Connection connection) throws SQLException {
    if (versionQuery.storedVersion(connection) != heldVersion.getAsLong()) {
      reload.run();
    }
  }

  private static long newestVersion(PGNotification[] notifications) {
    long newest = Long.MIN_VALUE + 1;
    for (PGNotification notification : notifications) {
      try {
        newest = Math.max(newest, Long.parseLong(notification.getParameter()));
      } catch (NumberFormatException e) {
        return Long.MIN_VALUE; // not ours to interpret: reload to be safe
      }
    }
    return newest;
  }
}
