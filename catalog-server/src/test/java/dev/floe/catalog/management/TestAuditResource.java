package dev.floe.catalog.management;

import dev.floe.catalog.http.IcebergErrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.AuditPage;
import dev.floe.catalog.audit.AuditQuery;
import dev.floe.catalog.audit.StoredAuditEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.junit.jupiter.api.Test;

class TestAuditResource {
  private static MultivaluedMap<String, String> parameters(String... namesAndValues) {
    MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return parameters;
  }

  @Test
  void noParametersIsTheNewestPageOfEverything() {
    assertThat(AuditResource.query(parameters())).isEqualTo(AuditQuery.all(AuditResource.DEFAULT_PAGE_SIZE));
  }

  @Test
  void parsesEveryFilter() {
    AuditQuery query =
        AuditResource.query(
            parameters(
                "principal", "alice",
                "operation", "LOAD_TABLE",
                "resource", "table:lake.sales.*",
                "decision", "DENY",
                "kind", "authorization",
                "since", "2026-03-01T00:00:00Z",
                "until", "2026-03-02T00:00:00Z",
                "tag", "pii.email",
                "queryId", "20261130_100000_00001_abcde",
                "pageSize", "25",
                "pageToken", AuditResource.pageToken(4711)));
    assertThat(query)
        .isEqualTo(
            AuditQuery.all(25)
                .withPrincipal("alice")
                .withOperation("LOAD_TABLE")
                .withResource("table:lake.sales.*")
                .withDecision("DENY")
                .withKind(AuditEvent.Kind.AUTHORIZATION)
                .withSince(Instant.parse("2026-03-01T00:00:00Z"))
                .withUntil(Instant.parse("2026-03-02T00:00:00Z"))
                .withTag("pii.email")
                .withQueryId("20261130_100000_00001_abcde")
                .withBeforeSequence(4711));
  }

  @Test
  void emptyValuesAreLeftOut() {
    assertThat(AuditResource.query(parameters("principal", "", "pageSize", "")))
        .isEqualTo(AuditQuery.all(AuditResource.DEFAULT_PAGE_SIZE));
  }

  @Test
  void badParametersAreFourHundredsNamingTheParameter() {
    assertBad(parameters("pageSize", "0"), "pageSize");
    assertBad(parameters("pageSize", "1001"), "pageSize");
    assertBad(parameters("pageSize", "ten"), "pageSize");
    assertBad(parameters("since", "yesterday"), "since");
    assertBad(parameters("until", "2026-03-01"), "until");
    assertBad(parameters("since", "2026-03-02T00:00:00Z", "until", "2026-03-01T00:00:00Z"), "since");
    assertBad(parameters("kind", "LOGIN"), "kind");
    assertBad(parameters("operation", "load table"), "operation");
    assertBad(parameters("tag", "pii.email,pii.phone"), "tag");
    assertBad(parameters("tag", "pii\nemail"), "tag");
    assertBad(parameters("queryId", "q\u0001"), "queryId");
    assertBad(parameters("format", "csv"), "format");
    assertBad(parameters("decision", "allow'; --"), "decision");
    assertBad(parameters("pageToken", "not-a-token"), "pageToken");
    assertBad(parameters("pageToken", AuditResource.pageToken(-5)), "pageToken");
    assertBad(parameters("princpal", "alice"), "princpal");
    assertBad(parameters("principal", "alice", "principal", "bob"), "principal");
  }

  private static void assertBad(MultivaluedMap<String, String> parameters, String named) {
    // the exception the query threw, as the exception mapper answers it
    assertThatThrownBy(() -> AuditResource.query(parameters))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(named)
        .satisfies(
            thrown -> {
              ErrorResponse response = IcebergErrors.response(thrown);
              assertThat(response.code()).isEqualTo(400);
              assertThat(response.message()).contains(named);
            });
  }

  @Test
  void pagesCarryTheTokenOfTheirLastEvent() {
    AuditEvent event =
        new AuditEvent(
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            Instant.parse("2026-03-01T10:00:00Z"),
            AuditEvent.Kind.MUTATION,
            "alice",
            "DROP_TABLE",
            "table:lake.sales.orders",
            "SUCCESS",
            "dropped",
            "req-1",
            "192.0.2.1",
            Map.of("status", "204"));
    ObjectNode body = json(AuditResource.page(new AuditPage(List.of(new StoredAuditEvent(42, event)), Optional.of(42L))));
    assertThat(body.get("events").get(0).get("principal").asText()).isEqualTo("alice");
    assertThat(body.get("events").get(0).get("request-id").asText()).isEqualTo("req-1");
    assertThat(body.get("events").get(0).get("details").get("status").asText()).isEqualTo("204");
    String token = body.get("next-page-token").asText();
    assertThat(AuditResource.query(parameters("pageToken", token)).beforeSequence()).contains(42L);
    ObjectNode last = json(AuditResource.page(new AuditPage(List.of(), Optional.empty())));
    assertThat(last.get("next-page-token").isNull()).isTrue();
  }

  /** The page as the API writes it. */
  private static ObjectNode json(Object page) {
    try {
      return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(ManagementJsonProvider.write(page));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
