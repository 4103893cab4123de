package dev.floe.catalog.it;

import static dev.floe.catalog.it.ManagementAnswers.json;
import static dev.floe.catalog.it.ManagementAnswers.error;
import static dev.floe.catalog.it.ManagementAnswers.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
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
 * PII scans on the packaged server: a table written by Iceberg's Java client is scanned in the
 * background, its proposals listed, accepted (a tag assignment by the caller, audited) and
 * rejected (not proposed again by the next scan, until new data brings more evidence); the API's
 * 400, 403 and 404.
 */
class ITPiiScans {
  private static final String API = "/api/management/v1";
  private static final String CATALOG = "lakehouse";
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[^a-z0-9]", "x");
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "contact", Types.StringType.get()),
      Types.NestedField.optional(3, "reach", Types.StringType.get()),
      Types.NestedField.optional(4, "client_ip", Types.StringType.get()),
      Types.NestedField.optional(5, "agent_version", Types.StringType.get()));

  @Test
  void scansProposeAndDecisionsStick() throws Exception {
    String namespace = "pii_scans_" + SUFFIX;
    TableIdentifier identifier = TableIdentifier.of(namespace, "visits");
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(namespace));
      Table table = catalog.createTable(identifier, SCHEMA);
      IcebergClients.appendRecords(table, rows(0, 500));
    }

    JsonNode job = scan(namespace, "visits");
    assertThat(job.get("status").asText()).isEqualTo("done");
    assertThat(job.get("tables-done").asInt()).isEqualTo(1);
    assertThat(job.get("tables-total").asInt()).isEqualTo(1);
    assertThat(job.get("proposals").asInt()).isEqualTo(3);
    assertThat(job.has("error")).isFalse();

    String proposals = "/catalogs/" + CATALOG + "/pii-proposals";
    String filter = "?status=proposed&namespace=" + namespace + "&table=visits";
    Map<String, JsonNode> byColumn = byColumn(json(root("GET", proposals + filter, null), 200));
    assertThat(byColumn.keySet()).containsExactlyInAnyOrder("contact", "reach", "client_ip");
    assertThat(byColumn.get("contact").get("tag").asText()).isEqualTo("pii.email");
    assertThat(byColumn.get("reach").get("tag").asText()).isEqualTo("pii.phone");
    assertThat(byColumn.get("client_ip").get("tag").asText()).isEqualTo("pii.ip_address");
    JsonNode email = byColumn.get("contact");
    assertThat(email.get("confidence").asDouble()).isBetween(0.8, 1.0);
    assertThat(email.get("matching-count").asInt()).isEqualTo(500);
    assertThat(email.get("sampled-count").asInt()).isEqualTo(500);
    assertThat(email.get("field-id").asInt()).isEqualTo(2);
    // counts only: no sampled value anywhere in the answer
    assertThat(root("GET", proposals + filter, null).body()).doesNotContain("@example").doesNotContain("198.51.");

    // accepting assigns the tag to the column, by the caller, audited
    JsonNode accepted = json(root("POST", proposals + "/" + email.get("id").asLong() + "/accept", null), 200);
    assertThat(accepted.get("status").asText()).isEqualTo("accepted");
    assertThat(accepted.get("decided-by").asText()).isEqualTo("root");
    JsonNode assignments = json(root("GET", "/catalogs/" + CATALOG + "/tag-assignments?tag=pii.email", null), 200);
    assertThat(StreamSupport.stream(assignments.get("assignments").spliterator(), false)
            .filter(node -> node.path("namespace").path(0).asText().equals(namespace) && node.path("table").asText().equals("visits"))
            .map(node -> node.path("column").asText()))
        .containsExactly("contact");
    awaitEvent("operation=DECIDE_PII_PROPOSAL", event -> event.path("details").path("proposal").asText().equals(email.get("id").asText())
        && event.path("details").path("decision").asText().equals("accepted")
        && event.path("details").path("decided-by").asText().equals("root"));
    assertThat(error(root("POST", proposals + "/" + email.get("id").asLong() + "/reject", null), 400)).contains("already accepted");

    // accepting needs what assigning the tag needs: one of its applier roles, when it names any
    long ip = byColumn.get("client_ip").get("id").asLong();
    String stewards = "pii_stewards_" + SUFFIX;
    json(root("POST", "/principal-roles", "{\"name\": \"" + stewards + "\"}"), 201);
    json(root("PUT", "/tags/pii.ip_address", "{\"description\": \"IPv4 or IPv6 address\", \"applier-roles\": [\"" + stewards + "\"]}"), 200);
    try {
      assertThat(error(root("POST", proposals + "/" + ip + "/accept", null), 403)).contains(stewards);
      assertThat(json(root("GET", proposals + filter, null), 200).toString()).contains("\"id\":" + ip + ",");
    } finally {
      json(root("PUT", "/tags/pii.ip_address", "{\"description\": \"IPv4 or IPv6 address\", \"applier-roles\": []}"), 200);
    }

    // rejecting: the next scan of the same snapshot does not propose it again
    long phone = byColumn.get("reach").get("id").asLong();
    assertThat(json(root("POST", proposals + "/" + phone + "/reject", null), 200).get("status").asText()).isEqualTo("rejected");
    awaitEvent("operation=DECIDE_PII_PROPOSAL", event -> event.path("details").path("proposal").asText().equals(Long.toString(phone))
        && event.path("details").path("decision").asText().equals("rejected"));
    JsonNode again = scan(namespace, null);
    assertThat(again.get("status").asText()).isEqualTo("done");
    assertThat(again.get("proposals").asInt()).isEqualTo(1); // the IP column, still proposed
    assertThat(byColumn(json(root("GET", proposals + filter, null), 200)).keySet()).containsExactly("client_ip");
    assertThat(byColumn(json(root("GET", proposals + "?status=rejected&namespace=" + namespace, null), 200)).keySet()).containsExactly("reach");
    assertThat(byColumn(json(root("GET", proposals + "?namespace=" + namespace, null), 200)).keySet())
        .containsExactlyInAnyOrder("contact", "reach", "client_ip");

    // new evidence: another snapshot with more matching samples proposes the rejected tag again
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      IcebergClients.appendRecords(catalog.loadTable(identifier), rows(500, 500));
    }
    assertThat(scan(namespace, "visits").get("proposals").asInt()).isEqualTo(2);
    Map<String, JsonNode> renewed = byColumn(json(root("GET", proposals + filter, null), 200));
    assertThat(renewed.keySet()).containsExactlyInAnyOrder("reach", "client_ip");
    assertThat(renewed.get("reach").get("id").asLong()).isEqualTo(phone);
    assertThat(renewed.get("reach").get("matching-count").asInt()).isEqualTo(1000);
    assertThat(renewed.get("reach").has("decided-by")).isFalse();
  }

  private static List<Record> rows(int from, int count) {
    List<Record> records = new ArrayList<>();
    for (int id = from; id < from + count; id++) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.setField("id", (long) id);
      record.setField("contact", "user" + id + "@example" + (id % 7) + ".com");
      record.setField("reach", String.format("+1 (415) %03d-%04d", 200 + id % 700, id % 10000));
      record.setField("client_ip", "198.51." + (id % 256) + "." + (1 + id % 250));
      record.setField("agent_version", "2." + (id % 7) + "." + (id % 11) + ".1");
      records.add(record);
    }
    return records;
  }

  @Test
  void badRequestsUnknownTablesAndMissingPrivileges() throws Exception {
    String namespace = "pii_errors_" + SUFFIX;
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(namespace));
    }
    String scans = "/catalogs/" + CATALOG + "/pii-scans";
    assertThat(error(root("POST", scans, "{\"table\": \"t\"}"), 400)).contains("missing namespace");
    assertThat(root("POST", scans, "{\"namespace\": 3}").statusCode()).isEqualTo(400);
    assertThat(root("POST", scans, null).statusCode()).isIn(400, 415);
    assertThat(root("POST", scans, body(namespace, "missing")).statusCode()).isEqualTo(404);
    assertThat(root("POST", scans, body(namespace + "_missing", null)).statusCode()).isEqualTo(404);
    assertThat(root("POST", "/catalogs/missing_" + SUFFIX + "/pii-scans", body(namespace, null)).statusCode()).isEqualTo(404);
    assertThat(root("GET", scans + "/no-such-job", null).statusCode()).isEqualTo(404);
    assertThat(root("POST", "/catalogs/" + CATALOG + "/pii-proposals/999999999/accept", null).statusCode()).isEqualTo(404);
    assertThat(error(root("GET", "/catalogs/" + CATALOG + "/pii-proposals?status=maybe", null), 400)).contains("status");

    // an empty namespace: done at once, nothing to propose
    JsonNode empty = scan(namespace, null);
    assertThat(empty.get("tables-total").asInt()).isZero();
    assertThat(empty.get("proposals").asInt()).isZero();

    // CATALOG_MANAGE_POLICIES is needed to scan, list and decide
    String token = AccessSetup.principalWithGrants("pii_reader_" + SUFFIX, CATALOG, List.of(namespace), "TABLE_READ_DATA");
    assertThat(call("POST", scans, body(namespace, null), token).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/catalogs/" + CATALOG + "/pii-proposals", null, token).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/catalogs/" + CATALOG + "/pii-proposals/1/reject", null, token).statusCode()).isEqualTo(403);
  }

  /** Starts a scan and waits until it is no longer running. */
  private static JsonNode scan(String namespace, String table) throws Exception {
    HttpResponse<String> started = root("POST", "/catalogs/" + CATALOG + "/pii-scans", body(namespace, table));
    JsonNode job = json(started, 202);
    String id = job.get("id").asText();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (job.get("status").asText().equals("running")) {
      assertThat(System.nanoTime()).as("scan " + id + " to finish").isLessThan(deadline);
      Thread.sleep(100);
      job = json(root("GET", "/catalogs/" + CATALOG + "/pii-scans/" + id, null), 200);
    }
    return job;
  }

  private static Map<String, JsonNode> byColumn(JsonNode list) {
    return StreamSupport.stream(list.get("pii-proposals").spliterator(), false)
        .collect(Collectors.toMap(node -> node.get("column").asText(), node -> node));
  }

  private static String body(String namespace, String table) {
    return "{\"namespace\": [\"" + namespace + "\"]" + (table == null ? "" : ", \"table\": \"" + table + "\"") + "}";
  }

  private static HttpResponse<String> root(String method, String path, String body) {
    return call(method, path, body, RestCalls.rootToken());
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) {
    return RestCalls.toServer(method, API + path, body, token);
  }



}
