package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} stays bounded: the HTTP latency histograms have the SLO buckets (5 ms to 1 s)
 * and no percentile histogram, so each endpoint template and status adds a few lines, not 69
 * buckets.
 */
class ITMetricsSize {
  private static final String MANAGEMENT = "/api/management/v1";
  private static final String NAMESPACES = "/v1/lakehouse/namespaces";
  private static final Set<String> SLO_BUCKETS = Set.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "+Inf");
  private static final Pattern BUCKET = Pattern.compile("^http_server_requests_seconds_bucket\\{(.*)\\} \\S+$", Pattern.MULTILINE);
  private static final Pattern LE = Pattern.compile(",?le=\"([^\"]*)\"");

  @Test
  void httpHistogramsHaveTheSloBucketsOnly() {
    String root = RestCalls.rootToken();
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int request = 0; request < 1_000; request++) {
      HttpResponse<String> response =
          switch (request % 10) {
            case 0 -> RestCalls.get("/v1/config?warehouse=lakehouse", Map.of());
            case 1 -> RestCalls.get(NAMESPACES, Map.of());
            case 2 -> RestCalls.post(NAMESPACES, "{\"namespace\":[\"it_metrics_" + request + "\"]}", Map.of());
            case 3 -> RestCalls.get(NAMESPACES + "/it_metrics_missing/tables", Map.of());
            case 4 -> RestCalls.get(NAMESPACES + "?pageToken=garbage", Map.of());
            case 5 -> RestCalls.toServer("GET", MANAGEMENT + "/catalogs", null, root);
            case 6 -> RestCalls.toServer("GET", MANAGEMENT + "/principals", null, root);
            case 7 -> RestCalls.toServer("GET", MANAGEMENT + "/principal-roles", null, null);
            case 8 -> RestCalls.toServer("DELETE", MANAGEMENT + "/catalogs/lakehouse/catalog-roles/catalog_admin/grants", null, root);
            default -> RestCalls.toServer("GET", MANAGEMENT + "/catalogs/lakehouse/catalog-roles", null, root);
          };
      statuses.merge(response.statusCode(), 1, Integer::sum);
    }
    assertThat(statuses.keySet()).as("a mix of answers: " + statuses).contains(200, 400, 401, 404, 405);

    HttpResponse<String> metrics = RestCalls.toServer("GET", "/q/metrics", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    System.out.printf(
        "/q/metrics after 1,000 mixed requests (%s): %,d bytes, %,d lines%n",
        statuses, metrics.body().getBytes(StandardCharsets.UTF_8).length, metrics.body().lines().count());

    Map<String, Set<String>> bucketsBySeries = new HashMap<>();
    Matcher bucket = BUCKET.matcher(metrics.body());
    while (bucket.find()) {
      Matcher le = LE.matcher(bucket.group(1));
      assertThat(le.find()).as(bucket.group()).isTrue();
      bucketsBySeries.computeIfAbsent(le.replaceFirst(""), series -> new TreeSet<>()).add(le.group(1));
    }
    assertThat(bucketsBySeries).as("HTTP latency histograms").isNotEmpty();
    SoftAssertions soft = new SoftAssertions();
    bucketsBySeries.forEach((series, buckets) -> soft.assertThat(buckets).as(series).containsExactlyInAnyOrderElementsOf(SLO_BUCKETS));
    soft.assertThat(metrics.body()).as("no percentile histogram").doesNotContain("http_server_requests_seconds{");
    soft.assertAll();
  }

  /** The operator counters move with what happened: tokens issued and refused, commits and a conflict. */
  @Test
  void operatorCountersCountTokensCommitsAndConflicts() throws Exception {
    String before = RestCalls.toServer("GET", "/q/metrics", null, null).body();
    RestCalls.token(FloeTestServer.ROOT_CLIENT_ID, FloeTestServer.ROOT_SECRET);
    assertThat(RestCalls.tokenResponse(FloeTestServer.ROOT_CLIENT_ID, "wrong").statusCode()).isEqualTo(401);
    String namespace = "it_counters_" + Long.toString(System.nanoTime() % 1_000_000, 36);
    try (org.apache.iceberg.rest.RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(org.apache.iceberg.catalog.Namespace.of(namespace));
      org.apache.iceberg.Table table = catalog.createTable(org.apache.iceberg.catalog.TableIdentifier.of(namespace, "t"), IcebergClients.SCHEMA);
      table.newFastAppend().appendFile(IcebergClients.fakeDataFile(table.location() + "/data/a.parquet")).commit();
    }
    // a commit whose requirement no longer holds: 409
    HttpResponse<String> conflict =
        RestCalls.post(
            NAMESPACES + "/" + namespace + "/tables/t",
            "{\"requirements\": [{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": 1}], \"updates\": []}",
            Map.of());
    assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
    String after = RestCalls.toServer("GET", "/q/metrics", null, null).body();
    assertThat(counter(after, "floe_tokens_total", "outcome=\"issued\"") - counter(before, "floe_tokens_total", "outcome=\"issued\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(counter(after, "floe_tokens_total", "error=\"invalid_client\"") - counter(before, "floe_tokens_total", "error=\"invalid_client\""))
        .isEqualTo(1);
    assertThat(counter(after, "floe_table_commits_total", "outcome=\"committed\"") - counter(before, "floe_table_commits_total", "outcome=\"committed\""))
        .isGreaterThanOrEqualTo(2);
    assertThat(counter(after, "floe_table_commits_total", "outcome=\"conflict\"") - counter(before, "floe_table_commits_total", "outcome=\"conflict\""))
        .as(after.lines().filter(line -> line.startsWith("floe_table_commit")).toList() + " before "
            + before.lines().filter(line -> line.startsWith("floe_table_commit")).toList())
        .isGreaterThanOrEqualTo(1);
  }

  /** Every metric the sample Grafana dashboard (docs/grafana/floe-dashboard.json) charts is one the server exports. */
  @Test
  void theDashboardChartsOnlyMetricsTheServerExports() throws Exception {
    RestCalls.get("/v1/config?warehouse=lakehouse", Map.of());
    String metrics = RestCalls.toServer("GET", "/q/metrics", null, null).body();
    String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/grafana/floe-dashboard.json"));
    Set<String> charted = new TreeSet<>();
    Matcher name = Pattern.compile("\\b((?:floe|http_server)_[a-z_]+)\\{").matcher(dashboard);
    while (name.find()) {
      charted.add(name.group(1));
    }
    assertThat(charted).as("metrics the dashboard charts").hasSizeGreaterThan(8);
    SoftAssertions soft = new SoftAssertions();
    for (String metric : charted) {
      soft.assertThat(metrics).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
    }
    soft.assertAll();
  }

  /** The sum of a counter's series whose labels contain {@code label}; 0 when there is none. */
  private static double counter(String metrics, String name, String label) {
    double sum = 0;
    Matcher line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    while (line.find()) {
      if (line.group(1).contains(label)) {
        sum += Double.parseDouble(line.group(2));
      }
    }
    return sum;
  }
}
