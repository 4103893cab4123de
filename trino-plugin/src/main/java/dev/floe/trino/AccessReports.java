package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.AccessReport;
import dev.floe.policy.governance.api.AccessReportBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends access reports to Floe in batches, on its own thread, so that no query waits for Floe.
 * A report that finds the queue full, or whose batch Floe does not take (after one retry), is
 * dropped: counted in {@link #dropped()} and logged.
 */
final class AccessReports implements AutoCloseable {
  /** Floe's endpoint for access reports. */
  static final String REPORTS_PATH = "/api/governance/v1/access-reports";

  private static final Logger LOG = Logger.getLogger(AccessReports.class.getName());

  private final Consumer<AccessReportBatch> sender;
  private final BlockingQueue<AccessReport> queue;
  private final int batchSize;
  private final Duration flushInterval;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  AccessReports(Consumer<AccessReportBatch> sender, int queueSize, int batchSize, Duration flushInterval) {
    this.sender = requireNonNull(sender, "sender is null");
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.batchSize = batchSize;
    this.flushInterval = requireNonNull(flushInterval, "flushInterval is null");
    this.thread = new Thread(this::run, "floe-access-reports");
    thread.setDaemon(true);
    thread.start();
  }

  static AccessReports toFloe(FloeHttp http, FloePluginConfig config) {
    return new AccessReports(
        batch -> http.post(REPORTS_PATH, batch, Void.class),
        config.reportQueueSize(),
        config.reportBatchSize(),
        Duration.ofSeconds(1));
  }

  /** Queues a report; never blocks. */
  void submit(AccessReport report) {
    if (!queue.offer(report)) {
      long total = dropped.incrementAndGet();
      LOG.log(Level.WARNING, "Access report queue full: dropped the report of query {0} ({1} dropped so far)", new Object[] {report.queryId(), total});
    }
  }

  /** Reports Floe has taken. */
  long sent() {
    return sent.get();
  }

  /** Reports dropped (queue full, or Floe did not take them). */
  long dropped() {
    return dropped.get();
  }

  private void run() {
    List<AccessReport> batch = new ArrayList<>(batchSize);
    while (running || !queue.isEmpty()) {
      try {
        AccessReport first = queue.poll(flushInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        send(batch);
      } catch (InterruptedException e) {
        running = false;
      } finally {
        batch.clear();
      }
    }
  }

  private void send(List<AccessReport> batch) {
    AccessReportBatch reports = new AccessReportBatch(batch);
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        sender.accept(reports);
        sent.addAndGet(batch.size());
        return;
      } catch (RuntimeException e) {
        if (attempt == 2) {
          long total = dropped.addAndGet(batch.size());
          LOG.log(Level.WARNING, "Floe did not take " + batch.size() + " access reports (" + total + " dropped so far): " + e.getMessage());
        }
      }
    }
  }

  /** Sends what is queued (waiting up to 5 s) and stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
