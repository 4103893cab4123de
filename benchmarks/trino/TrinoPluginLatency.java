import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client-side latency of one query through Trino's JDBC driver, three ways, interleaved run by run
 * so that drift on the machine reaches all three alike:
 *
 * <ul>
 *   <li>{@code ungoverned}: the table through the ungoverned catalog, as {@code user};
 *   <li>{@code governed-warm}: the same table through the governed catalog, as {@code user} again
 *       and again (the plugin's shared cache answers);
 *   <li>{@code governed-cold}: through the governed catalog as a user not seen before, same groups
 *       ({@code <coldPrefix><i>}): the plugin must ask Floe;
 *   <li>{@code governed-unmasked-warm}: through the governed catalog as {@code unmaskedUser}, whom
 *       no mask or filter reaches (the plugin's decisions without Trino applying masks).
 * </ul>
 *
 * For each governed query, Floe's {@code floe_governance_evaluation_seconds_count} (all label
 * sets summed) is read before and after: the evaluation calls the query made. Each timed query is
 * executed and every row read. Run with {@code java -cp trino-jdbc.jar TrinoPluginLatency.java
 * <jdbc-url> <floe-url> <governed-table> <ungoverned-table> <user> <cold-prefix> <unmasked-user> <warmup>
 * <runs>};
 * prints one line per series, tab-separated.
 */
public final class TrinoPluginLatency {
  private static final Pattern EVALUATIONS =
      Pattern.compile("(?m)^floe_governance_evaluation_seconds_count(?:\\{[^}]*\\})? ([0-9.E+]+)$");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String jdbcUrl = args[0];
    String floeUrl = args[1];
    String governed = "SELECT * FROM " + args[2];
    String ungoverned = "SELECT * FROM " + args[3];
    String user = args[4];
    String coldPrefix = args[5];
    String unmaskedUser = args[6];
    int warmup = Integer.parseInt(args[7]);
    int runs = Integer.parseInt(args[8]);

    // every cold user's connection is opened before the timed runs
    List<Connection> cold = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      cold.add(connect(jdbcUrl, coldPrefix + i));
    }
    try (Connection connection = connect(jdbcUrl, user);
        Connection unmasked = connect(jdbcUrl, unmaskedUser)) {
      long[] ungovernedNanos = new long[runs];
      long[] warmNanos = new long[runs];
      long[] coldNanos = new long[runs];
      long[] warmCalls = new long[runs];
      long[] coldCalls = new long[runs];
      long[] unmaskedNanos = new long[runs];
      long[] unmaskedCalls = new long[runs];
      int[] columns = new int[4];
      for (int i = 0; i < warmup + runs; i++) {
        int slot = i - warmup;
        long started = System.nanoTime();
        columns[0] = read(connection, ungoverned);
        long elapsed = System.nanoTime() - started;
        if (slot >= 0) {
          ungovernedNanos[slot] = elapsed;
        }

        double before = evaluations(floeUrl);
        started = System.nanoTime();
        columns[1] = read(connection, governed);
        elapsed = System.nanoTime() - started;
        double after = evaluations(floeUrl);
        if (slot >= 0) {
          warmNanos[slot] = elapsed;
          warmCalls[slot] = Math.round(after - before);
        }

        before = after;
        started = System.nanoTime();
        columns[2] = read(cold.get(i), governed);
        elapsed = System.nanoTime() - started;
        after = evaluations(floeUrl);
        if (slot >= 0) {
          coldNanos[slot] = elapsed;
          coldCalls[slot] = Math.round(after - before);
        }

        before = after;
        started = System.nanoTime();
        columns[3] = read(unmasked, governed);
        elapsed = System.nanoTime() - started;
        after = evaluations(floeUrl);
        if (slot >= 0) {
          unmaskedNanos[slot] = elapsed;
          unmaskedCalls[slot] = Math.round(after - before);
        }
      }
      System.out.println("series\tp50_ms\tp90_ms\tp99_ms\tmean_ms\tcalls_per_query_min\tcalls_per_query_max\tcalls_per_query_mean\tcolumns_read");
      print("ungoverned", ungovernedNanos, null, columns[0]);
      print("governed-warm", warmNanos, warmCalls, columns[1]);
      print("governed-cold", coldNanos, coldCalls, columns[2]);
      print("governed-unmasked-warm", unmaskedNanos, unmaskedCalls, columns[3]);
    } finally {
      for (Connection connection : cold) {
        connection.close();
      }
    }
  }

  private static Connection connect(String url, String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(url, properties);
  }

  /** Runs the query and reads every row; answers the column count. */
  private static int read(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      int rows = 0;
      while (results.next()) {
        for (int column = 1; column <= columns; column++) {
          results.getString(column);
        }
        rows++;
      }
      if (rows == 0) {
        throw new IllegalStateException("no rows from " + sql);
      }
      return columns;
    }
  }

  private static double evaluations(String floeUrl) throws Exception {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(URI.create(floeUrl + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher matcher = EVALUATIONS.matcher(response.body());
    double total = 0;
    boolean found = false;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no floe_governance_evaluation_seconds_count in " + floeUrl + "/q/metrics");
    }
    return total;
  }

  private static void print(String series, long[] nanos, long[] calls, int columns) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
    String callsMin = calls == null ? "-" : Long.toString(Arrays.stream(calls).min().orElse(0));
    String callsMax = calls == null ? "-" : Long.toString(Arrays.stream(calls).max().orElse(0));
    String callsMean = calls == null ? "-" : String.format(Locale.ROOT, "%.3f", Arrays.stream(calls).average().orElse(0));
    System.out.printf(
        Locale.ROOT,
        "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%d%n",
        series,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        mean,
        callsMin,
        callsMax,
        callsMean,
        columns);
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  private static double percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
