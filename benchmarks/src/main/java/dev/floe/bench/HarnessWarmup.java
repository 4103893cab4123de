package dev.floe.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Warms up the harness's own code (java.net.http, the load generator, HdrHistogram) against a
 * throw-away local HTTP server before the first server under test, so that the server measured
 * first does not pay for the harness's JIT compilation.
 */
final class HarnessWarmup {
  private HarnessWarmup() {}

  static void run(Settings settings, Suite.Log log) throws IOException, InterruptedException {
    byte[] body = ("{\"metadata\":\"" + "x".repeat(21_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/warmup");
      Duration length = settings.quick ? Duration.ofSeconds(2) : Duration.ofSeconds(8);
      log.info("warming up the harness against a local stub server (%d s)", length.toSeconds() * 2);
      LoadGenerator.closed("harness-warmup", settings.readClients, length, settings.maxOpsPerPhase, 1, Suite.get(http, uri));
      LoadGenerator.open("harness-warmup-open", 1000, length, settings.openWorkers, 1, Suite.get(http, uri));
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
