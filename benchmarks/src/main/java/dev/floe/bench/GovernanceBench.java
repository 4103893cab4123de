package dev.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.policy.Decision;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceEvaluator;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.MaskTarget;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableAccess;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.TableRequest;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The governance evaluation benchmark (not a test): {@code benchmarks/run-governance.sh}.
 *
 * <ol>
 *   <li><b>In process</b>: {@link GovernanceEvaluator} on a fixture state, one 250-column table
 *       with 50 masked columns (five mask kinds) and 2 row filters reaching the caller: time per
 *       evaluation p50/p99 and the size of the JSON answer. No HTTP, no server.
 *   <li><b>Over HTTP</b> against Floe's packaged server on a real PostgreSQL: a trusted engine asks
 *       {@code POST /api/governance/v1/evaluate} for a reader. (a) the 250-column table, one client:
 *       client latency, the server's own timer {@code floe.governance.evaluation} (p50/p99 from
 *       {@code /q/metrics}), answer size; (b) 16 clients, one 10-column table per call, warm: table
 *       evaluations per second. The wide table's policies (as in process) are created through the
 *       management API ({@link #createPolicies}).
 * </ol>
 */
public final class GovernanceBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final int WIDE_COLUMNS = 250;
  private static final int MASKED = 50;
  private static final String NAMESPACE = "gov_bench";

  private GovernanceBench() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Duration measure = settings.measure;
    StringBuilder report = new StringBuilder();
    report.append("# Governance evaluation benchmark\n\n")
        .append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ").append(System.getProperty("java.version")).append(".\n\n");
    inProcess(report, measure);
    overHttp(settings, report, measure);
    Path out = settings.outDir.resolve("governance.md");
    Files.createDirectories(settings.outDir);
    Files.writeString(out, report.toString());
    System.out.println(report);
    System.out.println("report: " + out);
  }

  // ------------------------------------------------------------------ in process

  private static void inProcess(StringBuilder report, Duration measure) throws Exception {
    Securable table = Securable.table("lakehouse", List.of(NAMESPACE), "wide");
    List<SchemaColumn> columns = new ArrayList<>();
    for (int i = 0; i < WIDE_COLUMNS; i++) {
      columns.add(new SchemaColumn(i + 1, "c" + i, i < MASKED + 10 ? "string" : (i % 2 == 0 ? "long" : "date")));
    }
    TableSchema schema = new TableSchema(columns);
    Audience analysts = Audience.of(AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "analysts"));
    List<RowFilterPolicy> filters =
        List.of(
            new RowFilterPolicy(1, 1, table, ExpressionCompiler.compileFilter("c50 IN ('EU', 'US') OR c51 = current_user", schema), analysts),
            new RowFilterPolicy(2, 1, table, ExpressionCompiler.compileFilter("c60 > 100 AND c61 >= DATE '2024-01-01'", schema), analysts));
    List<Mask> kinds = List.of(new Mask.Nullify(), new Mask.Redact(Optional.empty()), new Mask.ShowLast(4), new Mask.Hash(), new Mask.EmailDomain());
    List<ColumnMaskPolicy> masks = new ArrayList<>();
    for (int i = 0; i < MASKED; i++) {
      masks.add(new ColumnMaskPolicy(100 + i, 1, new MaskTarget.Column(table, i + 1), kinds.get(i % kinds.size()), analysts));
    }
    GovernanceState state = new GovernanceState(1, List.of(), List.of(), filters, masks);
    TableAccess access = TableAccess.precomputed(Map.of(table, Decision.allow("bench", List.of())));
    List<ColumnRequest> asked = columns.stream().map(column -> ColumnRequest.named(column.name())).toList();
    EvaluationRequest request =
        new EvaluationRequest(
            new CallerIdentity("alice", Set.of("eu"), Set.of("analysts")),
            "lakehouse",
            List.of(new TableRequest(List.of(NAMESPACE), "wide", asked)));
    Duration ttl = Duration.ofSeconds(30);
    EvaluationResponse answer = GovernanceEvaluator.evaluate(state, access, ignored -> Optional.of(schema), "salt", ttl, request);
    if (answer.tables().get(0).masks().size() != MASKED || answer.tables().get(0).rowFilter() == null) {
      throw new IllegalStateException("fixture evaluation is not what the benchmark expects: " + answer);
    }
    int bytes = JSON.writeValueAsBytes(answer).length;
    // warm up, then measure
    long warmupEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < warmupEnd) {
      GovernanceEvaluator.evaluate(state, access, ignored -> Optional.of(schema), "salt", ttl, request);
    }
    Histogram nanos = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
    long end = System.nanoTime() + measure.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      GovernanceEvaluator.evaluate(state, access, ignored -> Optional.of(schema), "salt", ttl, request);
      nanos.recordValue(System.nanoTime() - start);
    }
    report.append("## In process: GovernanceEvaluator, 250 columns, 50 masks, 2 filters\n\n")
        .append("| figure | value |\n|---|---:|\n")
        .append("| evaluations measured | ").append(nanos.getTotalCount()).append(" |\n")
        .append("| time per evaluation p50 / p99 / max | ")
        .append(millis(nanos.getValueAtPercentile(50))).append(" / ")
        .append(millis(nanos.getValueAtPercentile(99))).append(" / ")
        .append(millis(nanos.getMaxValue())).append(" ms |\n")
        .append("| JSON answer size | ").append(bytes).append(" bytes |\n\n");
  }

  // ------------------------------------------------------------------ over HTTP

  private static void overHttp(Settings settings, StringBuilder report, Duration measure) throws Exception {
    if (settings.floeJar == null || !Files.isRegularFile(settings.floeJar)) {
      report.append("## Over HTTP\n\nNot run: no Floe jar (`--floe-jar`).\n");
      return;
    }
    Files.createDirectories(settings.workDir);
    try (Postgres postgres = Postgres.start(settings.workDir.resolve("postgres"), true)) {
      postgres.recreateDatabase("floe");
      Servers.Started floe = Servers.startFloe(settings, postgres, "floe", "floe-governance");
      try {
        String base = floe.restUri().substring(0, floe.restUri().length() - "/api/catalog".length());
        String root = token(base, "root", "floe-benchmark-secret");
        Setup setup = setUp(base, root);
        createPolicies(base, root);
        report.append("## Over HTTP: POST /api/governance/v1/evaluate (a trusted engine asking for a reader)\n\n")
            .append("Policies: 2 row filters and 50 column masks on the 250-column table, reaching the reader, created through"
                + " the management API.\n\n");
        String wideBody = evaluationBody(setup.reader(), List.of("wide"), WIDE_COLUMNS);
        JsonNode wide = JSON.readTree(evaluate(base, setup.engineToken(), wideBody)).path("tables").path(0);
        if (wide.path("masks").size() != MASKED || !wide.path("rowFilter").isTextual()) {
          throw new IllegalStateException("the server's evaluation of the wide table is not what the benchmark expects: " + wide);
        }
        // (a) the wide table, one client
        for (int i = 0; i < 2000; i++) {
          evaluate(base, setup.engineToken(), wideBody);
        }
        Histogram client = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        int size = 0;
        long end = System.nanoTime() + measure.toNanos();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          size = evaluate(base, setup.engineToken(), wideBody).length();
          client.recordValue(System.nanoTime() - start);
        }
        double[] server = serverQuantiles(base, root);
        report.append("| figure | value |\n|---|---:|\n")
            .append("| 250-column table, 1 client: calls | ").append(client.getTotalCount()).append(" |\n")
            .append("| 250-column table: client latency p50 / p99 | ")
            .append(millis(client.getValueAtPercentile(50))).append(" / ").append(millis(client.getValueAtPercentile(99))).append(" ms |\n")
            .append("| 250-column table: server time p50 / p99 (`floe.governance.evaluation`, last 2 min) | ")
            .append(String.format(Locale.ROOT, "%.3f / %.3f ms", server[0] * 1000, server[1] * 1000)).append(" |\n")
            .append("| 250-column table: answer size | ").append(size).append(" bytes |\n");
        // (b) 16 clients, one 10-column table per call
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          bodies.add(evaluationBody(setup.reader(), List.of("t" + i), 10));
        }
        LoadGenerator.Operation operation =
            (worker, sequence) -> {
              evaluate(base, setup.engineToken(), bodies.get((int) (sequence % bodies.size())));
              return 0;
            };
        LoadGenerator.closed("warmup", 16, Duration.ofSeconds(10), Long.MAX_VALUE, 1, operation);
        LoadGenerator.Result result = LoadGenerator.closed("evaluate.c16", 16, measure, Long.MAX_VALUE, 1, operation);
        report.append("| 16 clients, 1 table of 10 columns per call: table evaluations/s | ")
            .append(String.format(Locale.ROOT, "%,.0f", result.ok() / result.seconds())).append(" (errors ").append(result.errors())
            .append(result.firstError() == null ? "" : ", first: " + result.firstError()).append(") |\n")
            .append("| 16 clients: client latency p50 / p99 | ")
            .append(String.format(Locale.ROOT, "%.2f / %.2f ms", result.histogram().getValueAtPercentile(50) / 1000.0,
                result.histogram().getValueAtPercentile(99) / 1000.0))
            .append(" |\n\nTargets: ≥ 5,000 table evaluations/s at 16 clients; p99 ≤ 5 ms server time for the 250-column table.\n");
      } finally {
        floe.process().close();
      }
    }
  }

  /** What the HTTP phases use: the reader's name and the trusted engine's token. */
  private record Setup(String reader, String engineToken) {}

  /**
   * A namespace with the 250-column table {@code wide} and 16 tables {@code t0..t15} of 10 columns,
   * a reader (principal role {@code analysts}, TABLE_READ_DATA on the namespace) and a trusted
   * engine.
   */
  private static Setup setUp(String base, String root) throws Exception {
    String catalog = base + "/api/catalog/v1/lakehouse";
    call("POST", catalog + "/namespaces", "{\"namespace\": [\"" + NAMESPACE + "\"]}", root, 200);
    call("POST", catalog + "/namespaces/" + NAMESPACE + "/tables", createTable("wide", WIDE_COLUMNS), root, 200);
    for (int i = 0; i < 16; i++) {
      call("POST", catalog + "/namespaces/" + NAMESPACE + "/tables", createTable("t" + i, 10), root, 200);
    }
    String management = base + "/api/management/v1";
    call("POST", management + "/principal-roles", "{\"name\": \"analysts\"}", root, 201);
    call("POST", management + "/principal-roles", "{\"name\": \"engines\", \"trusted-engine\": true}", root, 201);
    call("POST", management + "/principals", "{\"name\": \"alice\"}", root, 201);
    call("PUT", management + "/principals/alice/principal-roles/analysts", null, root, 201);
    call("POST", management + "/catalogs/lakehouse/catalog-roles", "{\"name\": \"readers\"}", root, 201);
    call("PUT", management + "/principal-roles/analysts/catalog-roles/lakehouse/readers", null, root, 201);
    call(
        "POST",
        management + "/catalogs/lakehouse/catalog-roles/readers/grants",
        "{\"privilege\": \"TABLE_READ_DATA\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + NAMESPACE + "\"]}}",
        root,
        201);
    JsonNode engine = JSON.readTree(call("POST", management + "/principals", "{\"name\": \"trino\"}", root, 201));
    call("PUT", management + "/principals/trino/principal-roles/engines", null, root, 201);
    JsonNode credentials = engine.path("credentials");
    return new Setup("alice", token(base, credentials.path("client-id").asText(), credentials.path("client-secret").asText()));
  }

  /**
   * The policies of the wide table through the management API ({@code POST
   * /api/management/v1/catalogs/lakehouse/row-filters} and {@code .../column-masks}, bodies as in
   * README.md, "Governance"): 2 row filters and 50 column masks (five mask functions) for principal
   * role {@code analysts}, the same as the in-process fixture. Any answer but 201 fails the run.
   */
  private static void createPolicies(String base, String root) throws Exception {
    String policies = base + "/api/management/v1/catalogs/lakehouse";
    String audience = "\"audience\": [{\"kind\": \"principal-role\", \"name\": \"analysts\"}]";
    String table = "\"namespace\": [\"" + NAMESPACE + "\"], \"table\": \"wide\"";
    call("POST", policies + "/row-filters", "{" + table + ", \"expression\": \"c50 IN ('EU', 'US') OR c51 = current_user\", " + audience + "}", root, 201);
    call("POST", policies + "/row-filters", "{" + table + ", \"expression\": \"c60 > 100 AND c61 >= DATE '2024-01-01'\", " + audience + "}", root, 201);
    List<String> functions = List.of("nullify", "redact", "show_last", "hash", "email_domain");
    for (int i = 0; i < MASKED; i++) {
      String function = functions.get(i % functions.size());
      String mask = function.equals("show_last") ? "{\"function\": \"show_last\", \"characters\": 4}" : "{\"function\": \"" + function + "\"}";
      call(
          "POST",
          policies + "/column-masks",
          "{\"target\": {" + table + ", \"column\": \"c" + i + "\"}, \"mask\": " + mask + ", " + audience + "}",
          root,
          201);
    }
  }

  private static String createTable(String name, int columns) {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < columns; i++) {
      String type = i < MASKED + 10 ? "string" : (i % 2 == 0 ? "long" : "date");
      if (i > 0) {
        fields.append(',');
      }
      fields.append("{\"id\":").append(i + 1).append(",\"name\":\"c").append(i).append("\",\"required\":false,\"type\":\"").append(type).append("\"}");
    }
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[" + fields + "]}}";
  }

  private static String evaluationBody(String user, List<String> tables, int columns) {
    StringBuilder body = new StringBuilder("{\"identity\":{\"user\":\"" + user + "\",\"groups\":[\"eu\"],\"principalRoles\":[]},");
    body.append("\"catalog\":\"lakehouse\",\"tables\":[");
    for (int t = 0; t < tables.size(); t++) {
      if (t > 0) {
        body.append(',');
      }
      body.append("{\"namespace\":[\"").append(NAMESPACE).append("\"],\"name\":\"").append(tables.get(t)).append("\",\"allColumns\":false,\"columns\":[");
      for (int i = 0; i < columns; i++) {
        body.append(i > 0 ? "," : "").append("{\"name\":\"c").append(i).append("\"}");
      }
      body.append("]}");
    }
    return body.append("]}").toString();
  }

  private static String evaluate(String base, String token, String body) throws Exception {
    HttpResponse<String> response = send("POST", base + "/api/governance/v1/evaluate", body, token);
    check(response, 200);
    return response.body();
  }

  private static final Pattern QUANTILE =
      Pattern.compile("^floe_governance_evaluation_seconds\\{[^}]*quantile=\"(0\\.5|0\\.99)\"[^}]*\\}\\s+(\\S+)", Pattern.MULTILINE);

  /** p50 and p99 (seconds) of the server's evaluation timer. */
  private static double[] serverQuantiles(String base, String token) throws Exception {
    HttpResponse<String> metrics = send("GET", base + "/q/metrics", null, token);
    double[] quantiles = {Double.NaN, Double.NaN};
    Matcher matcher = QUANTILE.matcher(metrics.body());
    while (matcher.find()) {
      quantiles[matcher.group(1).equals("0.5") ? 0 : 1] = Double.parseDouble(matcher.group(2));
    }
    return quantiles;
  }

  private static String token(String base, String clientId, String secret) throws Exception {
    String form =
        "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&scope=PRINCIPAL_ROLE:ALL";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/catalog/v1/oauth/tokens"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    check(response, 200);
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static String call(String method, String uri, String body, String token, int expected) throws Exception {
    HttpResponse<String> response = send(method, uri, body, token);
    check(response, expected);
    return response.body();
  }

  private static HttpResponse<String> send(String method, String uri, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void check(HttpResponse<String> response, int expected) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          response.request().method() + " " + response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
  }
}
