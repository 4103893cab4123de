package dev.floe.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.ReadAggregator.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestReadAggregator {
  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(10);

  /** A clock the test moves. */
  private static final class FakeClock implements InstantSource {
    private Instant now = START;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }
  }

  private final FakeClock clock = new FakeClock();

  private static AuditEvent read(String principal, String resource, Instant time) {
    return event(AuditEvent.Kind.AUTHORIZATION, principal, "LOAD_TABLE", resource, "ALLOW", time, Map.of());
  }

  private static AuditEvent event(
      AuditEvent.Kind kind, String principal, String operation, String resource, String decision, Instant time, Map<String, String> details) {
    return new AuditEvent(
        UUID.randomUUID(), time, kind, principal, operation, resource, decision, "granted", "request", "127.0.0.1", details);
  }

  @Test
  void foldsTheReadsOfOneWindowIntoOneEventWithCountFirstAndLast() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 100, clock);
    AuditEvent first = read("alice", "table:lake.sales.orders", START);
    assertThat(aggregator.add(first)).isEqualTo(Outcome.FOLDED);
    for (int i = 1; i < 5; i++) {
      clock.advance(Duration.ofSeconds(2));
      assertThat(aggregator.add(read("alice", "table:lake.sales.orders", clock.instant()))).isEqualTo(Outcome.FOLDED);
    }
    // 8 s after the first: the window is still open
    assertThat(aggregator.expired()).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    List<AuditEvent> ended = aggregator.expired();

    assertThat(ended).hasSize(1);
    AuditEvent folded = ended.get(0);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(folded.id()).isEqualTo(first.id());
    softly.assertThat(folded.time()).isEqualTo(START);
    softly.assertThat(folded.principal()).isEqualTo("alice");
    softly.assertThat(folded.operation()).isEqualTo("LOAD_TABLE");
    softly.assertThat(folded.resource()).isEqualTo("table:lake.sales.orders");
    softly.assertThat(folded.details())
        .containsEntry("count", "5")
        .containsEntry("first", "2026-11-30T12:00:00Z")
        .containsEntry("last", "2026-11-30T12:00:08Z")
        .containsEntry("aggregated", "true");
    softly.assertAll();
    assertThat(aggregator.openWindows()).isZero();
    assertThat(aggregator.folded()).isEqualTo(5);
    // the next read opens a new window
    assertThat(aggregator.add(read("alice", "table:lake.sales.orders", clock.instant()))).isEqualTo(Outcome.FOLDED);
    assertThat(aggregator.openWindows()).isEqualTo(1);
  }

  @Test
  void keepsOneWindowPerPrincipalOperationResourceDecisionAndReason() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 100, clock);
    aggregator.add(read("alice", "table:lake.sales.orders", START));
    aggregator.add(read("alice", "table:lake.sales.orders", START));
    aggregator.add(read("bob", "table:lake.sales.orders", START));
    aggregator.add(read("alice", "table:lake.sales.items", START));
    aggregator.add(event(AuditEvent.Kind.AUTHORIZATION, "alice", "TABLE_EXISTS", "table:lake.sales.orders", "ALLOW", START, Map.of()));
    aggregator.add(
        new AuditEvent(
            UUID.randomUUID(), START, AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", "table:lake.sales.orders", "ALLOW",
            "other grant", null, null, Map.of()));
    clock.advance(WINDOW);
    List<AuditEvent> ended = aggregator.expired();
    assertThat(ended).extracting(event -> event.principal() + " " + event.operation() + " " + event.resource() + " " + event.reason() + " " + event.details().get("count"))
        .containsExactly(
            "alice LOAD_TABLE table:lake.sales.orders granted 2",
            "bob LOAD_TABLE table:lake.sales.orders granted 1",
            "alice LOAD_TABLE table:lake.sales.items granted 1",
            "alice TABLE_EXISTS table:lake.sales.orders granted 1",
            "alice LOAD_TABLE table:lake.sales.orders other grant 1");
  }

  @Test
  void neverFoldsDenialsTaggedTargetsOrOtherKinds() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 100, clock);
    String table = "table:lake.sales.orders";
    assertThat(aggregator.add(event(AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", table, "DENY", START, Map.of())))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.add(event(AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", table, "NOT_FOUND", START, Map.of())))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.add(event(AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", table, "ALLOW", START, Map.of("tags", "pii"))))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.add(event(AuditEvent.Kind.MUTATION, "alice", "DROP_TABLE", table, "SUCCESS", START, Map.of())))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.add(event(AuditEvent.Kind.DATA_ACCESS, "alice", "READ_TABLE_DATA", table, "ALLOW", START, Map.of())))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.add(event(AuditEvent.Kind.AUTHENTICATION, "alice", "AUTHENTICATE", "", "SUCCESS", START, Map.of())))
        .isEqualTo(Outcome.SEPARATE);
    assertThat(aggregator.openWindows()).isZero();
    assertThat(aggregator.folded()).isZero();
  }

  @Test
  void opensNoMoreThanTheMostWindowsAndLetsTheRestThrough() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 2, clock);
    assertThat(aggregator.add(read("alice", "table:lake.s.a", START))).isEqualTo(Outcome.FOLDED);
    assertThat(aggregator.add(read("alice", "table:lake.s.b", START))).isEqualTo(Outcome.FOLDED);
    assertThat(aggregator.add(read("alice", "table:lake.s.c", START))).isEqualTo(Outcome.SEPARATE);
    // an open window still takes its reads
    assertThat(aggregator.add(read("alice", "table:lake.s.a", START))).isEqualTo(Outcome.FOLDED);
  }

  @Test
  void closeReturnsEveryOpenWindowAndRefusesWhatComesAfter() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 100, clock);
    aggregator.add(read("alice", "table:lake.s.a", START));
    clock.advance(Duration.ofSeconds(5));
    aggregator.add(read("alice", "table:lake.s.b", clock.instant()));
    aggregator.add(read("alice", "table:lake.s.a", clock.instant()));
    List<AuditEvent> all = aggregator.close();
    assertThat(all).extracting(AuditEvent::resource).containsExactly("table:lake.s.a", "table:lake.s.b");
    assertThat(all).extracting(event -> event.details().get("count")).containsExactly("2", "1");
    assertThat(aggregator.add(read("alice", "table:lake.s.a", START))).isEqualTo(Outcome.CLOSED);
    assertThat(aggregator.close()).isEmpty();
  }

  @Test
  void endsWindowsInTheOrderTheyOpened() {
    ReadAggregator aggregator = new ReadAggregator(WINDOW, 100, clock);
    aggregator.add(read("alice", "table:lake.s.a", START));
    clock.advance(Duration.ofSeconds(4));
    aggregator.add(read("alice", "table:lake.s.b", clock.instant()));
    clock.advance(Duration.ofSeconds(6));
    assertThat(aggregator.expired()).extracting(AuditEvent::resource).containsExactly("table:lake.s.a");
    clock.advance(Duration.ofSeconds(4));
    assertThat(aggregator.expired()).extracting(AuditEvent::resource).containsExactly("table:lake.s.b");
  }

  @Test
  void rejectsAWindowThatIsNotPositive() {
    assertThatThrownBy(() -> new ReadAggregator(Duration.ZERO, 10, clock)).hasMessageContaining("window");
    assertThatThrownBy(() -> new ReadAggregator(WINDOW, 0, clock)).hasMessageContaining("maxOpenWindows");
  }
}
