package dev.floe.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.audit.AsyncAuditWriter;
import dev.floe.audit.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PostgresAuditStore} against a real PostgreSQL with the V4 migration. */
class ITPostgresAuditStore {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static AuditDatabase database;
  private static PostgresAuditStore store;
  private static AuditEventQueries queries;

  @BeforeAll
  static void startDatabase() {
    database = AuditDatabase.start("audit-store-postgres", false);
    store = new PostgresAuditStore(database.dataSource());
    queries = new AuditEventQueries(database.dataSource());
  }

  @AfterAll
  static void stopDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void emptyTable() {
    database.truncate();
  }

  private static AuditEvent event(
      int minute, AuditEvent.Kind kind, String principal, String operation, String resource, String decision) {
    return new AuditEvent(
        UUID.randomUUID(),
        START.plus(minute, ChronoUnit.MINUTES),
        kind,
        principal,
        operation,
        resource,
        decision,
        "reason " + minute,
        "request-" + minute,
        "10.0.0." + (minute % 250),
        Map.of("status", "200", "minute", Integer.toString(minute)));
  }

  /** 30 events, one a minute, cycling through principals, operations, resources and decisions. */
  private static List<AuditEvent> sample() {
    List<String> principals = List.of("alice", "bob", "carol");
    List<String> resources =
        List.of("table:lake.sales.orders", "table:lake.sales.order_items", "table:lake.hr.people", "namespace:lake.sales", "");
    List<AuditEvent> events = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      boolean mutation = minute % 4 == 3;
      events.add(
          event(
              minute,
              mutation ? AuditEvent.Kind.MUTATION : AuditEvent.Kind.AUTHORIZATION,
              principals.get(minute % 3),
              mutation ? "UPDATE_TABLE" : (minute % 2 == 0 ? "LOAD_TABLE" : "LIST_TABLES"),
              resources.get(minute % 5),
              mutation ? "SUCCESS" : (minute % 7 == 0 ? "DENY" : "ALLOW")));
    }
    return events;
  }

  private static List<AuditEvent> all(AuditQuery query) {
    List<AuditEvent> events = new ArrayList<>();
    AuditQuery next = query;
    while (true) {
      AuditPage page = queries.page(next);
      page.events().forEach(stored -> events.add(stored.event()));
      if (page.nextBeforeSequence().isEmpty()) {
        return events;
      }
      next = next.withBeforeSequence(page.nextBeforeSequence().get());
    }
  }

  private static List<AuditEvent> newestFirst(List<AuditEvent> events) {
    List<AuditEvent> reversed = new ArrayList<>(events);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  @Test
  void storesEveryFieldAndReadsItBack() {
    AuditEvent authentication =
        new AuditEvent(
            UUID.randomUUID(),
            START,
            AuditEvent.Kind.AUTHENTICATION,
            null,
            "AUTHENTICATE",
            "",
            "FAILURE",
            "invalid client secret",
            "req-1",
            "192.0.2.7",
            Map.of("issuer", "floe", "quote\"and\\backslash", "ünïcödé ✓"));
    AuditEvent decision = event(1, AuditEvent.Kind.AUTHORIZATION, "alice", "LOAD_TABLE", "table:lake.sales.orders", "ALLOW");
    store.append(List.of(authentication, decision));

    AuditPage page = queries.page(AuditQuery.all(10));
    assertThat(page.events()).extracting(StoredAuditEvent::event).containsExactly(decision, authentication);
    assertThat(page.events().get(0).sequence()).isGreaterThan(page.events().get(1).sequence());
    assertThat(page.nextBeforeSequence()).isEmpty();
  }

  @Test
  void keepsTheOrderOfABatchAndOfBatchesInSequence() {
    List<AuditEvent> events = sample();
    store.append(events.subList(0, 10));
    store.append(events.subList(10, 30));
    assertThat(all(AuditQuery.all(1000))).containsExactlyElementsOf(newestFirst(events));
  }

  @Test
  void pagesNewestFirstWithoutGapsOrRepeats() {
    List<AuditEvent> events = sample();
    store.append(events);
    AuditPage first = queries.page(AuditQuery.all(12));
    assertThat(first.events()).hasSize(12);
    assertThat(first.nextBeforeSequence()).isPresent();
    AuditPage second = queries.page(AuditQuery.all(12).withBeforeSequence(first.nextBeforeSequence().get()));
    assertThat(second.events()).hasSize(12);
    AuditPage third = queries.page(AuditQuery.all(12).withBeforeSequence(second.nextBeforeSequence().get()));
    assertThat(third.events()).hasSize(6);
    assertThat(third.nextBeforeSequence()).isEmpty();
    List<AuditEvent> paged = new ArrayList<>();
    for (AuditPage page : List.of(first, second, third)) {
      page.events().forEach(stored -> paged.add(stored.event()));
    }
    assertThat(paged).containsExactlyElementsOf(newestFirst(events));
    // an exact fit ends without an empty extra page
    assertThat(queries.page(AuditQuery.all(30)).nextBeforeSequence()).isEmpty();
    // events stored while paging do not shift the pages already handed out
    store.append(List.of(event(99, AuditEvent.Kind.AUTHORIZATION, "dave", "LOAD_TABLE", "table:lake.x.y", "ALLOW")));
    AuditPage again = queries.page(AuditQuery.all(12).withBeforeSequence(first.nextBeforeSequence().get()));
    assertThat(again.events()).isEqualTo(second.events());
  }

  @Test
  void filtersCombineWithAnd() {
    List<AuditEvent> events = sample();
    store.append(events);
    assertThat(all(AuditQuery.all(7).withPrincipal("bob")))
        .containsExactlyElementsOf(newestFirst(events.stream().filter(e -> e.principal().equals("bob")).toList()));
    assertThat(all(AuditQuery.all(7).withOperation("UPDATE_TABLE")))
        .containsExactlyElementsOf(newestFirst(events.stream().filter(e -> e.operation().equals("UPDATE_TABLE")).toList()));
    assertThat(all(AuditQuery.all(7).withDecision("DENY")))
        .isNotEmpty()
        .containsExactlyElementsOf(newestFirst(events.stream().filter(e -> e.decision().equals("DENY")).toList()));
    assertThat(all(AuditQuery.all(7).withKind(AuditEvent.Kind.MUTATION)))
        .hasSize(7)
        .allMatch(e -> e.kind() == AuditEvent.Kind.MUTATION);
    assertThat(all(AuditQuery.all(7).withResource("table:lake.sales.orders")))
        .containsExactlyElementsOf(
            newestFirst(events.stream().filter(e -> e.resource().equals("table:lake.sales.orders")).toList()));
    assertThat(all(AuditQuery.all(7).withPrincipal("alice").withDecision("ALLOW").withOperation("LOAD_TABLE")))
        .containsExactlyElementsOf(
            newestFirst(
                events.stream()
                    .filter(e -> e.principal().equals("alice") && e.decision().equals("ALLOW") && e.operation().equals("LOAD_TABLE"))
                    .toList()));
    assertThat(all(AuditQuery.all(7).withPrincipal("nobody"))).isEmpty();
  }

  @Test
  void resourcePrefixEndsInAStarAndTreatsLikeCharactersLiterally() {
    List<AuditEvent> events = sample();
    store.append(events);
    assertThat(all(AuditQuery.all(100).withResource("table:lake.sales.*")))
        .containsExactlyElementsOf(
            newestFirst(events.stream().filter(e -> e.resource().startsWith("table:lake.sales.")).toList()));
    // "_" and "%" are no wildcards: "order_*" matches order_items only, not a hypothetical "orderXitems"
    store.append(List.of(event(50, AuditEvent.Kind.AUTHORIZATION, "eve", "LOAD_TABLE", "table:lake.sales.orderXitems", "ALLOW")));
    assertThat(all(AuditQuery.all(100).withResource("table:lake.sales.order_*")))
        .isNotEmpty()
        .allMatch(e -> e.resource().equals("table:lake.sales.order_items"));
    assertThat(all(AuditQuery.all(100).withResource("table:lake.%*"))).isEmpty();
  }

  @Test
  void timeWindowIncludesSinceAndExcludesUntil() {
    List<AuditEvent> events = sample();
    store.append(events);
    Instant since = START.plus(5, ChronoUnit.MINUTES);
    Instant until = START.plus(10, ChronoUnit.MINUTES);
    assertThat(all(AuditQuery.all(2).withSince(since).withUntil(until)))
        .containsExactlyElementsOf(newestFirst(events.subList(5, 10)));
    assertThat(all(AuditQuery.all(100).withSince(START.plus(28, ChronoUnit.MINUTES)))).hasSize(2);
    assertThat(all(AuditQuery.all(100).withUntil(START.plus(1, ChronoUnit.MINUTES)))).containsExactly(events.get(0));
  }

  @Test
  void aRetriedBatchIsStoredOnce() {
    List<AuditEvent> events = sample();
    store.append(events.subList(0, 20));
    store.append(events.subList(10, 30));
    assertThat(database.count()).isEqualTo(30);
    assertThat(all(AuditQuery.all(1000))).containsExactlyElementsOf(newestFirst(events));
  }

  @Test
  void aBatchLargerThanOneStatementIsStoredWhole() {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 2_345; i++) {
      events.add(event(i, AuditEvent.Kind.AUTHORIZATION, "p" + (i % 10), "LOAD_TABLE", "table:lake.s.t" + i, "ALLOW"));
    }
    store.append(events);
    assertThat(database.count()).isEqualTo(2_345);
    assertThat(all(AuditQuery.all(1000))).containsExactlyElementsOf(newestFirst(events));
  }

  @Test
  void nulCharactersCannotBlockTheWriter() {
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID(), START, AuditEvent.Kind.AUTHORIZATION, "mal\0lory", "LOAD_TABLE",
            "table:lake.s.t\0x", "DENY", "r", "q", "c", Map.of("k\0", "v\0"));
    store.append(List.of(event));
    AuditEvent stored = queries.page(AuditQuery.all(1)).events().get(0).event();
    assertThat(stored.principal()).isEqualTo("mal\uFFFDlory");
    assertThat(stored.resource()).isEqualTo("table:lake.s.t\uFFFDx");
    assertThat(stored.details()).containsEntry("k\uFFFD", "v\uFFFD");
  }

  /**
   * A batch handed over again (after a commit whose answer was lost) is stored once: what is
   * stored already is skipped before numbering, and the chain has no gap.
   */
  @Test
  void aBatchHandedOverAgainLeavesNoGapInTheChain() throws Exception {
    List<AuditEvent> first = sample().subList(0, 5);
    store.append(first);
    List<AuditEvent> retried = new ArrayList<>(first.subList(3, 5));
    retried.addAll(sample().subList(5, 8));
    store.append(retried);
    List<Long> sequences = new ArrayList<>();
    queries.page(AuditQuery.all(100)).events().forEach(event -> sequences.add(event.sequence()));
    assertThat(sequences).hasSize(8);
    assertThat(sequences.get(0) - sequences.get(sequences.size() - 1)).isEqualTo(7);
    try (java.sql.Connection connection = database.dataSource().getConnection()) {
      var report = dev.floe.audit.chain.StoredChain.verify(connection, List.of(), List.of());
      assertThat(report.problems()).as(report.summary()).isEmpty();
    }
  }

  @Test
  void timesAreKeptToTheMicrosecond() {
    Instant precise = Instant.parse("2026-03-01T10:00:00.123456789Z");
    AuditEvent event =
        new AuditEvent(UUID.randomUUID(), precise, AuditEvent.Kind.MUTATION, "a", "DROP_TABLE", "table:l.s.t", "SUCCESS", "r", "q", "c", Map.of());
    store.append(List.of(event));
    assertThat(queries.page(AuditQuery.all(1)).events().get(0).event().time())
        .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z")); // truncated, as the chain hashes it
  }

  @Test
  void theWriterStoresEverythingRecordedInOrder() {
    List<AuditEvent> events = new ArrayList<>();
    AsyncAuditWriter writer =
        new AsyncAuditWriter(
            store,
            new AsyncAuditWriter.Settings(
                50, Duration.ofMillis(5), 200, Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(10)));
    for (int i = 0; i < 1_000; i++) {
      AuditEvent event = event(i, AuditEvent.Kind.AUTHORIZATION, "writer", "LOAD_TABLE", "table:lake.s.t" + i, "ALLOW");
      events.add(event);
      writer.record(event);
    }
    writer.close();
    assertThat(writer.stats().written()).isEqualTo(1_000);
    assertThat(all(AuditQuery.all(1000).withPrincipal("writer"))).containsExactlyElementsOf(newestFirst(events));
    assertThat(Optional.of(writer.stats().unwritten())).contains(0L);
  }

  private static AuditEvent withDetails(int minute, Map<String, String> details) {
    return new AuditEvent(
        UUID.randomUUID(), START.plus(minute, ChronoUnit.MINUTES), AuditEvent.Kind.DATA_ACCESS, "alice", "READ_TABLE_DATA",
        "table:lake.crm.customers", "SUCCESS", "reported", null, null, details);
  }

  @Test
  void tagAndQueryIdFiltersMatchWholeTagsAndExactQueryIds() {
    List<AuditEvent> events =
        List.of(
            withDetails(0, Map.of("tags", "finance,pii.email", "query-id", "q1")),
            withDetails(1, Map.of("tags", "pii.email", "query-id", "q2")),
            withDetails(2, Map.of("tags", "pii.emails,xpii.email", "query-id", "q1x")),
            withDetails(3, Map.of("query-id", "q1")),
            withDetails(4, Map.of()));
    store.append(events);
    assertThat(all(AuditQuery.all(2).withTag("pii.email"))).containsExactly(events.get(1), events.get(0));
    assertThat(all(AuditQuery.all(2).withTag("finance"))).containsExactly(events.get(0));
    assertThat(all(AuditQuery.all(2).withTag("pii"))).isEmpty();
    assertThat(all(AuditQuery.all(2).withQueryId("q1"))).containsExactly(events.get(3), events.get(0));
    assertThat(all(AuditQuery.all(2).withQueryId("q1").withTag("pii.email"))).containsExactly(events.get(0));
  }

  @Test
  void streamReadsEveryMatchOldestFirstPastTheFetchSize() throws Exception {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < AuditEventQueries.FETCH_SIZE * 2 + 17; i++) {
      events.add(event(i, i % 2 == 0 ? AuditEvent.Kind.MUTATION : AuditEvent.Kind.AUTHORIZATION, "p" + (i % 3), i % 5 == 0 ? "GRANT" : "LOAD_TABLE", "", "SUCCESS"));
    }
    store.append(events);
    List<AuditEvent> streamed = new ArrayList<>();
    queries.stream(AuditQuery.all(1), stored -> streamed.add(stored.event()));
    assertThat(streamed).containsExactlyElementsOf(events);

    List<AuditEvent> ofP1 = new ArrayList<>();
    queries.stream(AuditQuery.all(1).withPrincipal("p1"), stored -> ofP1.add(stored.event()));
    assertThat(ofP1).containsExactlyElementsOf(events.stream().filter(event -> event.principal().equals("p1")).toList());

    List<AuditEvent> selected = new ArrayList<>();
    queries.stream(
        new dev.floe.audit.report.ReportSelection(java.util.Set.of(AuditEvent.Kind.MUTATION), java.util.Set.of("GRANT")),
        Optional.of(START.plus(100, ChronoUnit.MINUTES)),
        Optional.of(START.plus(200, ChronoUnit.MINUTES)),
        stored -> selected.add(stored.event()));
    assertThat(selected)
        .containsExactlyElementsOf(
            events.subList(100, 200).stream().filter(event -> event.kind() == AuditEvent.Kind.MUTATION && event.operation().equals("GRANT")).toList())
        .hasSize(10);
  }
}
