package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/**
 * The lineage API on the shared server: OpenLineage events in (valid, invalid, too large,
 * unauthenticated, with client credentials as the API key), the graph out (upstream, downstream,
 * columns, runs) with restricted nodes for what a caller may not see, and the commit capture of
 * the Iceberg Java client's commits, merged with an engine's report of the same run.
 */
class ITLineage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String INTAKE = "/api/lineage/v1/lineage";
  private static final String TRINO = "trino://trino.test:8080";

  @Test
  void aChainOfEngineRunsIsAGraphOfCatalogTablesDownToColumns() {
    String bronze = "iceberg.lin_" + SUFFIX + ".bronze";
    String silver = "iceberg.lin_" + SUFFIX + ".silver";
    String gold = "iceberg.lin_" + SUFFIX + ".gold";
    HttpResponse<String> first = post(event("COMPLETE", UUID.randomUUID(), "q1_" + SUFFIX, List.of(bronze), silver, "id", bronze, "id"), root());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode accepted = json(first);
    assertThat(accepted.path("outputs").get(0).path("kind").asText()).isEqualTo("table");
    assertThat(accepted.path("outputs").get(0).path("catalog").asText()).isEqualTo("lakehouse");
    assertThat(post(event("COMPLETE", UUID.randomUUID(), "q2_" + SUFFIX, List.of(silver, "postgres.public.fx"), gold, "amount", silver, "amount"), root())
            .statusCode())
        .isEqualTo(201);

    JsonNode upstream = json(get(table("gold") + "/upstream?depth=5", root()));
    // breadth first: gold's job read silver and fx; silver's read bronze
    assertThat(datasetNames(upstream)).containsExactly("gold", "silver", "postgres.public.fx", "bronze");
    // external: the Trino catalog 'postgres' is not a Floe catalog
    assertThat(upstream.path("nodes").toString()).contains("\"kind\":\"external\"");
    assertThat(upstream.path("column-edges")).hasSize(2);

    JsonNode depthOne = json(get(table("gold") + "/upstream?depth=1", root()));
    assertThat(datasetNames(depthOne)).containsExactly("gold", "silver", "postgres.public.fx");

    JsonNode downstream = json(get(table("bronze") + "/downstream?depth=5", root()));
    assertThat(datasetNames(downstream)).containsExactly("bronze", "silver", "gold");

    JsonNode columns = json(get(table("gold") + "/columns", root()));
    assertThat(columns.path("columns").path("amount")).hasSize(1);
  }

  @Test
  void aCallerSeesRestrictedNodesForTablesItMayNotSee() {
    String namespace = "linr_" + SUFFIX;
    String hidden = "linh_" + SUFFIX;
    String source = "iceberg." + hidden + ".source";
    String target = "iceberg." + namespace + ".target";
    assertThat(post(event("COMPLETE", UUID.randomUUID(), "qr_" + SUFFIX, List.of(source), target, "c", source, "secret_col"), root())
            .statusCode())
        .isEqualTo(201);
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(namespace));
      catalog.createTable(TableIdentifier.of(namespace, "target"), IcebergClients.SCHEMA);
      catalog.createNamespace(Namespace.of(hidden));
      catalog.createTable(TableIdentifier.of(hidden, "source"), IcebergClients.SCHEMA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String analyst = AccessSetup.principalWithGrants("lin_analyst_" + SUFFIX, "lakehouse", List.of(namespace), "TABLE_READ_DATA");
    JsonNode answer = json(get("/api/lineage/v1/tables/lakehouse/" + namespace + "/target/upstream", analyst));
    String text = answer.toString();
    assertThat(text).contains("\"type\":\"restricted\"").doesNotContain(hidden).doesNotContain("secret_col");
    // target, the restricted source, the engine's job (it writes what the analyst sees) and root's
    // job (its commit created target)
    assertThat(answer.path("nodes")).hasSize(4);
    // the table asked about must be visible: one the caller may not see does not exist for it, as
    // in the catalog API
    HttpResponse<String> refused = get("/api/lineage/v1/tables/lakehouse/" + hidden + "/source/upstream", analyst);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
    // a service administrator may ask about any name (a dropped table keeps its history): a name
    // without lineage is the node alone
    JsonNode alone = json(get("/api/lineage/v1/tables/lakehouse/" + hidden + "/nothing/upstream", FloeTestServer.rootToken()));
    assertThat(alone.path("nodes")).hasSize(1);
    assertThat(alone.path("edges")).isEmpty();
  }

  @Test
  void badEventsAre400sNamingTheProblemAndStoreNothing() {
    String job = "bad_" + SUFFIX;
    assertBad(post("{not json", root()), "Invalid OpenLineage event");
    assertBad(
        post(event("COMPLETE", UUID.randomUUID(), job, List.of(), "iceberg.b.t", null, null, null).replace("\"runId\"", "\"runIdx\""), root()),
        "run.runId");
    assertBad(post(event("EXPLODE", UUID.randomUUID(), job, List.of(), "iceberg.b.t", null, null, null), root()), "eventType");
    assertBad(
        post(event("COMPLETE", UUID.randomUUID(), job, List.of(), "iceberg.b.t", null, null, null).replace("\"eventTime\": \"", "\"eventTime\": \"yesterday"), root()),
        "eventTime");
    assertThat(get("/api/lineage/v1/jobs/runs?namespace=" + TRINO + "&name=" + job, root()).statusCode()).isEqualTo(404);

    HttpResponse<String> unauthenticated = post(event("COMPLETE", UUID.randomUUID(), job, List.of(), "iceberg.b.t", null, null, null), null);
    assertThat(unauthenticated.statusCode()).isEqualTo(401);

    String padding = "x".repeat(2 * 1024 * 1024 + 10);
    HttpResponse<String> tooLarge =
        post(event("COMPLETE", UUID.randomUUID(), job, List.of(), "iceberg.b.t", null, null, null).replace("\"producer\": \"", "\"producer\": \"" + padding), root());
    assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("floe.lineage.max-event-bytes");

    assertBad(post(event("COMPLETE", UUID.randomUUID(), job + "\\u0000", List.of(), "iceberg.b.t", null, null, null), root()), "job.name holds the character U+0000");
    assertBad(get(table("gold") + "/upstream?depth=abc", root()), "Invalid depth: abc");
    assertBad(get("/api/lineage/v1/jobs/runs?namespace=x&name=y&limit=zz", root()), "limit");
    assertBad(get("/api/lineage/v1/tables/lakehouse/ns%01/t/upstream", root()), "U+0001");

    HttpResponse<String> badDepth = get(table("gold") + "/upstream?depth=999", root());
    assertThat(badDepth.statusCode()).isEqualTo(400);
    assertThat(badDepth.body()).contains("floe.lineage.max-depth");
  }

  @Test
  void aNamespaceOfSeveralLevelsIsSeparatedByUnitSeparatorsInThePath() {
    String outer = "linm_" + SUFFIX;
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(outer));
      catalog.createNamespace(Namespace.of(outer, "inner"));
      catalog.createTable(TableIdentifier.of(Namespace.of(outer, "inner"), "t"), IcebergClients.SCHEMA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode answer = json(get("/api/lineage/v1/tables/lakehouse/" + outer + "%1Finner/t/upstream", root()));
    assertThat(answer.path("nodes").get(0).path("namespace").toString()).isEqualTo("[\"" + outer + "\",\"inner\"]");
    // its creation was captured: root's job wrote it
    assertThat(answer.path("nodes").toString()).contains("\"namespace\":\"floe\",\"name\":\"root\"");
  }

  @Test
  void clientCredentialsServeAsTheTransportsApiKeyAtTheDefaultPath() {
    String[] credentials = principal("lin_sender_" + SUFFIX);
    String event = event("COMPLETE", UUID.randomUUID(), "key_" + SUFFIX, List.of(), "iceberg.k_" + SUFFIX + ".t", null, null, null);
    HttpResponse<String> accepted = RestCalls.toServer("POST", "/api/v1/lineage", event, credentials[0] + ":" + credentials[1]);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    HttpResponse<String> wrong = RestCalls.toServer("POST", "/api/v1/lineage", event, credentials[0] + ":wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    // only the intake takes credentials in place of a token
    HttpResponse<String> elsewhere =
        RestCalls.toServer("GET", "/api/management/v1/principals", null, credentials[0] + ":" + credentials[1]);
    assertThat(elsewhere.statusCode()).isEqualTo(401);
    JsonNode runs = json(get("/api/lineage/v1/jobs/runs?namespace=" + TRINO + "&name=key_" + SUFFIX, root()));
    assertThat(runs.path("runs").get(0).path("reported-by").asText()).isEqualTo("lin_sender_" + SUFFIX);
  }

  @Test
  void everyCommitIsLineageAndAnEnginesReportOfTheSameRunMergesWithIt() {
    String namespace = "linc_" + SUFFIX;
    String queryId = "20261130_120000_00001_" + SUFFIX;
    long snapshotId;
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(Namespace.of(namespace));
      Table table = catalog.createTable(TableIdentifier.of(namespace, "events"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(table, IcebergClients.records(1, 3));
      // a commit an engine made: its query id in the snapshot summary
      table.newAppend().appendFile(IcebergClients.fakeDataFile(table.location() + "/data/f-" + SUFFIX + ".parquet")).set("trino_query_id", queryId).commit();
      table.refresh();
      snapshotId = table.currentSnapshot().snapshotId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the client's own commits: runs of job floe/root, each with its snapshot
    JsonNode rootRuns = json(get("/api/lineage/v1/jobs/runs?namespace=floe&name=root", root()));
    assertThat(rootRuns.path("runs").toString()).contains(namespace).contains("\"source\":\"floe\"");
    // the engine's commit waits for the engine under a provisional job
    JsonNode provisional = json(get("/api/lineage/v1/jobs/runs?namespace=floe&name=trino:" + queryId, root()));
    assertThat(provisional.path("runs").get(0).path("commits").get(0).path("snapshot-id").asLong()).isEqualTo(snapshotId);

    UUID trinoRun = UUID.nameUUIDFromBytes(queryId.getBytes(StandardCharsets.UTF_8));
    String target = "iceberg." + namespace + ".events";
    assertThat(post(event("COMPLETE", trinoRun, queryId, List.of("iceberg." + namespace + ".staging"), target, null, null, null), root()).statusCode())
        .isEqualTo(201);
    JsonNode merged = json(get("/api/lineage/v1/jobs/runs?namespace=" + TRINO + "&name=" + queryId, root()));
    assertThat(merged.path("runs")).hasSize(1);
    JsonNode run = merged.path("runs").get(0);
    assertThat(run.path("run-id").asText()).isEqualTo(trinoRun.toString());
    assertThat(run.path("source").asText()).isEqualTo("merged");
    assertThat(run.path("commits").get(0).path("snapshot-id").asLong()).isEqualTo(snapshotId);
    assertThat(run.path("commits").get(0).path("engine").asText()).isEqualTo("trino");
    assertThat(get("/api/lineage/v1/jobs/runs?namespace=floe&name=trino:" + queryId, root()).statusCode()).isEqualTo(404);
    // one job writes the table for that query, not two
    JsonNode upstream = json(get("/api/lineage/v1/tables/lakehouse/" + namespace + "/events/upstream?depth=1", root()));
    List<String> jobs = new ArrayList<>();
    upstream.path("nodes").forEach(node -> {
      if (node.path("type").asText().equals("job")) {
        jobs.add(node.path("namespace").asText() + " " + node.path("name").asText());
      }
    });
    assertThat(jobs).containsExactlyInAnyOrder(TRINO + " " + queryId, "floe root");
  }

  // ------------------------------------------------------------------ helpers

  private static String table(String name) {
    return "/api/lineage/v1/tables/lakehouse/lin_" + SUFFIX + "/" + name;
  }

  /** A Trino-style run event: inputs, one output, and optionally one column link. */
  static String event(String type, UUID runId, String job, List<String> inputs, String output, String column, String sourceTable, String sourceColumn) {
    StringBuilder json = new StringBuilder();
    json.append("{\"eventType\": \"").append(type).append("\", \"eventTime\": \"2026-11-30T12:00:00Z\",")
        .append(" \"producer\": \"https://github.com/trinodb/trino/plugin/trino-openlineage\",")
        .append(" \"schemaURL\": \"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\",")
        .append(" \"run\": {\"runId\": \"").append(runId).append("\"},")
        .append(" \"job\": {\"namespace\": \"").append(TRINO).append("\", \"name\": \"").append(job).append("\"},")
        .append(" \"inputs\": [");
    for (int i = 0; i < inputs.size(); i++) {
      json.append(i > 0 ? ", " : "").append("{\"namespace\": \"").append(TRINO).append("\", \"name\": \"").append(inputs.get(i)).append("\"}");
    }
    json.append("], \"outputs\": [{\"namespace\": \"").append(TRINO).append("\", \"name\": \"").append(output).append("\"");
    if (column != null) {
      json.append(", \"facets\": {\"columnLineage\": {\"_producer\": \"x\", \"_schemaURL\": \"y\", \"fields\": {\"")
          .append(column).append("\": {\"inputFields\": [{\"namespace\": \"").append(TRINO).append("\", \"name\": \"")
          .append(sourceTable).append("\", \"field\": \"").append(sourceColumn).append("\"}]}}}}");
    }
    json.append("}]}");
    return json.toString();
  }

  private static List<String> datasetNames(JsonNode answer) {
    List<String> names = new ArrayList<>();
    answer.path("nodes").forEach(node -> {
      if (node.path("type").asText().equals("dataset")) {
        names.add(node.path("kind").asText().equals("table") ? node.path("name").asText() : node.path("name").asText());
      }
    });
    return names;
  }

  private static void assertBad(HttpResponse<String> response, String mentions) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains(mentions);
  }

  private static String[] principal(String name) {
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/principals", "{\"name\": \"" + name + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode credentials = json(created).path("credentials");
    return new String[] {credentials.path("client-id").asText(), credentials.path("client-secret").asText()};
  }

  private static HttpResponse<String> post(String body, String token) {
    return RestCalls.toServer("POST", INTAKE, body, token);
  }

  private static HttpResponse<String> get(String path, String token) {
    return RestCalls.toServer("GET", path, null, token);
  }

  private static String root() {
    return FloeTestServer.rootToken();
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
