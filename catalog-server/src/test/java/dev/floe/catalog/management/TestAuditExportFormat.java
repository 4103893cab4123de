package dev.floe.catalog.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.StoredAuditEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TestAuditExportFormat {
  private static final StoredAuditEvent EVENT =
      new StoredAuditEvent(
          42,
          new AuditEvent(
              UUID.fromString("00000000-0000-0000-0000-000000000001"),
              Instant.parse("2026-03-01T10:00:00Z"),
              AuditEvent.Kind.DATA_ACCESS,
              "alice",
              "READ_TABLE_DATA",
              "table:lake.sales.orders",
              "SUCCESS",
              "reported by trino; masked [email]",
              null,
              "192.0.2.1",
              Map.of("query-id", "q1", "masks", "[{\"column\":\"email\",\"expression\":\"'***'\"}]")));

  @Test
  void csvHasAHeaderAndQuotesWhatNeedsIt() {
    assertThat(AuditExportFormat.CSV.header())
        .isEqualTo("id,sequence,time,kind,principal,operation,resource,decision,reason,request-id,client-address,details\r\n");
    assertThat(AuditExportFormat.CSV.line(EVENT))
        .isEqualTo(
            "00000000-0000-0000-0000-000000000001,42,2026-03-01T10:00:00Z,DATA_ACCESS,alice,READ_TABLE_DATA,table:lake.sales.orders,"
                + "SUCCESS,reported by trino; masked [email],,192.0.2.1,"
                + "\"{\"\"masks\"\":\"\"[{\\\"\"column\\\"\":\\\"\"email\\\"\",\\\"\"expression\\\"\":\\\"\"'***'\\\"\"}]\"\",\"\"query-id\"\":\"\"q1\"\"}\"\r\n");
  }

  @Test
  void jsonLinesAreOneEventObjectPerLineWithTheFieldNamesOfTheEventsEndpoint() throws Exception {
    assertThat(AuditExportFormat.JSONL.header()).isEmpty();
    String line = AuditExportFormat.JSONL.line(EVENT);
    assertThat(line).endsWith("}\n").doesNotContain("\r").hasLineCount(1);
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("sequence").asLong()).isEqualTo(42);
    assertThat(json.path("client-address").asText()).isEqualTo("192.0.2.1");
    assertThat(json.path("details").path("query-id").asText()).isEqualTo("q1");
    assertThat(json.has("request-id")).isTrue();
  }

  @Test
  void formatsAreFoundByTheirParameter() {
    assertThat(AuditExportFormat.parameters()).containsExactly("csv", "jsonl");
    assertThat(AuditExportFormat.of("jsonl")).isEqualTo(AuditExportFormat.JSONL);
  }
}
