package dev.floe.catalog.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class TestPiiCommitScans {
  private static final TableIdentifier ORDERS = TableIdentifier.of("sales", "orders");
  private static final TableIdentifier USERS = TableIdentifier.of("sales", "users");

  @Test
  void aStreamOfCommitsMakesOneScanAfterTheLast() throws Exception {
    List<String> scanned = new CopyOnWriteArrayList<>();
    PiiCommitScans scans = new PiiCommitScans(true, Duration.ofMillis(300), (catalog, table) -> scanned.add(catalog + "." + table));
    try {
      for (int commit = 0; commit < 5; commit++) {
        scans.committed("lake", ORDERS);
        Thread.sleep(50);
      }
      scans.committed("lake", USERS);
      assertThat(scanned).as("nothing before the delay has passed").isEmpty();
      waitFor(() -> scanned.size() == 2);
      Thread.sleep(400);
      assertThat(scanned).containsExactlyInAnyOrder("lake.sales.orders", "lake.sales.users");
      assertThat(scans.pending()).isZero();
    } finally {
      scans.stop();
    }
  }

  @Test
  void offByDefaultNothingIsScheduled() throws Exception {
    List<String> scanned = new CopyOnWriteArrayList<>();
    PiiCommitScans scans = new PiiCommitScans(false, Duration.ZERO, (catalog, table) -> scanned.add(catalog + "." + table));
    scans.committed("lake", ORDERS);
    Thread.sleep(200);
    assertThat(scanned).isEmpty();
    assertThat(scans.pending()).isZero();
  }

  @Test
  void aFailingScanStartDoesNotStopLaterOnes() throws Exception {
    List<String> scanned = new CopyOnWriteArrayList<>();
    PiiCommitScans scans =
        new PiiCommitScans(
            true,
            Duration.ofMillis(10),
            (catalog, table) -> {
              if (table.equals(ORDERS)) {
                throw new IllegalStateException("catalog unavailable");
              }
              scanned.add(catalog + "." + table);
            });
    try {
      scans.committed("lake", ORDERS);
      Thread.sleep(100);
      scans.committed("lake", USERS);
      waitFor(() -> scanned.size() == 1);
      assertThat(scanned).containsExactly("lake.sales.users");
    } finally {
      scans.stop();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
