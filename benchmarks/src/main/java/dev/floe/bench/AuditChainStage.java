package dev.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.audit.chain.CheckpointKeys;
import dev.floe.audit.chain.StoredChain;
import dev.floe.audit.chain.VerificationReport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit chain at a million records (part of {@link AuditBench}): fills {@code audit_events} to
 * {@code records} with warm loadTables (one event each), seals it with a checkpoint, then times
 * verification through the server and straight from PostgreSQL (what {@code
 * scripts/audit-verify.sh} runs), and streams the whole trail through {@code GET
 * /api/management/v1/audit/export?format=jsonl} while sampling the server's heap and resident
 * memory.
 */
final class AuditChainStage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+(\\S+)$", Pattern.MULTILINE);

  private AuditChainStage() {}

  record Result(
      long records,
      boolean verified,
      String summary,
      long serverVerifyMillis,
      long offlineVerifyMillis,
      long exportedLines,
      long exportedBytes,
      long exportMillis,
      long heapBeforeBytes,
      long heapPeakBytes,
      long rssBeforeKib,
      long rssPeakKib,
      String heapLimit) {
    String report() {
      return String.format(
          Locale.ROOT,
          "%n## The chain at %,d records%n%n"
              + "Filled with warm loadTables (one event each) on the same database, sealed with a checkpoint, then:%n%n"
              + "| what | result |%n|---|---|%n"
              + "| verification through the server (`GET /audit/chain/verification`) | %,d ms |%n"
              + "| verification straight from PostgreSQL (`StoredChain.verify`, what `scripts/audit-verify.sh` runs) | %,d ms |%n"
              + "| verdict | %s |%n"
              + "| export of every record (`GET /audit/export?format=jsonl`) | %,d lines, %,d MiB in %,d ms |%n"
              + "| server heap used before the export → highest sampled during it (every 100 ms; heap limit %s) | %,d → %,d MiB |%n"
              + "| server resident memory before → highest during the export | %,d → %,d MiB |%n",
          records,
          serverVerifyMillis,
          offlineVerifyMillis,
          summary,
          exportedLines,
          exportedBytes >> 20,
          exportMillis,
          heapLimit,
          heapBeforeBytes >> 20,
          heapPeakBytes >> 20,
          rssBeforeKib >> 10,
          rssPeakKib >> 10);
    }
  }

  static Result run(Settings settings, Postgres postgres, Path dataDir, int clients, long records, String namespace, String table)
      throws Exception {
    Servers.Started floe =
        Servers.startFloe(settings, postgres, "floe", "floe-audit-chain", Map.of("FLOE_DATA_DIR", dataDir.toString()));
    try {
      String base = floe.restUri().substring(0, floe.restUri().length() - "/api/catalog".length());
      String root = AuditBench.token(base);
      long missing = records - AuditBench.rows(postgres, null);
      if (missing > 0) {
        URI load = URI.create(base + "/api/catalog/v1/lakehouse/namespaces/" + namespace + "/tables/" + table);
        HttpRequest request = HttpRequest.newBuilder(load).header("Authorization", "Bearer " + root).GET().build();
        System.out.printf(Locale.ROOT, "chain: %,d more records to reach %,d%n", missing, records);
        LoadGenerator.closed("fill", clients, Duration.ofMinutes(30), missing, 1, (worker, sequence) -> {
          HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            throw new IllegalStateException("loadTable answered " + response.statusCode());
          }
          return 0;
        });
      }
      // the queue flushes within its interval; then the head is sealed
      Thread.sleep(2000);
      HttpResponse<String> checkpoint = send(base, root, "POST", "/api/management/v1/audit/chain/checkpoints");
      if (checkpoint.statusCode() != 201 && checkpoint.statusCode() != 204) {
        throw new IllegalStateException("checkpoint answered " + checkpoint.statusCode() + ": " + checkpoint.body());
      }
      long started = System.nanoTime();
      HttpResponse<String> verification = send(base, root, "GET", "/api/management/v1/audit/chain/verification");
      long serverMillis = (System.nanoTime() - started) / 1_000_000;
      JsonNode verdict = JSON.readTree(verification.body());
      System.out.println("chain: server verification " + serverMillis + " ms: " + verdict.path("summary").asText());

      var key = CheckpointKeys.readPublic(Files.readString(dataDir.resolve("audit-checkpoint-key.pub.pem")));
      VerificationReport offline;
      started = System.nanoTime();
      try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("floe"), Postgres.USER, Postgres.PASSWORD)) {
        offline = StoredChain.verify(connection, List.of(key), List.of());
      }
      long offlineMillis = (System.nanoTime() - started) / 1_000_000;
      System.out.println("chain: offline verification " + offlineMillis + " ms: " + offline.summary());

      // export: bounded memory is what counts; sample the server while it streams
      Thread.sleep(1000);
      long heapBefore = heapUsed(base, root);
      long rssBefore = floe.process().rssKib();
      AtomicBoolean exporting = new AtomicBoolean(true);
      AtomicLong heapPeak = new AtomicLong(heapBefore);
      AtomicLong rssPeak = new AtomicLong(rssBefore);
      Thread sampler = new Thread(() -> {
        while (exporting.get()) {
          try {
            heapPeak.accumulateAndGet(heapUsed(base, root), Math::max);
            rssPeak.accumulateAndGet(floe.process().rssKib(), Math::max);
            Thread.sleep(100);
          } catch (Exception e) {
            return;
          }
        }
      });
      sampler.start();
      long lines = 0;
      long bytes = 0;
      started = System.nanoTime();
      HttpRequest export =
          HttpRequest.newBuilder(URI.create(base + "/api/management/v1/audit/export?format=jsonl"))
              .header("Authorization", "Bearer " + root)
              .GET()
              .build();
      HttpResponse<InputStream> response = HTTP.send(export, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("export answered " + response.statusCode());
      }
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[1 << 16];
        for (int read; (read = body.read(buffer)) > 0; ) {
          bytes += read;
          for (int i = 0; i < read; i++) {
            if (buffer[i] == '\n') {
              lines++;
            }
          }
        }
      }
      long exportMillis = (System.nanoTime() - started) / 1_000_000;
      exporting.set(false);
      sampler.join();
      System.out.printf(Locale.ROOT, "chain: exported %,d lines (%,d bytes) in %,d ms%n", lines, bytes, exportMillis);
      return new Result(
          offline.records(),
          offline.verified() && verdict.path("verified").asBoolean(),
          offline.summary(),
          serverMillis,
          offlineMillis,
          lines,
          bytes,
          exportMillis,
          heapBefore,
          heapPeak.get(),
          rssBefore,
          rssPeak.get(),
          settings.serverJvmOptions.isEmpty() ? "the JVM default" : String.join(" ", settings.serverJvmOptions));
    } finally {
      floe.process().close();
    }
  }

  private static HttpResponse<String> send(String base, String token, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofMinutes(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The server's heap in use (all heap pools), from /q/metrics. */
  private static long heapUsed(String base, String token) throws Exception {
    HttpResponse<String> metrics = send(base, token, "GET", "/q/metrics");
    Matcher matcher = HEAP.matcher(metrics.body());
    long used = 0;
    while (matcher.find()) {
      used += (long) Double.parseDouble(matcher.group(1));
    }
    return used;
  }
}
