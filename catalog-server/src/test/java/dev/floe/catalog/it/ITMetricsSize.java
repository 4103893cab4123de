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
}
