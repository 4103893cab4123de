package dev.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lineage (not a test): {@code benchmarks/run-lineage.sh}.
 *
 * <p>One Floe on one PostgreSQL. Ingest: {@code clients} closed-loop clients post OpenLineage run
 * events in the shape Trino's listener sends (two inputs, one output, two column links, names
 * resolved to catalog tables) for the measured time; every 201 is counted, and the runs stored are
 * counted in {@code lineage_runs} afterwards: the two must match. Reference in the same run: the
 * same clients on {@code GET /api/catalog/v1/config} (authentication, routing and JSON: the floor
 * of any authenticated call). Graph: a graph of {@code datasets} datasets and {@code edges} edges
 * is written straight into the lineage tables (each job writes one dataset and reads four of the
 * 500 before it), then closed-loop clients ask depth-5 upstream questions of random datasets; the
 * latency percentiles and answer sizes are reported.
 */
public final class LineageBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String TRINO = "trino://bench:8080";

  private LineageBench() {}

  public static void main(String[] args) throws Exception {
    int clients = 16;
    int queryClients = 4;
    int datasets = 10_000;
    int inputsPerJob = 4;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--query-clients" -> queryClients = Integer.parseInt(args[++i]);
        case "--datasets" -> datasets = Integer.parseInt(args[++i]);
        default -> rest.add(args[i]);
      }
    }
    Settings settings = Settings.parse(rest.toArray(String[]::new));
    Files.createDirectories(settings.workDir);
    StringBuilder report = new StringBuilder();
    boolean failed;
    try (Postgres postgres = Postgres.start(settings.workDir.resolve("postgres"), true)) {
      postgres.recreateDatabase("floe");
      Servers.Started floe =
          Servers.startFloe(settings, postgres, "floe", "floe-lineage", Map.of("FLOE_LINEAGE_TRINO_CATALOGS", "iceberg=lakehouse"));
      try {
        String base = floe.restUri().substring(0, floe.restUri().length() - "/api/catalog".length());
        String token = AuditBench.token(base);
        LoadGenerator.Result floor = floor(settings, base, token, clients);
        Ingest ingest = ingest(settings, postgres, base, token, clients);
        Graph graph = graph(settings, postgres, base, token, queryClients, datasets, inputsPerJob);
        failed = ingest.stored() != ingest.result().ok() || ingest.result().errors() != 0 || graph.result().errors() != 0;
        report.append(report(settings, clients, queryClients, floor, ingest, graph));
      } finally {
        floe.process().close();
      }
    }
    Path out = settings.outDir.resolve("lineage-" + LocalDate.now(ZoneOffset.UTC) + ".md");
    Files.createDirectories(settings.outDir);
    Files.writeString(out, report.toString());
    System.out.println(report);
    System.out.println("report: " + out);
    if (failed) {
      System.err.println("FAILED: events lost or errors (see the report)");
      System.exit(1);
    }
  }

  private record Ingest(LoadGenerator.Result result, long stored) {}

  private record Graph(LoadGenerator.Result result, long datasets, long edges, long averageNodes, long maxNodes) {}

  private static LoadGenerator.Result floor(Settings settings, String base, String token, int clients) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/catalog/v1/config?warehouse=lakehouse"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    LoadGenerator.Operation operation = (worker, sequence) -> {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("config answered " + response.statusCode());
      }
      return 0;
    };
    LoadGenerator.closed("floor warm-up", clients, settings.warmup, Long.MAX_VALUE, 1, operation);
    LoadGenerator.Result result = LoadGenerator.closed("config", clients, settings.measure, Long.MAX_VALUE, 1, operation);
    System.out.printf(Locale.ROOT, "floor (GET config): %,.0f/s%n", result.throughput());
    return result;
  }

  private static Ingest ingest(Settings settings, Postgres postgres, String base, String token, int clients) throws Exception {
    URI intake = URI.create(base + "/api/lineage/v1/lineage");
    AtomicLong phase = new AtomicLong();
    LoadGenerator.Operation operation = (worker, sequence) -> {
      String event = event(worker, sequence, phase.get());
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(intake)
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(event))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("intake answered " + response.statusCode() + ": " + response.body());
      }
      return 0;
    };
    phase.set(1);
    LoadGenerator.closed("ingest warm-up", clients, settings.warmup, Long.MAX_VALUE, 1, operation);
    long before = count(postgres, "SELECT count(*) FROM lineage_runs WHERE producer = 'bench-2'");
    phase.set(2);
    LoadGenerator.Result result = LoadGenerator.closed("ingest", clients, settings.measure, Long.MAX_VALUE, 1, operation);
    long stored = count(postgres, "SELECT count(*) FROM lineage_runs WHERE producer = 'bench-2'") - before;
    System.out.printf(Locale.ROOT, "ingest: %,.0f events/s, %d accepted, %d stored, %d errors%n", result.throughput(), result.ok(), stored, result.errors());
    return new Ingest(result, stored);
  }

  /** A Trino-shaped run event: a new run of one of 200 jobs, reading two of 2,000 tables and writing a third. */
  private static String event(int worker, long sequence, long phase) {
    Random random = new Random(sequence * 31 + worker);
    int output = random.nextInt(2000);
    int first = random.nextInt(2000);
    int second = random.nextInt(2000);
    return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"" + Instant.now() + "\",\"producer\":\"bench-" + phase + "\","
        + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
        + "\"run\":{\"runId\":\"" + UUID.randomUUID() + "\"},"
        + "\"job\":{\"namespace\":\"" + TRINO + "\",\"name\":\"job_" + random.nextInt(200) + "\"},"
        + "\"inputs\":[" + dataset("t" + first) + "," + dataset("t" + second) + "],"
        + "\"outputs\":[{\"namespace\":\"" + TRINO + "\",\"name\":\"iceberg.bench.t" + output + "\",\"facets\":{"
        + "\"schema\":{\"_producer\":\"b\",\"_schemaURL\":\"s\",\"fields\":[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"v\",\"type\":\"double\"}]},"
        + "\"columnLineage\":{\"_producer\":\"b\",\"_schemaURL\":\"s\",\"fields\":{"
        + "\"id\":{\"inputFields\":[{\"namespace\":\"" + TRINO + "\",\"name\":\"iceberg.bench.t" + first + "\",\"field\":\"id\"}]},"
        + "\"v\":{\"inputFields\":[{\"namespace\":\"" + TRINO + "\",\"name\":\"iceberg.bench.t" + second + "\",\"field\":\"v\"}]}}}}}]}";
  }

  private static String dataset(String table) {
    return "{\"namespace\":\"" + TRINO + "\",\"name\":\"iceberg.bench." + table + "\"}";
  }

  private static Graph graph(Settings settings, Postgres postgres, String base, String token, int clients, int datasets, int inputsPerJob)
      throws Exception {
    long edges = writeGraph(postgres, datasets, inputsPerJob);
    AtomicLong nodes = new AtomicLong();
    AtomicLong answers = new AtomicLong();
    AtomicLong maxNodes = new AtomicLong();
    LoadGenerator.Operation operation = (worker, sequence) -> {
      int target = new Random(sequence * 17 + worker).nextInt(datasets);
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/lineage/v1/tables/lakehouse/bench_graph/g" + target + "/upstream?depth=5"))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("upstream answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode answer = JSON.readTree(response.body());
      long size = answer.path("nodes").size();
      nodes.addAndGet(size);
      answers.incrementAndGet();
      maxNodes.accumulateAndGet(size, Math::max);
      return 0;
    };
    LoadGenerator.closed("graph warm-up", clients, settings.warmup, Long.MAX_VALUE, 1, operation);
    nodes.set(0);
    answers.set(0);
    maxNodes.set(0);
    LoadGenerator.Result result = LoadGenerator.closed("depth-5 upstream", clients, settings.measure, Long.MAX_VALUE, 1, operation);
    long stored = count(postgres, "SELECT count(*) FROM lineage_datasets WHERE namespace_path = 'bench_graph'");
    System.out.printf(
        Locale.ROOT, "graph: %,.0f queries/s, p50 %.1f ms, p99 %.1f ms%n",
        result.throughput(), result.histogram().getValueAtPercentile(50) / 1000.0, result.histogram().getValueAtPercentile(99) / 1000.0);
    return new Graph(result, stored, edges, nodes.get() / Math.max(1, answers.get()), maxNodes.get());
  }

  /** Job i writes dataset g_i and reads {@code inputsPerJob} of the 500 datasets before it; answers the edges written. */
  private static long writeGraph(Postgres postgres, int datasets, int inputsPerJob) throws Exception {
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("floe"), Postgres.USER, Postgres.PASSWORD)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO lineage_datasets (kind, catalog_name, namespace_path, name)"
                + " SELECT 'table', 'lakehouse', 'bench_graph', 'g' || i FROM generate_series(0, " + (datasets - 1) + ") i");
        statement.executeUpdate(
            "INSERT INTO lineage_jobs (namespace, name, last_run_id, last_event_time)"
                + " SELECT 'bench_graph', 'j' || i, gen_random_uuid(), now() FROM generate_series(0, " + (datasets - 1) + ") i");
        statement.executeUpdate(
            "CREATE TEMP TABLE bench_ids AS SELECT substr(d.name, 2)::int AS i, d.id AS dataset_id, j.id AS job_id"
                + " FROM lineage_datasets d JOIN lineage_jobs j ON j.namespace = 'bench_graph' AND j.name = 'j' || substr(d.name, 2)"
                + " WHERE d.namespace_path = 'bench_graph'");
        statement.executeUpdate("INSERT INTO lineage_edges (job_id, direction, dataset_id) SELECT job_id, 'o', dataset_id FROM bench_ids");
      }
      Map<Integer, long[]> ids = new java.util.HashMap<>();
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT i, dataset_id, job_id FROM bench_ids")) {
        while (rows.next()) {
          ids.put(rows.getInt(1), new long[] {rows.getLong(2), rows.getLong(3)});
        }
      }
      Random random = new Random(42);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lineage_edges (job_id, direction, dataset_id) VALUES (?, 'i', ?)")) {
        for (int i = 1; i < datasets; i++) {
          Set<Integer> inputs = new LinkedHashSet<>();
          int window = Math.min(i, 500);
          while (inputs.size() < Math.min(inputsPerJob, window)) {
            inputs.add(i - 1 - random.nextInt(window));
          }
          for (int input : inputs) {
            insert.setLong(1, ids.get(i)[1]);
            insert.setLong(2, ids.get(input)[0]);
            insert.addBatch();
          }
          if (i % 1000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE lineage_edges");
        statement.execute("ANALYZE lineage_datasets");
        statement.execute("ANALYZE lineage_jobs");
      }
    }
    return count(postgres, "SELECT count(*) FROM lineage_edges e JOIN lineage_jobs j ON j.id = e.job_id WHERE j.namespace = 'bench_graph'");
  }

  private static long count(Postgres postgres, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("floe"), Postgres.USER, Postgres.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static String report(
      Settings settings, int clients, int queryClients, LoadGenerator.Result floor, Ingest ingest, Graph graph) {
    StringBuilder report = new StringBuilder();
    LoadGenerator.Result in = ingest.result();
    report.append("# Lineage: OpenLineage ingest and depth-5 upstream queries\n\n")
        .append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ").append(System.getProperty("java.version")).append(", one Floe (")
        .append(String.join(" ", settings.serverJvmOptions)).append(") on one PostgreSQL (`synchronous_commit=on`), ")
        .append(settings.warmup.toSeconds()).append(" s warm-up and ").append(settings.measure.toSeconds())
        .append(" s measured per phase. Clients, Floe and PostgreSQL share the machine; its 1-minute load average"
            + " at the end was ").append(AuditBench.loadAverage()).append(".\n\n")
        .append("## Ingest (").append(clients).append(" closed-loop clients)\n\n")
        .append("Each event a new run of one of 200 Trino-named jobs: two inputs and one output among 2,000 tables"
            + " (`iceberg.bench.t*`, resolved to catalog `lakehouse`), with a schema facet and two column links.\n\n")
        .append("| phase | ops/s | vs floor | p50 / p99 ms | accepted (201) | stored runs | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
        .append(row("floor: GET /api/catalog/v1/config", floor, floor.throughput(), "-", "-"))
        .append(row("POST /api/lineage/v1/lineage", in, floor.throughput(), String.format(Locale.ROOT, "%,d", in.ok()), String.format(Locale.ROOT, "%,d", ingest.stored())))
        .append("\nNothing lost: ").append(ingest.stored() == in.ok() ? "yes" : "NO").append(" (every accepted event is one new run).\n\n")
        .append("## Depth-5 upstream (").append(queryClients).append(" closed-loop clients, as the service administrator)\n\n")
        .append(String.format(Locale.ROOT, "Graph: %,d datasets, %,d jobs, %,d edges (each job writes one dataset and reads four of the 500 before it), written"
            + " into the lineage tables directly. Answers held %,d nodes on average, %,d at most (datasets and jobs).%n%n",
            graph.datasets(), graph.datasets(), graph.edges(), graph.averageNodes(), graph.maxNodes()))
        .append("| queries/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---:|---:|---:|---:|---:|---:|\n")
        .append(String.format(Locale.ROOT, "| %,.0f | %.1f | %.1f | %.1f | %.1f | %d |%n",
            graph.result().throughput(),
            graph.result().histogram().getValueAtPercentile(50) / 1000.0,
            graph.result().histogram().getValueAtPercentile(90) / 1000.0,
            graph.result().histogram().getValueAtPercentile(99) / 1000.0,
            graph.result().histogram().getMaxValue() / 1000.0,
            graph.result().errors()))
        .append("\nTargets (issue 15): ingest at least 2,000 events/s with nothing lost; depth-5 p99 at most 50 ms.\n");
    return report.toString();
  }

  private static String row(String name, LoadGenerator.Result result, double floor, String accepted, String stored) {
    return String.format(
        Locale.ROOT, "| %s | %,.0f | %.2f | %.2f / %.2f | %s | %s | %d |%n",
        name, result.throughput(), result.throughput() / floor,
        result.histogram().getValueAtPercentile(50) / 1000.0, result.histogram().getValueAtPercentile(99) / 1000.0,
        accepted, stored, result.errors());
  }
}
