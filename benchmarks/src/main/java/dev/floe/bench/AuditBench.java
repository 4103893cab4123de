package dev.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the audit trail costs a warm loadTable (not a test): {@code benchmarks/run-audit.sh}.
 *
 * <p>One PostgreSQL, one database, one table; Floe started three times on it, one after the other,
 * with the same data directory: audit off ({@code FLOE_AUDIT_ENABLED=false}), audit on (one event
 * per decision, the default) and audit on with read aggregation ({@code
 * FLOE_AUDIT_AGGREGATE_READS_WINDOW}). Each phase: warm up, then {@code clients} closed-loop
 * clients GET the same table's loadTable for the measured time. After each phase: {@code
 * floe.audit.events.dropped} from {@code /q/metrics} (must be 0), then the server is stopped
 * (SIGTERM: the audit writer writes what is queued and every open window) and the rows it added to
 * {@code audit_events} are counted.
 */
public final class AuditBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String NAMESPACE = "audit_bench";
  private static final String TABLE = "hot";
  private static final Pattern METRIC = Pattern.compile("^(floe_audit_[a-z_]+?)(?:_total)?(?:\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);

  private AuditBench() {}

  /** One phase: its name and the environment its server gets. */
  private record Phase(String name, Map<String, String> environment) {}

  /** What one phase measured. */
  private record Measured(
      Phase phase,
      LoadGenerator.Result result,
      long warmupLoads,
      String loadAverage,
      double dropped,
      double written,
      double folded,
      long rows,
      long loadTableRows) {
    double throughput() {
      return result.ok() / result.seconds();
    }

    /** Every loadTable the phase sent and got 200 for: warm-up and measured. */
    long loads() {
      return warmupLoads + result.ok();
    }

    /** LOAD_TABLE audit rows per 1,000 loadTables of the phase. */
    double rowsPerThousandLoads() {
      return 1000.0 * loadTableRows / Math.max(1, loads());
    }
  }

  public static void main(String[] args) throws Exception {
    String window = "PT1S";
    int clients = 16;
    long chainRecords = 1_000_000;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--aggregate-window" -> window = args[++i];
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--chain-records" -> chainRecords = Long.parseLong(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    Settings settings = Settings.parse(rest.toArray(String[]::new));
    List<Phase> phases =
        List.of(
            new Phase("audit off", Map.of("FLOE_AUDIT_ENABLED", "false")),
            new Phase("audit on, one event per decision", Map.of()),
            new Phase("audit on, reads aggregated per " + window, Map.of("FLOE_AUDIT_AGGREGATE_READS_WINDOW", window)));
    Files.createDirectories(settings.workDir);
    Path dataDir = settings.workDir.resolve("floe-audit-data").toAbsolutePath();
    Files.createDirectories(dataDir);
    List<Measured> measured = new ArrayList<>();
    AuditChainStage.Result chain;
    try (Postgres postgres = Postgres.start(settings.workDir.resolve("postgres"), true)) {
      postgres.recreateDatabase("floe");
      boolean first = true;
      for (Phase phase : phases) {
        measured.add(run(settings, postgres, phase, dataDir, clients, first));
        first = false;
      }
      chain = AuditChainStage.run(settings, postgres, dataDir, clients, chainRecords, NAMESPACE, TABLE);
    }
    String report = report(settings, measured, clients, window) + chain.report();
    Path out = settings.outDir.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".md");
    Files.createDirectories(settings.outDir);
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("report: " + out);
    if (!chain.verified()) {
      System.err.println("FAILED: the audit chain did not verify");
      System.exit(1);
    }
    for (Measured each : measured) {
      if (each.dropped() != 0 || each.result().errors() != 0) {
        System.err.println("FAILED: " + each.phase().name() + " dropped " + each.dropped() + " events, " + each.result().errors() + " errors");
        System.exit(1);
      }
    }
  }

  private static Measured run(Settings settings, Postgres postgres, Phase phase, Path dataDir, int clients, boolean create)
      throws Exception {
    Map<String, String> environment = new LinkedHashMap<>(phase.environment());
    environment.put("FLOE_DATA_DIR", dataDir.toString());
    long rowsBefore = create ? 0 : rows(postgres, null);
    long loadsBefore = create ? 0 : rows(postgres, "LOAD_TABLE");
    Servers.Started floe = Servers.startFloe(settings, postgres, "floe", "floe-audit-" + phase.name().replaceAll("[^a-z]+", "-"), environment);
    LoadGenerator.Result result;
    LoadGenerator.Result warmup;
    String loadAverage;
    Map<String, Double> metrics;
    try {
      String base = floe.restUri().substring(0, floe.restUri().length() - "/api/catalog".length());
      String root = token(base);
      String catalog = base + "/api/catalog/v1/lakehouse";
      if (create) {
        call("POST", catalog + "/namespaces", "{\"namespace\": [\"" + NAMESPACE + "\"]}", root, 200);
        call(
            "POST",
            catalog + "/namespaces/" + NAMESPACE + "/tables",
            "{\"name\":\"" + TABLE + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":["
                + "{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"long\"},{\"id\":2,\"name\":\"name\",\"required\":false,\"type\":\"string\"}]}}",
            root,
            200);
      }
      URI load = URI.create(catalog + "/namespaces/" + NAMESPACE + "/tables/" + TABLE);
      HttpRequest request = HttpRequest.newBuilder(load).header("Authorization", "Bearer " + root).timeout(Duration.ofSeconds(30)).GET().build();
      LoadGenerator.Operation operation =
          (worker, sequence) -> {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
              throw new IllegalStateException("loadTable answered " + response.statusCode());
            }
            return 0;
          };
      warmup = LoadGenerator.closed("warmup", clients, settings.warmup, Long.MAX_VALUE, 1, operation);
      loadAverage = loadAverage();
      result = LoadGenerator.closed(phase.name(), clients, settings.measure, Long.MAX_VALUE, 1, operation);
      metrics = metrics(base, root);
    } finally {
      floe.process().close();
    }
    long rows = rows(postgres, null) - rowsBefore;
    long loads = rows(postgres, "LOAD_TABLE") - loadsBefore;
    System.out.printf(
        Locale.ROOT, "%s: %,.0f loadTable/s, %d errors, dropped %s, %d audit rows (%d LOAD_TABLE)%n",
        phase.name(), result.ok() / result.seconds(), result.errors(), metrics.get("floe_audit_events_dropped"), rows, loads);
    return new Measured(
        phase,
        result,
        warmup.ok(),
        loadAverage,
        metrics.getOrDefault("floe_audit_events_dropped", Double.NaN),
        metrics.getOrDefault("floe_audit_events_written", Double.NaN),
        metrics.getOrDefault("floe_audit_reads_folded", Double.NaN),
        rows,
        loads);
  }

  private static String report(Settings settings, List<Measured> measured, int clients, String window) {
    StringBuilder report = new StringBuilder();
    report.append("# Audit trail cost: warm loadTable, audit off / on / on with read aggregation\n\n")
        .append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ").append(System.getProperty("java.version")).append(". One table (`")
        .append(NAMESPACE).append('.').append(TABLE).append("`), ").append(clients).append(" closed-loop clients, ")
        .append(settings.warmup.toSeconds()).append(" s warm-up and ").append(settings.measure.toSeconds())
        .append(" s measured per phase, one Floe JVM per phase on the same PostgreSQL database (`synchronous_commit=on`)."
            + " Rows: `audit_events` rows the phase added (warm-up and sign-in included), counted after the server stopped"
            + " (shutdown writes every queued event and open window). Dropped: `floe.audit.events.dropped` from `/q/metrics`"
            + " at the end of the phase (must be 0).\n\n")
        .append("| phase | 1-min load average before | loadTable/s | vs audit off | p50 / p99 ms | errors | dropped | loadTables (warm-up + measured) | audit rows added | of which LOAD_TABLE | LOAD_TABLE rows per 1,000 loads | reads folded |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    double off = measured.get(0).throughput();
    for (Measured each : measured) {
      report.append("| ").append(each.phase().name())
          .append(" | ").append(each.loadAverage())
          .append(" | ").append(String.format(Locale.ROOT, "%,.0f", each.throughput()))
          .append(" | ").append(String.format(Locale.ROOT, "%.2f", each.throughput() / off))
          .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f",
              each.result().histogram().getValueAtPercentile(50) / 1000.0, each.result().histogram().getValueAtPercentile(99) / 1000.0))
          .append(" | ").append(each.result().errors())
          .append(" | ").append(String.format(Locale.ROOT, "%.0f", each.dropped()))
          .append(" | ").append(String.format(Locale.ROOT, "%,d", each.loads()))
          .append(" | ").append(String.format(Locale.ROOT, "%,d", each.rows()))
          .append(" | ").append(String.format(Locale.ROOT, "%,d", each.loadTableRows()))
          .append(" | ").append(String.format(Locale.ROOT, "%.3f", each.rowsPerThousandLoads()))
          .append(" | ").append(String.format(Locale.ROOT, "%,.0f", each.folded()))
          .append(" |\n");
    }
    Measured perEvent = measured.get(1);
    Measured aggregated = measured.get(2);
    report.append("\nRatios: audit on / off ")
        .append(String.format(Locale.ROOT, "%.2f", perEvent.throughput() / off))
        .append(", aggregated / off ").append(String.format(Locale.ROOT, "%.2f", aggregated.throughput() / off))
        .append(", aggregated / audit on ").append(String.format(Locale.ROOT, "%.2f", aggregated.throughput() / perEvent.throughput()))
        .append(". LOAD_TABLE audit rows per 1,000 loadTables: audit on ")
        .append(String.format(Locale.ROOT, "%.1f", perEvent.rowsPerThousandLoads()))
        .append(", aggregated ")
        .append(String.format(Locale.ROOT, "%.3f", aggregated.rowsPerThousandLoads()))
        .append(" (window ").append(window).append(").\n\n")
        .append("On a 2-core machine shared with other work the three phases differ by run-to-run noise as well;"
            + " compare ratios of one run, not figures across runs.\n");
    return report.toString();
  }

  /** The 1-minute load average of the machine (other processes included), or "?". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The floe_audit_* meters of /q/metrics, by name without {@code _total}. */
  private static Map<String, Double> metrics(String base, String token) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/q/metrics")).header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher matcher = METRIC.matcher(response.body());
    while (matcher.find()) {
      values.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
    }
    if (!values.containsKey("floe_audit_events_dropped")) {
      throw new IllegalStateException("no floe_audit_events_dropped in /q/metrics (status " + response.statusCode() + ")");
    }
    return values;
  }

  /** Rows of audit_events, all or of one operation. */
  static long rows(Postgres postgres, String operation) throws Exception {
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("floe"), Postgres.USER, Postgres.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM audit_events" + (operation == null ? "" : " WHERE operation = '" + operation + "'"))) {
      result.next();
      return result.getLong(1);
    }
  }

  static String token(String base) throws Exception {
    String[] credential = Servers.FLOE_CREDENTIAL.split(":", 2);
    String form = "grant_type=client_credentials&client_id=" + credential[0] + "&client_secret=" + credential[1] + "&scope=PRINCIPAL_ROLE:ALL";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/catalog/v1/oauth/tokens"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static void call(String method, String uri, String body, String token, int expected) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
