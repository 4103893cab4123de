package dev.floe.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TestAuditReports {
  private static final Instant TIME = Instant.parse("2026-11-30T10:00:00Z");

  private static AuditEvent event(AuditEvent.Kind kind, String principal, String operation, String resource, String decision, Map<String, String> details) {
    return new AuditEvent(UUID.randomUUID(), TIME, kind, principal, operation, resource, decision, "why", "req-1", "192.0.2.1", details);
  }

  private static AuditEvent read(String user, Map<String, String> details) {
    return event(AuditEvent.Kind.DATA_ACCESS, user, "READ_TABLE_DATA", "table:lake.crm.customers", "SUCCESS", details);
  }

  @Test
  void piiAccessIsOneRowPerReadColumnTaggedPiiWithMaskedOrRaw() {
    AuditEvent alice =
        read(
            "alice",
            Map.of(
                "engine", "trino 476",
                "reported-by", "trino",
                "query-id", "q1",
                "groups", "analysts,eu",
                "columns", "id,email,phone,region",
                "masked-columns", "email",
                "masks", "[{\"column\":\"email\",\"expression\":\"'***'\"}]",
                "column-tags", "{\"email\":[\"pii.email\",\"gold\"],\"phone\":[\"pii.phone\"],\"region\":[\"piiish\"]}"));
    assertThat(new PiiAccessReport().rows(alice))
        .containsExactly(
            List.of("2026-11-30T10:00:00Z", "alice", "analysts,eu", "trino 476", "trino", "q1", "lake.crm.customers", "email", "gold,pii.email", "MASKED", "'***'"),
            List.of("2026-11-30T10:00:00Z", "alice", "analysts,eu", "trino 476", "trino", "q1", "lake.crm.customers", "phone", "pii.phone", "RAW", ""));
  }

  @Test
  void piiAccessIgnoresColumnsNotReadAndEventsWithoutColumnTags() {
    PiiAccessReport report = new PiiAccessReport();
    // a tagged column the query did not read
    assertThat(report.rows(read("bob", Map.of("columns", "id", "column-tags", "{\"email\":[\"pii.email\"]}")))).isEmpty();
    // an event from before column tags were recorded
    assertThat(report.rows(read("bob", Map.of("columns", "id,email")))).isEmpty();
    // malformed column tags: nothing rather than a failed report
    assertThat(report.rows(read("bob", Map.of("columns", "email", "column-tags", "not json")))).isEmpty();
    // not a data access
    assertThat(report.rows(event(AuditEvent.Kind.MUTATION, "bob", "READ_TABLE_DATA", "table:x", "SUCCESS", Map.of("columns", "email", "column-tags", "{\"email\":[\"pii.email\"]}"))))
        .isEmpty();
  }

  @Test
  void grantChangesAreMutationsOfAccessOperationsWithTheirDetails() {
    GrantChangesReport report = new GrantChangesReport();
    AuditEvent grant = event(AuditEvent.Kind.MUTATION, "admin", "GRANT", "catalog:lake", "SUCCESS", Map.of("privilege", "TABLE_READ_DATA", "catalog-role", "readers"));
    assertThat(report.rows(grant))
        .containsExactly(List.of("2026-11-30T10:00:00Z", "admin", "GRANT", "catalog:lake", "SUCCESS", "{\"catalog-role\":\"readers\",\"privilege\":\"TABLE_READ_DATA\"}"));
    assertThat(report.rows(event(AuditEvent.Kind.AUTHORIZATION, "admin", "GRANT", "catalog:lake", "ALLOW", Map.of()))).isEmpty();
    assertThat(report.rows(event(AuditEvent.Kind.MUTATION, "admin", "CREATE_TABLE", "table:lake.a.b", "SUCCESS", Map.of()))).isEmpty();
  }

  @Test
  void deniedIsRefusedAuthorizationsAndFailedSignIns() {
    DeniedReport report = new DeniedReport();
    assertThat(report.rows(event(AuditEvent.Kind.AUTHORIZATION, "carol", "LOAD_TABLE", "table:lake.a.b", "DENY", Map.of())))
        .containsExactly(List.of("2026-11-30T10:00:00Z", "AUTHORIZATION", "carol", "LOAD_TABLE", "table:lake.a.b", "DENY", "why", "192.0.2.1", "req-1"));
    assertThat(report.rows(event(AuditEvent.Kind.AUTHORIZATION, "carol", "LOAD_TABLE", "table:lake.a.b", "NOT_FOUND", Map.of()))).hasSize(1);
    assertThat(report.rows(event(AuditEvent.Kind.AUTHENTICATION, null, "AUTHENTICATE", "", "FAILURE", Map.of())).getFirst())
        .containsExactly("2026-11-30T10:00:00Z", "AUTHENTICATION", null, "AUTHENTICATE", "", "FAILURE", "why", "192.0.2.1", "req-1");
    assertThat(report.rows(event(AuditEvent.Kind.AUTHORIZATION, "carol", "LOAD_TABLE", "table:lake.a.b", "ALLOW", Map.of()))).isEmpty();
    assertThat(report.rows(event(AuditEvent.Kind.AUTHENTICATION, "carol", "AUTHENTICATE", "", "SUCCESS", Map.of()))).isEmpty();
    assertThat(report.rows(event(AuditEvent.Kind.MUTATION, "carol", "DROP_TABLE", "table:lake.a.b", "FAILURE", Map.of()))).isEmpty();
  }

  @Test
  void policyChangesShowTheItemBeforeAndAfter() {
    PolicyChangesReport report = new PolicyChangesReport();
    AuditEvent update =
        event(AuditEvent.Kind.MUTATION, "steward", "UPDATE_TAG", "", "SUCCESS", Map.of("before", "{\"name\":\"pii.email\",\"description\":\"old\"}", "after", "{\"name\":\"pii.email\",\"description\":\"new\"}"));
    assertThat(report.rows(update))
        .containsExactly(
            List.of("2026-11-30T10:00:00Z", "steward", "UPDATE_TAG", "", "SUCCESS", "{\"name\":\"pii.email\",\"description\":\"old\"}", "{\"name\":\"pii.email\",\"description\":\"new\"}"));
    AuditEvent create = event(AuditEvent.Kind.MUTATION, "steward", "CREATE_COLUMN_MASK", "table:lake.a.b", "SUCCESS", Map.of("after", "{\"id\":1}"));
    assertThat(report.rows(create).getFirst().subList(5, 7)).containsExactly("", "{\"id\":1}");
    assertThat(report.rows(event(AuditEvent.Kind.MUTATION, "admin", "GRANT", "catalog:lake", "SUCCESS", Map.of()))).isEmpty();
  }

  @Test
  void reportsAreFoundByName() {
    assertThat(AuditReports.names()).containsExactly("pii-access", "grant-changes", "denied", "policy-changes");
    assertThat(AuditReports.named("denied")).get().isInstanceOf(DeniedReport.class);
    assertThat(AuditReports.named("nothing")).isEmpty();
    for (String name : AuditReports.names()) {
      AuditReport report = AuditReports.named(name).orElseThrow();
      assertThat(report.name()).isEqualTo(name);
    }
  }
}
