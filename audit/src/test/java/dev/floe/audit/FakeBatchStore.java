package dev.floe.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store in memory that can be told to fail the next calls or to hold a call until released, and
 * that remembers every batch it stored and every call it got.
 */
final class FakeBatchStore implements AuditBatchStore {
  private final List<List<AuditEvent>> batches = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile boolean failForever;
  private volatile CountDownLatch gate;
  private final CountDownLatch entered = new CountDownLatch(1);

  /** The next {@code count} calls throw. */
  void failNext(int count) {
    failuresLeft.set(count);
  }

  void failForever() {
    failForever = true;
  }

  void recover() {
    failForever = false;
  }

  /** Calls wait in {@link #append} until {@link #release}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  /** Waits until some call entered {@link #append}. */
  boolean awaitEntered(long millis) throws InterruptedException {
    return entered.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void append(List<AuditEvent> events) {
    calls.incrementAndGet();
    entered.countDown();
    CountDownLatch waitFor = gate;
    if (waitFor != null) {
      try {
        waitFor.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (failForever || failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw new IllegalStateException("store unavailable (fake)");
    }
    synchronized (batches) {
      batches.add(List.copyOf(events));
    }
  }

  int calls() {
    return calls.get();
  }

  List<List<AuditEvent>> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  List<AuditEvent> events() {
    return batches().stream().flatMap(List::stream).toList();
  }

  List<Integer> batchSizes() {
    return batches().stream().map(List::size).toList();
  }
}
