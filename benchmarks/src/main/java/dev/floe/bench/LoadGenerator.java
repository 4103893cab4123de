package dev.floe.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives an {@link Operation} in one of two models, bounded in count and in time, and records
 * latencies (microseconds) in HdrHistograms.
 *
 * <ul>
 *   <li><b>closed</b>: N clients, each starts its next request when the previous one has
 *       answered; latency is measured from the actual send.
 *   <li><b>open</b>: requests are scheduled at a fixed arrival rate, independent of responses
 *       (request i is due at {@code t0 + i / rate}); a pool of workers sends each request at its
 *       due time, and latency is measured from that intended start, so time spent waiting for a
 *       free worker when the server falls behind counts (no coordinated omission).
 * </ul>
 */
final class LoadGenerator {
  /** Latencies above this are clamped (and still counted). */
  private static final long MAX_TRACKABLE_MICROS = TimeUnit.SECONDS.toMicros(120);

  private LoadGenerator() {}

  /** One request (or client-side operation); returns its category (0 .. categories-1). */
  @FunctionalInterface
  interface Operation {
    int run(int worker, long sequence) throws Exception;
  }

  static Histogram newHistogram() {
    return new Histogram(MAX_TRACKABLE_MICROS, 3);
  }

  /** Runs {@code clients} closed-loop clients for {@code duration} or {@code maxOps} operations in all. */
  static Result closed(
      String label, int clients, Duration duration, long maxOps, int categories, Operation operation)
      throws InterruptedException {
    Worker[] workers = new Worker[clients];
    AtomicLong sequence = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Worker worker = new Worker(categories);
      workers[i] = worker;
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                long deadline = window[0] + duration.toNanos();
                while (System.nanoTime() < deadline) {
                  long n = sequence.getAndIncrement();
                  if (n >= maxOps) {
                    break;
                  }
                  long begin = System.nanoTime();
                  int category;
                  try {
                    category = operation.run(index, n);
                  } catch (Exception | AssertionError e) {
                    worker.error(e);
                    continue;
                  }
                  worker.record(category, System.nanoTime() - begin);
                }
                worker.finishedAt = System.nanoTime();
              },
              label + "-client-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    window[0] = System.nanoTime();
    start.countDown();
    joinAll(threads, duration.plusSeconds(120));
    long end = 0;
    for (Worker worker : workers) {
      end = Math.max(end, worker.finishedAt);
    }
    return Result.of(label, "closed", clients, 0, workers, window[0], end, 0, categories);
  }

  /**
   * Sends {@code rate * duration} requests at a fixed rate through {@code workers} workers.
   * Requests not started by {@code duration + grace} are not sent and are reported as missed.
   */
  static Result open(
      String label, double rate, Duration duration, int workerCount, int categories, Operation operation)
      throws InterruptedException {
    long total = Math.max(1, (long) Math.floor(rate * duration.toNanos() / 1e9));
    double periodNanos = 1e9 / rate;
    long grace = Math.max(TimeUnit.SECONDS.toNanos(2), duration.toNanos() / 5);
    AtomicLong tickets = new AtomicLong();
    AtomicLong missed = new AtomicLong();
    Worker[] workers = new Worker[workerCount];
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long hardDeadline = t0 + duration.toNanos() + grace;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workerCount; i++) {
      Worker worker = new Worker(categories);
      workers[i] = worker;
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  long n = tickets.getAndIncrement();
                  if (n >= total) {
                    break;
                  }
                  long intended = t0 + (long) (n * periodNanos);
                  long now;
                  while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                  }
                  if (now > hardDeadline) {
                    missed.incrementAndGet();
                    continue;
                  }
                  int category;
                  try {
                    category = operation.run(index, n);
                  } catch (Exception | AssertionError e) {
                    worker.error(e);
                    continue;
                  }
                  worker.record(category, System.nanoTime() - intended);
                }
                worker.finishedAt = System.nanoTime();
              },
              label + "-worker-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    joinAll(threads, duration.plusSeconds(180));
    long end = 0;
    for (Worker worker : workers) {
      end = Math.max(end, worker.finishedAt);
    }
    return Result.of(label, "open", workerCount, rate, workers, t0, end, missed.get(), categories);
  }

  private static void joinAll(List<Thread> threads, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not finish within " + limit);
      }
    }
  }

  /** Per-thread recording (no sharing on the hot path). */
  static final class Worker {
    final Histogram all = newHistogram();
    final Histogram[] byCategory;
    long errors;
    String firstError;
    volatile long finishedAt;

    Worker(int categories) {
      byCategory = new Histogram[categories];
      for (int i = 0; i < categories; i++) {
        byCategory[i] = newHistogram();
      }
    }

    void record(int category, long nanos) {
      long micros = Math.min(MAX_TRACKABLE_MICROS, Math.max(1, nanos / 1000));
      all.recordValue(micros);
      byCategory[category].recordValue(micros);
    }

    void error(Throwable e) {
      errors++;
      if (firstError == null) {
        firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  /** What a run measured. */
  record Result(
      String label,
      String model,
      int clients,
      double targetRate,
      long ok,
      long errors,
      long missed,
      double seconds,
      Histogram histogram,
      Histogram[] byCategory,
      String firstError) {

    static Result of(
        String label,
        String model,
        int clients,
        double rate,
        Worker[] workers,
        long start,
        long end,
        long missed,
        int categories) {
      Histogram all = newHistogram();
      Histogram[] byCategory = new Histogram[categories];
      for (int i = 0; i < categories; i++) {
        byCategory[i] = newHistogram();
      }
      long errors = 0;
      String firstError = null;
      for (Worker worker : workers) {
        all.add(worker.all);
        for (int i = 0; i < categories; i++) {
          byCategory[i].add(worker.byCategory[i]);
        }
        errors += worker.errors;
        if (firstError == null) {
          firstError = worker.firstError;
        }
      }
      double seconds = Math.max(1e-9, (end - start) / 1e9);
      return new Result(
          label, model, clients, rate, all.getTotalCount(), errors, missed, seconds, all, byCategory, firstError);
    }

    double throughput() {
      return ok / seconds;
    }

    double throughput(int category) {
      return byCategory[category].getTotalCount() / seconds;
    }
  }
}
