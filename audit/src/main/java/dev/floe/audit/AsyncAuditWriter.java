package dev.floe.audit;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link AuditSink} of the server: {@link #record} puts the event in a bounded queue and
 * returns; one writer thread takes the events in order and hands them to an {@link
 * AuditBatchStore} in batches of up to {@link Settings#batchSize()} events, or whatever arrived
 * within {@link Settings#flushInterval()} of the first one.
 *
 * <ul>
 *   <li>No event is dropped: when the queue is full, {@link #record} waits for room (backpressure)
 *       up to {@link Settings#recordTimeout()}, then refuses the event with {@link
 *       AuditUnavailableException} so that the audited action fails instead of going unrecorded.
 *   <li>A batch the store rejects is retried, in order and before any later event, with
 *       exponential backoff from {@link Settings#initialBackoff()} to {@link
 *       Settings#maxBackoff()}, for as long as the process runs; every failed attempt is logged.
 *   <li>{@link #close} stops accepting events and writes everything queued, retrying failures,
 *       for at most {@link Settings#closeTimeout()}. Events still unwritten then are logged one by
 *       one at ERROR (they hold no secrets) and counted as {@link Stats#unwritten()}.
 *   <li>With a {@link ReadAggregator}, {@link #recordRead} folds allowed reads into one event per
 *       window; the writer thread writes the windows that ended (checked at least every {@link
 *       Settings#flushInterval()}) in its batches, and at close every window still open, before it
 *       stops. A read the aggregator cannot take (too many windows open) is queued as by {@link
 *       #record}.
 *   <li>Every event refused by {@link #record} or {@link #recordRead} is counted as {@link
 *       Stats#refused()}; {@link Stats#dropped()} is refused plus unwritten.
 * </ul>
 */
public final class AsyncAuditWriter implements AuditSink, AutoCloseable {
  private static final System.Logger LOGGER = System.getLogger(AsyncAuditWriter.class.getName());
  /** Wakes the writer thread when {@link #close} begins; never written. */
  private static final Entry CLOSE_SIGNAL = new Entry(null, 0);
  private static final long CLOSE_GRACE_MILLIS = 500;

  private final AuditBatchStore store;
  private final Settings settings;
  private final BlockingQueue<Entry> queue;
  private final Thread worker;
  /** Folds reads into windows; null when reads are recorded one by one. */
  private final ReadAggregator aggregator;

  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong unwritten = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong totalLatencyNanos = new AtomicLong();
  private final AtomicLong maxLatencyNanos = new AtomicLong();

  /** Set when close begins: no new events, the writer flushes without waiting for full batches. */
  private volatile boolean closing;
  /** Nanotime by which close gives up retrying. */
  private volatile long closeDeadline;
  /** Set when the writer thread is done: anything still queued is logged, not written. */
  private volatile boolean terminated;

  public AsyncAuditWriter(AuditBatchStore store, Settings settings) {
    this(store, settings, null);
  }

  /**
   * A writer that folds reads ({@link #recordRead}) with {@code aggregator}; {@code null}: every
   * read is an event of its own. The writer owns the aggregator and closes it.
   */
  public AsyncAuditWriter(AuditBatchStore store, Settings settings, ReadAggregator aggregator) {
    this.store = requireNonNull(store, "store is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.aggregator = aggregator;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.worker = new Thread(this::run, "floe-audit-writer");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues {@code event} for writing; waits while the queue is full.
   *
   * @throws AuditUnavailableException when the writer is closed or no room came up within {@link
   *     Settings#recordTimeout()}
   */
  @Override
  public void record(AuditEvent event) {
    requireNonNull(event, "event is null");
    if (closing) {
      throw refuse(new AuditUnavailableException("Audit writer is closed; event " + event.id() + " not recorded"));
    }
    Entry entry = new Entry(event, System.nanoTime());
    boolean queued;
    try {
      queued = offer(entry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refuse(new AuditUnavailableException("Interrupted while waiting to record audit event " + event.id()));
    }
    if (!queued) {
      throw refuse(
          new AuditUnavailableException(
              "Audit queue full for %d ms (%d events waiting, %d failed write attempts so far); event %s not recorded"
                  .formatted(settings.recordTimeout().toMillis(), queue.size(), failedAttempts.get(), event.id())));
    }
    // close may have drained the queue for the last time while this thread waited for room: take
    // the event back (refused) unless that drain already saw it (then it was written or logged)
    if (terminated && queue.remove(entry)) {
      throw refuse(new AuditUnavailableException("Audit writer is closed; event " + event.id() + " not recorded"));
    }
    recorded.incrementAndGet();
  }

  /**
   * Folds an allowed read into its window when this writer aggregates reads and the event may be
   * folded ({@link ReadAggregator#aggregatable}); queues it as {@link #record} does otherwise. A
   * folded read is counted as {@link Stats#folded()}, not as recorded: it is written as part of its
   * window's event, at the latest at close.
   *
   * @throws AuditUnavailableException when the writer is closed, or as {@link #record}
   */
  @Override
  public void recordRead(AuditEvent event) {
    requireNonNull(event, "event is null");
    if (aggregator == null) {
      record(event);
      return;
    }
    if (closing) {
      throw refuse(new AuditUnavailableException("Audit writer is closed; event " + event.id() + " not recorded"));
    }
    switch (aggregator.add(event)) {
      case FOLDED -> {}
      case SEPARATE -> record(event);
      case CLOSED -> throw refuse(new AuditUnavailableException("Audit writer is closed; event " + event.id() + " not recorded"));
    }
  }

  private AuditUnavailableException refuse(AuditUnavailableException refusal) {
    refused.incrementAndGet();
    return refusal;
  }

  private boolean offer(Entry entry) throws InterruptedException {
    return queue.offer(entry, settings.recordTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Counters since start. */
  public Stats stats() {
    return new Stats(
        recorded.get(),
        written.get(),
        failedAttempts.get(),
        unwritten.get(),
        refused.get(),
        aggregator == null ? 0 : aggregator.folded(),
        aggregator == null ? 0 : aggregator.openWindows(),
        queueDepth(),
        totalLatencyNanos.get(),
        maxLatencyNanos.get());
  }

  /** Events accepted and not yet written (the batch being written not included). */
  public int queueDepth() {
    return queue.size();
  }

  /** Closes with {@link Settings#closeTimeout()}. */
  @Override
  public void close() {
    close(settings.closeTimeout());
  }

  /**
   * Stops accepting events and writes everything queued, for at most {@code timeout}; events that
   * could not be written by then are logged at ERROR and counted as unwritten.
   */
  public synchronized void close(Duration timeout) {
    if (terminated) {
      return;
    }
    long started = System.nanoTime();
    closeDeadline = started + timeout.toNanos();
    closing = true;
    // wake the writer if it waits for events; when the queue is full it is busy and sees closing
    queue.offer(CLOSE_SIGNAL);
    try {
      // the writer gives up by itself at the deadline; the grace covers its last attempt
      worker.join(Math.max(1, timeout.toMillis()) + CLOSE_GRACE_MILLIS);
      if (worker.isAlive()) {
        // stuck in the store: interrupt it and give it a moment to log its batch
        worker.interrupt();
        worker.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminated = true;
    List<Entry> left = new ArrayList<>();
    queue.drainTo(left);
    List<AuditEvent> lost = new ArrayList<>();
    for (Entry entry : left) {
      if (entry != CLOSE_SIGNAL) {
        lost.add(entry.event());
      }
    }
    if (aggregator != null) {
      // windows the writer thread did not take (it failed or was interrupted)
      lost.addAll(aggregator.close());
    }
    giveUp(lost, "the writer did not finish within " + timeout.toMillis() + " ms");
    if (worker.isAlive()) {
      LOGGER.log(
          Level.ERROR,
          "Audit writer thread still blocked in the store after close; its current batch may not be written");
    }
    Stats stats = stats();
    LOGGER.log(
        stats.unwritten() == 0 ? Level.INFO : Level.ERROR,
        "Audit writer closed in %d ms: %d events recorded, %d reads folded, %d written, %d unwritten, %d refused, %d failed write attempts"
            .formatted(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                stats.recorded(),
                stats.folded(),
                stats.written(),
                stats.unwritten(),
                stats.refused(),
                stats.failedAttempts()));
  }

  // ---------------------------------------------------------------- the writer thread

  private void run() {
    List<Entry> batch = new ArrayList<>(settings.batchSize());
    try {
      while (!(closing && queue.isEmpty())) {
        collect(batch);
        if (!batch.isEmpty()) {
          write(batch);
          batch.clear();
        }
        if (aggregator != null) {
          writeWindows(aggregator.expired(), batch);
        }
      }
      if (aggregator != null) {
        // closing: recordRead refuses from now on; what it folded before is in these windows
        writeWindows(aggregator.close(), batch);
      }
    } catch (InterruptedException e) {
      // only close interrupts, after its deadline
      giveUp(events(batch), "the writer was interrupted at close");
    } catch (RuntimeException | Error e) {
      LOGGER.log(Level.ERROR, "Audit writer thread failed; no further events will be written", e);
      giveUp(events(batch), "the writer thread failed");
      closing = true;
      throw e;
    }
  }

  /** Fills {@code batch}: waits for a first event, then up to the flush interval for more. */
  private void collect(List<Entry> batch) throws InterruptedException {
    Entry first = queue.poll(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
    if (first == null) {
      return;
    }
    add(batch, first);
    long deadline = System.nanoTime() + settings.flushInterval().toNanos();
    while (batch.size() < settings.batchSize()) {
      List<Entry> more = new ArrayList<>();
      queue.drainTo(more, settings.batchSize() - batch.size());
      more.forEach(entry -> add(batch, entry));
      if (batch.size() >= settings.batchSize() || closing) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Entry next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      add(batch, next);
    }
  }

  /**
   * Writes the events of ended windows in batches of at most the batch size. They all go into
   * {@code batch} first, so that what is not written when the thread stops is given up (counted),
   * never forgotten.
   */
  private void writeWindows(List<AuditEvent> windows, List<Entry> batch) throws InterruptedException {
    long now = System.nanoTime();
    for (AuditEvent window : windows) {
      batch.add(new Entry(window, now));
    }
    while (!batch.isEmpty()) {
      List<Entry> chunk = batch.subList(0, Math.min(settings.batchSize(), batch.size()));
      write(new ArrayList<>(chunk));
      chunk.clear();
    }
  }

  private static void add(List<Entry> batch, Entry entry) {
    if (entry != CLOSE_SIGNAL) {
      batch.add(entry);
    }
  }

  /** Writes one batch, retrying until it is stored or close's deadline passes. */
  private void write(List<Entry> batch) throws InterruptedException {
    List<AuditEvent> events = events(batch);
    long backoff = settings.initialBackoff().toNanos();
    int attempts = 0;
    while (true) {
      try {
        store.append(events);
        long now = System.nanoTime();
        for (Entry entry : batch) {
          long latency = now - entry.enqueuedNanos();
          totalLatencyNanos.addAndGet(latency);
          maxLatencyNanos.accumulateAndGet(latency, Math::max);
        }
        written.addAndGet(events.size());
        if (attempts > 0) {
          LOGGER.log(
              Level.INFO,
              "Audit batch of %d events written after %d failed attempts".formatted(events.size(), attempts));
        }
        return;
      } catch (RuntimeException e) {
        attempts++;
        failedAttempts.incrementAndGet();
        String message =
            "Audit batch of %d events (first %s) not written, attempt %d; retrying in %d ms: %s"
                .formatted(
                    events.size(),
                    events.get(0).id(),
                    attempts,
                    TimeUnit.NANOSECONDS.toMillis(backoff),
                    e);
        if (attempts == 1) {
          LOGGER.log(Level.ERROR, message, e);
        } else {
          LOGGER.log(Level.ERROR, message);
        }
      }
      long sleep = backoff;
      if (closing) {
        long left = closeDeadline - System.nanoTime();
        if (left <= 0) {
          giveUp(events, "close's deadline passed while the store was failing");
          return;
        }
        sleep = Math.min(sleep, left);
      }
      TimeUnit.NANOSECONDS.sleep(sleep);
      backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
    }
  }

  private void giveUp(List<AuditEvent> events, String why) {
    if (events.isEmpty()) {
      return;
    }
    unwritten.addAndGet(events.size());
    LOGGER.log(Level.ERROR, "%d audit events not written: %s; logging them here".formatted(events.size(), why));
    for (AuditEvent event : events) {
      LOGGER.log(Level.ERROR, "Unwritten audit event: " + event);
    }
  }

  private static List<AuditEvent> events(List<Entry> batch) {
    List<AuditEvent> events = new ArrayList<>(batch.size());
    for (Entry entry : batch) {
      events.add(entry.event());
    }
    return events;
  }

  private record Entry(AuditEvent event, long enqueuedNanos) {}

  /**
   * How the writer batches, waits and retries.
   *
   * @param batchSize most events per {@link AuditBatchStore#append}
   * @param flushInterval how long a batch waits for more events after its first one
   * @param queueCapacity events accepted and not yet written before {@link #record} waits
   * @param recordTimeout how long {@link #record} waits for room in a full queue
   * @param initialBackoff wait before the first retry of a failed batch, doubled on every failure
   * @param maxBackoff longest wait between retries
   * @param closeTimeout how long {@link #close()} may take to write what is queued
   */
  public record Settings(
      int batchSize,
      Duration flushInterval,
      int queueCapacity,
      Duration recordTimeout,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration closeTimeout) {
    public Settings {
      requireNonNull(flushInterval, "flushInterval is null");
      requireNonNull(recordTimeout, "recordTimeout is null");
      requireNonNull(initialBackoff, "initialBackoff is null");
      requireNonNull(maxBackoff, "maxBackoff is null");
      requireNonNull(closeTimeout, "closeTimeout is null");
      check(batchSize >= 1, "batchSize must be at least 1, got " + batchSize);
      check(queueCapacity >= batchSize, "queueCapacity (" + queueCapacity + ") must be at least batchSize (" + batchSize + ")");
      check(flushInterval.toMillis() >= 1, "flushInterval must be at least 1 ms, got " + flushInterval);
      check(!recordTimeout.isNegative(), "recordTimeout must not be negative, got " + recordTimeout);
      check(initialBackoff.toMillis() >= 1, "initialBackoff must be at least 1 ms, got " + initialBackoff);
      check(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff must be at least initialBackoff, got " + maxBackoff);
      check(!closeTimeout.isNegative(), "closeTimeout must not be negative, got " + closeTimeout);
    }

    /** 1,000 events or 50 ms, 10,000 queued, callers wait up to 30 s, retries from 100 ms to 30 s. */
    public static Settings defaults() {
      return new Settings(
          1000,
          Duration.ofMillis(50),
          10_000,
          Duration.ofSeconds(30),
          Duration.ofMillis(100),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30));
    }

    private static void check(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /**
   * Counters since the writer started.
   *
   * @param recorded events accepted by {@link #record}
   * @param written events the store stored
   * @param failedAttempts failed {@link AuditBatchStore#append} calls (each is retried)
   * @param unwritten events given up at close (logged at ERROR instead)
   * @param refused events {@link #record} or {@link #recordRead} refused with {@link
   *     AuditUnavailableException} (queue full past the record timeout, or closed)
   * @param folded reads folded into windows by {@link #recordRead} (not counted in {@code
   *     recorded}; each window's event is, once written, in {@code written})
   * @param openWindows windows of folded reads not yet handed to the writer
   * @param queueDepth events accepted and waiting for the writer
   * @param totalLatencyNanos sum over written events of the time from record to stored
   * @param maxLatencyNanos the longest time from record to stored of any event
   */
  public record Stats(
      long recorded,
      long written,
      long failedAttempts,
      long unwritten,
      long refused,
      long folded,
      int openWindows,
      int queueDepth,
      long totalLatencyNanos,
      long maxLatencyNanos) {
    /** Mean time from record to stored over the written events. */
    public Duration meanLatency() {
      return written == 0 ? Duration.ZERO : Duration.ofNanos(totalLatencyNanos / written);
    }

    /** Events lost to the audit trail: refused by {@link #record} plus unwritten at close. */
    public long dropped() {
      return refused + unwritten;
    }
  }
}
