package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The audit trail in the packaged server: schema, endpoint, meters. */
class ITAuditEndpoint {
  @Test
  void auditEventsNeedAnAuthenticatedCaller() {
    HttpResponse<String> response = RestCalls.getFromServer("/api/management/v1/audit/events?principal=alice");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("\"events\"");
  }

  @Test
  void theWriterIsRunningAndMetered() {
    HttpResponse<String> metrics = RestCalls.getFromServer("/q/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("floe_audit_queue_depth")
        .contains("floe_audit_events_recorded_total")
        .contains("floe_audit_events_written_total")
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
