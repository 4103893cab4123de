package dev.floe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Floe's authorization timer ({@code floe_authorization_seconds}, tags {@code kind=decide|filter}
 * and {@code authorizer}) from its Prometheus endpoint {@code /q/metrics}: the time each decision
 * takes, deciding and queueing its audit event. A scrape before and one after a measured phase give
 * that phase's decisions exactly (count, sum, histogram buckets); the quantile gauges are
 * Micrometer's decaying window (about the last 2 minutes), so they are read right after the phase.
 */
final class AuthorizationMetrics {
  static final String NAME = "floe_authorization_seconds";
  private static final Pattern LINE =
      Pattern.compile("^(" + NAME + "(?:_bucket|_count|_sum|_max)?)\\{([^}]*)\\}\\s+(\\S+)\\s*$");
  private static final Pattern TAG = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private AuthorizationMetrics() {}

  /** The decide timer at one moment (seconds). */
  record Snapshot(
      String authorizer,
      double count,
      double sum,
      double max,
      double quantile50,
      double quantile99,
      /** Cumulative counts by upper bound ({@code le}, seconds; +Inf as infinity). */
      TreeMap<Double, Double> buckets) {}

  /** Scrapes {@code metrics} and returns the {@code kind=decide} timer, or null if absent. */
  static Snapshot scrape(HttpClient http, URI metrics, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(metrics + " answered " + response.statusCode());
    }
    return parse(response.body(), "decide");
  }

  static Snapshot parse(String text, String kind) {
    String authorizer = null;
    double count = Double.NaN;
    double sum = Double.NaN;
    double max = Double.NaN;
    double q50 = Double.NaN;
    double q99 = Double.NaN;
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith(NAME)) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> tags = new TreeMap<>();
      Matcher t = TAG.matcher(m.group(2));
      while (t.find()) {
        tags.put(t.group(1), t.group(2));
      }
      if (!kind.equals(tags.get("kind"))) {
        continue;
      }
      authorizer = tags.get("authorizer");
      double value = Double.parseDouble(m.group(3));
      switch (m.group(1)) {
        case NAME + "_bucket" -> {
          String le = tags.get("le");
          buckets.put("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value);
        }
        case NAME + "_count" -> count = value;
        case NAME + "_sum" -> sum = value;
        case NAME + "_max" -> max = value;
        default -> {
          String quantile = tags.get("quantile");
          if ("0.5".equals(quantile)) {
            q50 = value;
          } else if ("0.99".equals(quantile)) {
            q99 = value;
          }
        }
      }
    }
    return authorizer == null ? null : new Snapshot(authorizer, count, sum, max, q50, q99, buckets);
  }

  /**
   * The decisions made during one measured phase, in microseconds. {@code p50/p99...Bound} are the
   * upper bounds of the histogram buckets holding those ranks (the server's buckets start at 1 ms,
   * so a bound of 1000 µs means "at most 1 ms"); {@code gaugeP50/P99} are the server's quantile
   * gauges right after the phase (its decaying window, mostly this phase's decisions).
   */
  record Phase(
      String authorizer,
      long decisions,
      long operations,
      double decisionsPerOperation,
      double meanMicros,
      double p50BoundMicros,
      double p99BoundMicros,
      double shareWithin1ms,
      double gaugeP50Micros,
      double gaugeP99Micros,
      double windowMaxMicros) {}

  static Phase between(Snapshot before, Snapshot after, long operations) {
    if (before == null || after == null) {
      return null;
    }
    long decisions = Math.round(after.count() - before.count());
    double mean = decisions > 0 ? (after.sum() - before.sum()) / decisions * 1e6 : Double.NaN;
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> entry : after.buckets().entrySet()) {
      delta.put(entry.getKey(), entry.getValue() - before.buckets().getOrDefault(entry.getKey(), 0.0));
    }
    Double within1ms = delta.get(0.001);
    return new Phase(
        after.authorizer(),
        decisions,
        operations,
        operations > 0 ? decisions / (double) operations : Double.NaN,
        mean,
        bound(delta, decisions, 0.50),
        bound(delta, decisions, 0.99),
        within1ms == null || decisions == 0 ? Double.NaN : within1ms / decisions,
        after.quantile50() * 1e6,
        after.quantile99() * 1e6,
        after.max() * 1e6);
  }

  /** The upper bound (µs) of the first bucket whose cumulative count reaches {@code quantile}. */
  static double bound(TreeMap<Double, Double> cumulative, long total, double quantile) {
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = Math.ceil(quantile * total);
    for (Map.Entry<Double, Double> entry : cumulative.entrySet()) {
      if (entry.getValue() >= rank) {
        return entry.getKey() * 1e6;
      }
    }
    return Double.NaN;
  }
}
