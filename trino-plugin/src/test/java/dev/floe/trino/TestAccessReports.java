package dev.floe.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.governance.api.AccessReport;
import dev.floe.policy.governance.api.AccessReportBatch;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestAccessReports {
  private static AccessReport report(String queryId) {
    return new AccessReport("trino", queryId, "alice", Set.of("analysts"), "2026-11-30T10:00:00Z", "2026-11-30T10:00:01Z", true, null, List.of());
  }

  @Test
  void reportsAreSentInBatchesOffTheQueryThread() throws Exception {
    List<AccessReportBatch> batches = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (AccessReports reports =
        new AccessReports(
            batch -> {
              await(release);
              batches.add(batch);
            },
            100,
            2,
            Duration.ofMillis(50))) {
      for (int i = 0; i < 5; i++) {
        reports.submit(report("q" + i)); // returns at once although the sender is blocked
      }
      release.countDown();
      waitFor(() -> reports.sent() == 5);
      assertThat(reports.dropped()).isZero();
    }
    assertThat(batches).allSatisfy(batch -> assertThat(batch.reports()).hasSizeLessThanOrEqualTo(2));
    assertThat(batches.stream().flatMap(batch -> batch.reports().stream()).map(AccessReport::queryId))
        .containsExactly("q0", "q1", "q2", "q3", "q4");
  }

  @Test
  void aFullQueueAndARefusingFloeDropAndCount() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (AccessReports reports =
        new AccessReports(
            batch -> {
              await(release);
              throw new PolicyServiceUnavailableException("down");
            },
            2,
            10,
            Duration.ofMillis(50))) {
      reports.submit(report("q0"));
      Thread.sleep(100); // the sender took q0 and waits
      reports.submit(report("q1"));
      reports.submit(report("q2"));
      reports.submit(report("q3")); // the queue (2) is full
      assertThat(reports.dropped()).isEqualTo(1);
      release.countDown();
      waitFor(() -> reports.dropped() == 4);
      assertThat(reports.sent()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(10);
    }
  }
}
