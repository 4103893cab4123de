package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The audit trail in the packaged server: schema, endpoint, meters. */
class ITAuditEndpoint {
  @Test
  void auditEventsNeedAnAuthenticatedServiceAdministrator() throws Exception {
    HttpResponse<String> anonymous = RestCalls.toServer("GET", "/api/management/v1/audit/events?principal=alice", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("\"events\"");
    String token = principalWithoutRoles("auditless");
    assertThat(RestCalls.toServer("GET", "/api/management/v1/audit/events", null, token).statusCode()).isEqualTo(403);
  }

  /**
   * Who did what, with which outcome: a refused load, an allowed change and a failed sign-in are
   * each an event with the principal, the resource, the decision, the request id and the address.
   */
  @Test
  void decisionsChangesAndFailedSignInsAreRecorded() throws Exception {
    String token = principalWithoutRoles("audited");
    String namespace = "audit_ns_" + System.nanoTime();
    HttpResponse<String> refused =
        RestCalls.toServer("GET", "/api/catalog/v1/lakehouse/namespaces/" + namespace, null, token);
    assertThat(refused.statusCode()).isEqualTo(404);
    String refusedRequest = refused.headers().firstValue("X-Request-Id").orElseThrow();
    HttpResponse<String> created =
        RestCalls.toServer("POST", "/api/catalog/v1/lakehouse/namespaces", "{\"namespace\": [\"" + namespace + "\"]}", RestCalls.rootToken());
    assertThat(created.statusCode()).isEqualTo(200);
    HttpResponse<String> failedSignIn = RestCalls.tokenResponse("audited_" + SUFFIX, "wrong-secret-0123456789");
    assertThat(failedSignIn.statusCode()).isEqualTo(401);
    String signInRequest = failedSignIn.headers().firstValue("X-Request-Id").orElseThrow();

    String resource = "namespace:lakehouse." + namespace;
    JsonNode denial = awaitEvent("principal=audited_" + SUFFIX + "&resource=" + resource + "&kind=AUTHORIZATION");
    assertThat(denial.path("decision").asText()).isEqualTo("NOT_FOUND");
    assertThat(denial.path("operation").asText()).isEqualTo("LOAD_NAMESPACE");
    assertThat(denial.path("request-id").asText()).isEqualTo(refusedRequest);
    assertThat(denial.path("client-address").asText()).isEqualTo("127.0.0.1");
    JsonNode change = awaitEvent("principal=root&resource=" + resource + "&kind=MUTATION");
    assertThat(change.path("operation").asText()).isEqualTo("CREATE_NAMESPACE");
    assertThat(change.path("decision").asText()).isEqualTo("SUCCESS");
    JsonNode allowed = awaitEvent("principal=root&resource=" + resource + "&kind=AUTHORIZATION");
    assertThat(allowed.path("decision").asText()).isEqualTo("ALLOW");
    assertThat(allowed.path("reason").asText()).contains("catalog_admin");
    // other tests fail sign-ins on the same server: this one is known by its request id
    JsonNode signIn =
        awaitEvent("kind=AUTHENTICATION&decision=FAILURE", event -> event.path("request-id").asText().equals(signInRequest));
    assertThat(signIn.path("operation").asText()).isEqualTo("AUTHENTICATE");
    assertThat(signIn.path("details").path("client_id").asText()).isEqualTo("audited_" + SUFFIX);
    assertThat(signIn.path("client-address").asText()).isEqualTo("127.0.0.1");
  }

  /**
   * The audited outcome of a change is its real result, with an Idempotency-Key as without: a
   * conflict (409) is a failure, and so is its replay.
   */
  @Test
  void aChangeThatFailsWithAnIdempotencyKeyIsAuditedAsAFailure() throws Exception {
    String namespace = "audit_idem_" + System.nanoTime();
    String body = "{\"namespace\": [\"" + namespace + "\"]}";
    assertThat(RestCalls.post("/v1/lakehouse/namespaces", body, Map.of()).statusCode()).isEqualTo(200);
    String key = UUID.randomUUID().toString();
    HttpResponse<String> conflict = RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", key));
    assertThat(conflict.statusCode()).isEqualTo(409);
    HttpResponse<String> replay = RestCalls.post("/v1/lakehouse/namespaces", body, Map.of("Idempotency-Key", key));
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");

    String query = "principal=root&resource=namespace:lakehouse." + namespace + "&kind=MUTATION";
    for (HttpResponse<String> response : List.of(conflict, replay)) {
      String request = response.headers().firstValue("X-Request-Id").orElseThrow();
      JsonNode event = awaitEvent(query, candidate -> candidate.path("request-id").asText().equals(request));
      assertThat(event.path("operation").asText()).isEqualTo("CREATE_NAMESPACE");
      assertThat(event.path("decision").asText()).as(event.toString()).isEqualTo("FAILURE");
      assertThat(event.path("reason").asText()).contains("already exists");
      assertThat(event.path("details").path("status").asText()).isEqualTo("409");
    }
  }

  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static JsonNode awaitEvent(String query) throws Exception {
    return awaitEvent(query, event -> true);
  }

  /** The newest event of the query's first page that {@code wanted} accepts, once it is there. */
  private static JsonNode awaitEvent(String query, Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      HttpResponse<String> response =
          RestCalls.toServer("GET", "/api/management/v1/audit/events?pageSize=1000&" + query, null, RestCalls.rootToken());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      for (JsonNode event : JSON.readTree(response.body()).path("events")) {
        if (wanted.test(event)) {
          return event;
        }
      }
      assertThat(System.nanoTime()).as("an audit event for " + query).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** A new service principal with no principal role, signed in. */
  private static String principalWithoutRoles(String name) throws Exception {
    HttpResponse<String> created =
        RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\": \"" + name + "_" + SUFFIX + "\"}", RestCalls.rootToken());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode credentials = JSON.readTree(created.body()).path("credentials");
    return RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
  }

  @Test
  void theWriterIsRunningAndMetered() {
    HttpResponse<String> metrics = RestCalls.getFromServer("/q/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("floe_audit_queue_depth")
        .contains("floe_audit_events_recorded_total")
        .contains("floe_audit_events_written_total")
        .contains("floe_audit_events_dropped_total")
        .contains("floe_audit_reads_folded_total")
        .contains("floe_audit_write_failures_total")
        .contains("floe_audit_write_latency_seconds_count");
  }

  @Test
  void theMigrationCreatedTheAuditTable() throws Exception {
    try (Connection connection = DriverManager.getConnection(FloeTestServer.jdbcUrl(), "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet results =
            statement.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_events' ORDER BY indexname")) {
      java.util.List<String> indexes = new java.util.ArrayList<>();
      while (results.next()) {
        indexes.add(results.getString(1));
      }
      assertThat(indexes).contains("audit_events_pkey", "audit_events_time", "audit_events_principal", "audit_events_resource");
    }
  }
}
