package dev.floe.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.audit.AsyncAuditWriter;
import dev.floe.audit.AuditEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How fast audit events reach PostgreSQL: the store alone at several batch sizes, the writer with
 * the default settings under saturation (4 threads recording as fast as they can), and the
 * record-to-stored latency at a steady 2,000 events/s. PostgreSQL runs with synchronous_commit=on,
 * as a production database would. Prints and writes {@code target/it/audit-throughput.txt};
 * asserts only that every event was stored, no timing.
 */
class ITAuditThroughput {
  private static final List<String> REPORT = new ArrayList<>();
  private static AuditDatabase database;
  private static PostgresAuditStore store;

  @BeforeAll
  static void startDatabase() {
    database = AuditDatabase.start("audit-throughput-postgres", true);
    store = new PostgresAuditStore(database.dataSource());
    line("%d cores; PostgreSQL %s, synchronous_commit=on", Runtime.getRuntime().availableProcessors(), "embedded (zonky)");
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    if (database != null) {
      database.close();
    }
    Path report = Path.of(System.getProperty("floe.it.work-dir", "target/it")).resolve("audit-throughput.txt");
    Files.createDirectories(report.getParent());
    Files.write(report, REPORT);
  }

  private static void line(String format, Object... arguments) {
    String line = String.format(Locale.ROOT, format, arguments);
    System.out.println(line);
    REPORT.add(line);
  }

  private static AuditEvent event(int thread, int number) {
    return new AuditEvent(
        UUID.randomUUID(),
        Instant.now(),
        AuditEvent.Kind.AUTHORIZATION,
        "principal_" + thread,
        "LOAD_TABLE",
        "table:lake.sales.orders_" + (number % 1000),
        number % 10 == 0 ? "DENY" : "ALLOW",
        "granted by catalog role analysts: TABLE_READ_PROPERTIES on namespace lake.sales",
        "a3f9c2d0-" + number,
        "10.1.2." + thread,
        Map.of("status", "200"));
  }

  @Test
  void storeAloneAtSeveralBatchSizes() {
    for (int batchSize : new int[] {1, 10, 100, 500, 1000}) {
      int total = batchSize == 1 ? 2_000 : batchSize == 10 ? 10_000 : 50_000;
      List<AuditEvent> events = new ArrayList<>(total);
      for (int i = 0; i < total; i++) {
        events.add(event(0, i));
      }
      database.truncate();
      long started = System.nanoTime();
      for (int start = 0; start < total; start += batchSize) {
        store.append(events.subList(start, Math.min(total, start + batchSize)));
      }
      long elapsed = System.nanoTime() - started;
      assertThat(database.count()).isEqualTo(total);
      line(
          "store.append, batch %4d: %,7d events in %,6d ms = %,9.0f events/s (%.2f ms per batch)",
          batchSize,
          total,
          TimeUnit.NANOSECONDS.toMillis(elapsed),
          total / (elapsed / 1e9),
          elapsed / 1e6 / Math.ceil((double) total / batchSize));
    }
  }

  @Test
  void writerUnderSaturation() throws Exception {
    database.truncate();
    int threads = 4;
    int perThread = 50_000;
    AsyncAuditWriter writer = new AsyncAuditWriter(store, AsyncAuditWriter.Settings.defaults());
    long started = System.nanoTime();
    List<CompletableFuture<Long>> producers = new ArrayList<>();
    for (int thread = 0; thread < threads; thread++) {
      int id = thread;
      producers.add(
          CompletableFuture.supplyAsync(
              () -> {
                long slowest = 0;
                for (int i = 0; i < perThread; i++) {
                  AuditEvent event = event(id, i);
                  long before = System.nanoTime();
                  writer.record(event);
                  slowest = Math.max(slowest, System.nanoTime() - before);
                }
                return slowest;
              },
              command -> new Thread(command).start()));
    }
    long slowestRecord = 0;
    for (CompletableFuture<Long> producer : producers) {
      slowestRecord = Math.max(slowestRecord, producer.get(10, TimeUnit.MINUTES));
    }
    long recordedAll = System.nanoTime() - started;
    while (writer.stats().written() < (long) threads * perThread) {
      Thread.sleep(1);
    }
    long elapsed = System.nanoTime() - started;
    AsyncAuditWriter.Stats stats = writer.stats();
    writer.close();
    assertThat(database.count()).isEqualTo((long) threads * perThread);
    line(
        "writer (batch 1000, 50 ms, queue 10,000), %d threads recording flat out: %,d events stored in %,d ms = %,.0f events/s;"
            + " recording took %,d ms (slowest record() %,.1f ms: backpressure); record->stored mean %,.1f ms, max %,.1f ms; %d failed attempts",
        threads,
        stats.written(),
        TimeUnit.NANOSECONDS.toMillis(elapsed),
        stats.written() / (elapsed / 1e9),
        TimeUnit.NANOSECONDS.toMillis(recordedAll),
        slowestRecord / 1e6,
        stats.meanLatency().toNanos() / 1e6,
        stats.maxLatencyNanos() / 1e6,
        stats.failedAttempts());
  }

  @Test
  void writerLatencyAtASteadyRate() throws Exception {
    database.truncate();
    int rate = 2_000;
    int seconds = 5;
    AsyncAuditWriter writer = new AsyncAuditWriter(store, AsyncAuditWriter.Settings.defaults());
    long tick = TimeUnit.SECONDS.toNanos(1) / rate;
    long started = System.nanoTime();
    long recordNanos = 0;
    long slowestRecord = 0;
    for (int i = 0; i < rate * seconds; i++) {
      long due = started + i * tick;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      AuditEvent event = event(0, i);
      long before = System.nanoTime();
      writer.record(event);
      long took = System.nanoTime() - before;
      recordNanos += took;
      slowestRecord = Math.max(slowestRecord, took);
    }
    while (writer.stats().written() < (long) rate * seconds) {
      Thread.sleep(1);
    }
    AsyncAuditWriter.Stats stats = writer.stats();
    writer.close();
    assertThat(database.count()).isEqualTo((long) rate * seconds);
    line(
        "writer (batch 1000, 50 ms) at a steady %,d events/s for %d s: record() mean %,.1f us, max %,.1f us;"
            + " record->stored mean %,.1f ms, max %,.1f ms",
        rate,
        seconds,
        recordNanos / 1e3 / (rate * seconds),
        slowestRecord / 1e3,
        stats.meanLatency().toNanos() / 1e6,
        stats.maxLatencyNanos() / 1e6);
  }

}
