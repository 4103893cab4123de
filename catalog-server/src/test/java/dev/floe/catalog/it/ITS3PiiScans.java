package dev.floe.catalog.it;

import static dev.floe.catalog.it.ManagementAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A PII scan of a table in an S3 catalog: the server samples the table's Parquet files through its
 * own S3 file access (the run's S3 server), and proposes tags from what it read.
 */
class ITS3PiiScans {
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[^a-z0-9]", "x");
  private static final String CATALOG = "piis3_" + SUFFIX;
  private static final String API = "/api/management/v1/catalogs/" + CATALOG;
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "contact", Types.StringType.get()),
          Types.NestedField.optional(3, "agent_version", Types.StringType.get()));

  @Test
  void aTableInS3IsSampledThroughTheServersS3Access() throws Exception {
    S3Catalogs.create(CATALOG);
    Namespace namespace = Namespace.of("crm");
    try (RESTCatalog client = S3Catalogs.remoteSigningClient(CATALOG)) {
      client.createNamespace(namespace);
      Table table = client.createTable(TableIdentifier.of(namespace, "customers"), SCHEMA);
      List<Record> records = new ArrayList<>();
      for (int id = 0; id < 500; id++) {
        GenericRecord record = GenericRecord.create(SCHEMA);
        record.setField("id", (long) id);
        record.setField("contact", "user" + id + "@example.org");
        record.setField("agent_version", "3." + (id % 9) + "." + (id % 13) + ".0");
        records.add(record);
      }
      IcebergClients.appendRecords(table, records);
    }

    JsonNode job = json(RestCalls.toServer("POST", API + "/pii-scans", "{\"namespace\": [\"crm\"], \"table\": \"customers\"}", RestCalls.rootToken()), 202);
    String id = job.get("id").asText();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (job.get("status").asText().equals("running")) {
      assertThat(System.nanoTime()).as("scan " + id + " to finish").isLessThan(deadline);
      Thread.sleep(100);
      job = json(RestCalls.toServer("GET", API + "/pii-scans/" + id, null, RestCalls.rootToken()), 200);
    }
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");

    JsonNode proposals = json(RestCalls.toServer("GET", API + "/pii-proposals?namespace=crm&table=customers", null, RestCalls.rootToken()), 200);
    Map<String, String> tagByColumn = new HashMap<>();
    proposals.get("pii-proposals").forEach(proposal -> tagByColumn.put(proposal.get("column").asText(), proposal.get("tag").asText()));
    assertThat(tagByColumn).isEqualTo(Map.of("contact", "pii.email"));
    assertThat(proposals.toString()).doesNotContain("@example.org");
  }

}
