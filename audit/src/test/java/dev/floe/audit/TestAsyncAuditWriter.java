package dev.floe.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AsyncAuditWriter.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TestAsyncAuditWriter {
  private static Settings settings(int batchSize, Duration flushInterval, int queueCapacity) {
    return new Settings(
        batchSize,
        flushInterval,
        queueCapacity,
        Duration.ofSeconds(10),
        Duration.ofMillis(10),
        Duration.ofMillis(40),
        Duration.ofSeconds(10));
  }

  private static AuditEvent event(String principal, int number) {
    return new AuditEvent(
        UUID.randomUUID(),
        Instant.now(),
        AuditEvent.Kind.AUTHORIZATION,
        principal,
        "LOAD_TABLE",
        "table:lake.sales.t" + number,
        "ALLOW",
        "test",
        "request-" + number,
        "127.0.0.1",
        Map.of("number", Integer.toString(number)));
  }

  private static List<AuditEvent> events(int count) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event("alice", i));
    }
    return events;
  }

  @Test
  void writesInOrderInBatchesOfAtMostBatchSize() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.hold();
    List<AuditEvent> events = events(25);
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(10, Duration.ofMillis(100), 100))) {
      writer.record(events.get(0));
      assertThat(store.awaitEntered(5_000)).as("first batch handed to the store").isTrue();
      for (AuditEvent event : events.subList(1, 25)) {
        writer.record(event);
      }
      assertThat(writer.queueDepth()).isEqualTo(24);
      store.release();
      await(() -> writer.stats().written() == 25);
      assertThat(store.batchSizes()).containsExactly(1, 10, 10, 4);
      assertThat(store.events()).containsExactlyElementsOf(events);
      assertThat(writer.stats().recorded()).isEqualTo(25);
      assertThat(writer.stats().queueDepth()).isZero();
    }
  }

  @Test
  void writesAPartialBatchAfterTheFlushIntervalWithoutClosing() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(100, Duration.ofMillis(50), 100))) {
      List<AuditEvent> events = events(3);
      events.forEach(writer::record);
      await(() -> writer.stats().written() == 3);
      assertThat(store.events()).containsExactlyElementsOf(events);
      assertThat(writer.stats().maxLatencyNanos()).isPositive();
    }
  }

  @Test
  void fullQueueMakesCallersWaitInsteadOfDropping() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.hold();
    List<AuditEvent> events = events(8);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(3, Duration.ofMillis(1), 3))) {
      writer.record(events.get(0));
      assertThat(store.awaitEntered(5_000)).isTrue();
      // the writer holds event 0 in the store; the queue takes 3 more, then callers wait
      for (AuditEvent event : events.subList(1, 4)) {
        writer.record(event);
      }
      Future<?> blocked = executor.submit(() -> events.subList(4, 8).forEach(writer::record));
      assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
      assertThat(writer.stats().recorded()).isEqualTo(4);
      assertThat(writer.queueDepth()).isEqualTo(3);
      store.release();
      blocked.get(10, TimeUnit.SECONDS);
      await(() -> writer.stats().written() == 8);
      assertThat(store.events()).containsExactlyElementsOf(events);
      assertThat(store.batchSizes()).allMatch(size -> size <= 3);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void refusesAnEventWhenTheQueueStaysFullPastTheRecordTimeout() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.hold();
    Settings settings =
        new Settings(2, Duration.ofMillis(1), 2, Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings)) {
      writer.record(event("alice", 0));
      assertThat(store.awaitEntered(5_000)).isTrue();
      writer.record(event("alice", 1));
      writer.record(event("alice", 2));
      AuditEvent refused = event("alice", 3);
      long started = System.nanoTime();
      assertThatThrownBy(() -> writer.record(refused))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("queue full")
          .hasMessageContaining(refused.id().toString());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
      assertThat(writer.stats().recorded()).isEqualTo(3);
      store.release();
      await(() -> writer.stats().written() == 3);
      assertThat(store.events()).doesNotContain(refused);
    }
  }

  @Test
  void retriesAFailedBatchUntilItIsWrittenOnceInOrder() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.failNext(3);
    List<AuditEvent> events = events(12);
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(5, Duration.ofMillis(20), 100))) {
      events.forEach(writer::record);
      await(() -> writer.stats().written() == 12);
      assertThat(store.events()).containsExactlyElementsOf(events);
      assertThat(writer.stats().failedAttempts()).isEqualTo(3);
      assertThat(store.calls()).isEqualTo(store.batches().size() + 3);
      assertThat(writer.stats().unwritten()).isZero();
    }
  }

  @Test
  void keepsRetryingWhileTheStoreIsDownAndQueuesMeanwhile() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.failForever();
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(5, Duration.ofMillis(5), 100))) {
      List<AuditEvent> events = events(7);
      events.forEach(writer::record);
      await(() -> writer.stats().failedAttempts() >= 5);
      assertThat(writer.stats().written()).isZero();
      assertThat(writer.stats().unwritten()).isZero();
      assertThat(writer.stats().queueDepth() + 5).isGreaterThanOrEqualTo(7);
      store.recover();
      await(() -> writer.stats().written() == 7);
      assertThat(store.events()).containsExactlyElementsOf(events);
    }
  }

  @Test
  void closeFlushesEverythingQueuedWithoutWaitingForTheInterval() {
    FakeBatchStore store = new FakeBatchStore();
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(1000, Duration.ofMinutes(10), 1000));
    List<AuditEvent> events = events(50);
    events.forEach(writer::record);
    long started = System.nanoTime();
    writer.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(store.events()).containsExactlyElementsOf(events);
    assertThat(writer.stats().written()).isEqualTo(50);
    assertThat(writer.stats().unwritten()).isZero();
    assertThatThrownBy(() -> writer.record(event("alice", 99)))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageContaining("closed");
    assertThat(writer.stats().recorded()).isEqualTo(50);
  }

  @Test
  void closeRetriesFailuresThenGivesUpAtItsTimeoutAndCountsTheRest() {
    FakeBatchStore store = new FakeBatchStore();
    store.failForever();
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(2, Duration.ofMillis(1), 100));
    events(5).forEach(writer::record);
    long started = System.nanoTime();
    writer.close(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(writer.stats().written()).isZero();
    assertThat(writer.stats().unwritten()).isEqualTo(5);
    assertThat(writer.stats().failedAttempts()).isPositive();
    assertThat(writer.stats().queueDepth()).isZero();
  }

  @Test
  void keepsEachCallersOrderUnderConcurrentRecording() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    int threads = 4;
    int perThread = 2_500;
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(64, Duration.ofMillis(2), 256));
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int thread = 0; thread < threads; thread++) {
      String principal = "user" + thread;
      callers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  writer.record(event(principal, i));
                }
              }));
    }
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    writer.close();
    List<AuditEvent> written = store.events();
    assertThat(written).hasSize(threads * perThread);
    assertThat(written.stream().map(AuditEvent::id).distinct().count()).isEqualTo(threads * perThread);
    assertThat(store.batchSizes()).allMatch(size -> size <= 64);
    for (int thread = 0; thread < threads; thread++) {
      String principal = "user" + thread;
      List<String> numbers =
          written.stream().filter(event -> event.principal().equals(principal)).map(event -> event.details().get("number")).toList();
      List<String> expected = java.util.stream.IntStream.range(0, perThread).mapToObj(Integer::toString).toList();
      assertThat(numbers).as("order of %s", principal).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void countsEveryRefusedEventAsDropped() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    store.hold();
    Settings settings =
        new Settings(1, Duration.ofMillis(1), 1, Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings);
    writer.record(event("alice", 0));
    assertThat(store.awaitEntered(5_000)).isTrue();
    writer.record(event("alice", 1));
    assertThat(writer.stats().dropped()).isZero();
    // the queue is full: two refusals past the record timeout
    assertThatThrownBy(() -> writer.record(event("alice", 2))).isInstanceOf(AuditUnavailableException.class);
    assertThatThrownBy(() -> writer.recordRead(event("alice", 3))).isInstanceOf(AuditUnavailableException.class);
    assertThat(writer.stats().refused()).isEqualTo(2);
    assertThat(writer.stats().dropped()).isEqualTo(2);
    store.release();
    await(() -> writer.stats().written() == 2);
    writer.close();
    // and one refused because the writer is closed
    assertThatThrownBy(() -> writer.record(event("alice", 4))).isInstanceOf(AuditUnavailableException.class);
    assertThat(writer.stats().refused()).isEqualTo(3);
    assertThat(writer.stats().unwritten()).isZero();
    assertThat(writer.stats().dropped()).isEqualTo(3);
  }

  @Test
  void countsEventsUnwrittenAtCloseAsDropped() {
    FakeBatchStore store = new FakeBatchStore();
    store.failForever();
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(2, Duration.ofMillis(1), 100));
    events(3).forEach(writer::record);
    writer.close(Duration.ofMillis(200));
    assertThat(writer.stats().refused()).isZero();
    assertThat(writer.stats().unwritten()).isEqualTo(3);
    assertThat(writer.stats().dropped()).isEqualTo(3);
  }

  private static AuditEvent read(String table) {
    return new AuditEvent(
        UUID.randomUUID(), Instant.now(), AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", "table:lake.sales." + table, "ALLOW",
        "granted", "request", "127.0.0.1", Map.of());
  }

  @Test
  void writesTheWindowsOfFoldedReadsOnceTheyEnd() throws Exception {
    FakeBatchStore store = new FakeBatchStore();
    ReadAggregator aggregator = new ReadAggregator(Duration.ofMillis(200), 100, java.time.InstantSource.system());
    try (AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(100, Duration.ofMillis(10), 100), aggregator)) {
      for (int i = 0; i < 50; i++) {
        writer.recordRead(read("orders"));
      }
      AuditEvent denied =
          new AuditEvent(UUID.randomUUID(), Instant.now(), AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", "table:lake.sales.orders",
              "DENY", "no grant", "request", "127.0.0.1", Map.of());
      writer.recordRead(denied);
      AuditEvent tagged = read("orders");
      tagged = new AuditEvent(tagged.id(), tagged.time(), tagged.kind(), tagged.principal(), tagged.operation(), tagged.resource(),
          tagged.decision(), tagged.reason(), tagged.requestId(), tagged.clientAddress(), Map.of("tags", "pii"));
      writer.recordRead(tagged);
      await(() -> writer.stats().written() == 2);
      assertThat(store.events()).containsExactly(denied, tagged);
      assertThat(writer.stats().folded()).isEqualTo(50);
      await(() -> writer.stats().written() == 3);
      AuditEvent folded = store.events().get(2);
      assertThat(folded.details()).containsEntry("count", "50").containsEntry("aggregated", "true");
      assertThat(writer.stats().openWindows()).isZero();
      assertThat(writer.stats().dropped()).isZero();
    }
  }

  @Test
  void closeWritesEveryOpenWindowAndRefusesReadsAfterwards() {
    FakeBatchStore store = new FakeBatchStore();
    ReadAggregator aggregator = new ReadAggregator(Duration.ofHours(1), 100, java.time.InstantSource.system());
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(2, Duration.ofMillis(10), 100), aggregator);
    for (int table = 0; table < 5; table++) {
      for (int i = 0; i <= table; i++) {
        writer.recordRead(read("t" + table));
      }
    }
    writer.close();
    assertThat(store.events()).extracting(event -> event.resource() + "=" + event.details().get("count"))
        .containsExactly("table:lake.sales.t0=1", "table:lake.sales.t1=2", "table:lake.sales.t2=3", "table:lake.sales.t3=4", "table:lake.sales.t4=5");
    assertThat(store.batchSizes()).allMatch(size -> size <= 2);
    assertThatThrownBy(() -> writer.recordRead(read("t0"))).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("closed");
    assertThat(writer.stats().dropped()).isEqualTo(1);
    assertThat(writer.stats().written()).isEqualTo(5);
  }

  @Test
  void countsOpenWindowsUnwrittenAtCloseAsDropped() {
    FakeBatchStore store = new FakeBatchStore();
    store.failForever();
    ReadAggregator aggregator = new ReadAggregator(Duration.ofHours(1), 100, java.time.InstantSource.system());
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(10, Duration.ofMillis(1), 100), aggregator);
    writer.recordRead(read("a"));
    writer.recordRead(read("a"));
    writer.recordRead(read("b"));
    writer.close(Duration.ofMillis(200));
    assertThat(writer.stats().written()).isZero();
    assertThat(writer.stats().unwritten()).isEqualTo(2);
    assertThat(writer.stats().dropped()).isEqualTo(2);
  }

  @Test
  void withoutAnAggregatorReadsAreEventsOfTheirOwn() {
    FakeBatchStore store = new FakeBatchStore();
    AsyncAuditWriter writer = new AsyncAuditWriter(store, settings(10, Duration.ofMillis(1), 100));
    writer.recordRead(read("a"));
    writer.recordRead(read("a"));
    writer.close();
    assertThat(store.events()).hasSize(2).allSatisfy(event -> assertThat(event.details()).doesNotContainKey("aggregated"));
  }

  @Test
  void rejectsUnsafeSettings() {
    assertThatThrownBy(() -> settings(0, Duration.ofMillis(10), 10)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> settings(100, Duration.ofMillis(10), 10)).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> settings(10, Duration.ZERO, 10)).hasMessageContaining("flushInterval");
    assertThat(Settings.defaults().batchSize()).isEqualTo(1000);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
