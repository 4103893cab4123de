package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The real Trino 476 with its own OpenLineage event listener pointed at Floe (SharedTrino: HTTP
 * transport, Floe client credentials as the API key, SELECT included): a bronze → silver → gold
 * chain of CREATE TABLE AS and INSERT … SELECT becomes a graph of Floe's tables with column
 * lineage, and Floe's capture of Trino's commits merges with Trino's own reports of them.
 */
class ITTrinoLineage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA = "trino_lineage_" + Long.toString(System.nanoTime() % 1_000_000, 36);

  @Test
  void aBronzeSilverGoldChainIsAGraphOfFloeTablesWithColumnLineage() throws SQLException {
    String jdbc = SharedTrino.get().jdbcUrl();
    String s = "iceberg." + SCHEMA;
    TrinoSql.execute(jdbc, "floe-it", "CREATE SCHEMA " + s);
    TrinoSql.execute(jdbc, "floe-it", "CREATE TABLE " + s + ".bronze AS SELECT orderkey, custkey, totalprice FROM tpch.tiny.orders");
    TrinoSql.execute(jdbc, "floe-it", "CREATE TABLE " + s + ".silver AS SELECT orderkey, custkey, totalprice * 2 AS doubled FROM " + s + ".bronze");
    TrinoSql.execute(jdbc, "floe-it", "CREATE TABLE " + s + ".gold (custkey bigint, revenue double)");
    TrinoSql.execute(jdbc, "floe-it", "INSERT INTO " + s + ".gold SELECT custkey, sum(doubled) FROM " + s + ".silver GROUP BY custkey");

    // the listener reports after each query completes, asynchronously
    JsonNode upstream =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> answer("gold/upstream?depth=5"), answer -> datasetNames(answer).size() >= 4);
    assertThat(datasetNames(upstream)).containsExactly("gold", "silver", "bronze", "tpch.tiny.orders");
    JsonNode root = upstream.path("nodes").get(0);
    assertThat(root.path("kind").asText()).isEqualTo("table");
    assertThat(root.path("catalog").asText()).isEqualTo("lakehouse");

    JsonNode columns = answer("gold/columns");
    List<String> revenueSources = new ArrayList<>();
    columns.path("columns").path("revenue").forEach(source -> revenueSources.add(source.path("column").asText()));
    assertThat(revenueSources).containsExactly("doubled");
    JsonNode silverColumns = answer("silver/columns");
    List<String> doubledSources = new ArrayList<>();
    silverColumns.path("columns").path("doubled").forEach(source -> doubledSources.add(source.path("column").asText()));
    assertThat(doubledSources).containsExactly("totalprice");

    // the INSERT's commit and Trino's report of that query are one run, under Trino's job
    JsonNode goldWriters = answer("gold/upstream?depth=1");
    List<JsonNode> jobs = new ArrayList<>();
    goldWriters.path("nodes").forEach(node -> {
      if (node.path("type").asText().equals("job")) {
        jobs.add(node);
      }
    });
    assertThat(jobs).allSatisfy(job -> assertThat(job.path("namespace").asText()).isIn("trino://trino.test:8080", "floe"));
    JsonNode trinoJob = jobs.stream().filter(job -> job.path("namespace").asText().startsWith("trino://")).findFirst().orElseThrow();
    JsonNode runs =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> ok(RestCalls.getFromServer("/api/lineage/v1/jobs/runs?namespace=trino://trino.test:8080&name=" + trinoJob.path("name").asText())),
                answer -> answer.path("runs").path(0).path("state").asText().equals("COMPLETE"));
    JsonNode run = runs.path("runs").get(0);
    assertThat(run.path("source").asText()).isEqualTo("merged");
    assertThat(run.path("reported-by").asText()).isEqualTo(SharedTrino.LINEAGE_PRINCIPAL);
    assertThat(run.path("commits").get(0).path("engine-run").asText()).isEqualTo(trinoJob.path("name").asText());
    assertThat(run.path("commits").get(0).path("snapshot-id").isNumber()).isTrue();
    // no provisional job is left for it
    assertThat(RestCalls.getFromServer("/api/lineage/v1/jobs/runs?namespace=floe&name=trino:" + trinoJob.path("name").asText()).statusCode())
        .isEqualTo(404);
  }

  private static JsonNode answer(String path) {
    return ok(RestCalls.getFromServer("/api/lineage/v1/tables/lakehouse/" + SCHEMA + "/" + path));
  }

  private static List<String> datasetNames(JsonNode answer) {
    List<String> names = new ArrayList<>();
    answer.path("nodes").forEach(node -> {
      if (node.path("type").asText().equals("dataset")) {
        names.add(node.path("name").asText());
      }
    });
    return names;
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
