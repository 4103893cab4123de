package dev.floe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor of a loadTable: nginx serving the server's own loadTable body as a static file on
 * loopback, and wrk (a load generator in C, another process) driving nginx or a catalog server
 * with the same threads, connections and duration.
 */
final class Floor {
  private Floor() {}

  /** nginx's configuration: one static file, keep-alive without a request limit, no logs on the hot path. */
  static ServerProcess startNginx(Settings settings, byte[] body, String contentType) throws IOException {
    Path root = settings.workDir.resolve("nginx").toAbsolutePath();
    Path html = root.resolve("html");
    Files.createDirectories(html);
    Files.createDirectories(root.resolve("temp"));
    Files.write(html.resolve("loadtable.json"), body);
    int port = ServerProcess.freePort();
    String type = contentType == null || contentType.isBlank() ? "application/json" : contentType.split(";")[0].trim();
    String conf =
        """
        worker_processes auto;
        error_log %1$s/error.log warn;
        pid %1$s/nginx.pid;
        events { worker_connections 1024; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_timeout 65;
          keepalive_requests 100000000;
          client_body_temp_path %1$s/temp/body;
          proxy_temp_path %1$s/temp/proxy;
          fastcgi_temp_path %1$s/temp/fastcgi;
          uwsgi_temp_path %1$s/temp/uwsgi;
          scgi_temp_path %1$s/temp/scgi;
          types { }
          default_type %3$s;
          server {
            listen 127.0.0.1:%2$d;
            root %1$s/html;
            location / { }
          }
        }
        """
            .formatted(root, port, type);
    Path confFile = root.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    List<String> command =
        List.of(settings.nginxBinary, "-p", root.toString(), "-c", confFile.toString(), "-g", "daemon off; user root;");
    return ServerProcess.start("nginx", command, Map.of(), port, "/loadtable.json", settings.workDir.resolve("nginx.log"));
  }

  /** What one wrk run printed, parsed (latencies in ms). */
  record WrkResult(
      long requests, double seconds, double requestsPerSecond, double p50, double p75, double p90, double p99,
      double max, double mean, long non2xx, long socketErrors, String output) {}

  /** Runs wrk for {@code duration} against {@code url} with the given headers; {@code onStart} gets its pid. */
  static WrkResult wrk(
      Settings settings, String url, List<String> headers, Duration duration, java.util.function.LongConsumer onStart)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(settings.wrkBinary);
    command.add("-t" + settings.wrkThreads);
    command.add("-c" + settings.wrkConnections);
    command.add("-d" + Math.max(1, duration.toSeconds()) + "s");
    command.add("--timeout");
    command.add("10s");
    command.add("--latency");
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (onStart != null) {
      onStart.accept(process.pid());
    }
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    String output = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("wrk exited with " + process.exitValue() + ": " + output);
    }
    return parse(output);
  }

  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
  private static final Pattern LATENCY = Pattern.compile(
      "^\\s*Latency\\s+([0-9.]+)(us|ms|s|m)\\s+([0-9.]+)(us|ms|s|m)\\s+([0-9.]+)(us|ms|s|m)", Pattern.MULTILINE);
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  static WrkResult parse(String output) {
    double[] percentiles = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    Matcher p = PERCENTILE.matcher(output);
    while (p.find()) {
      double ms = millis(p.group(2), p.group(3));
      switch (p.group(1)) {
        case "50" -> percentiles[0] = ms;
        case "75" -> percentiles[1] = ms;
        case "90" -> percentiles[2] = ms;
        case "99" -> percentiles[3] = ms;
        default -> throw new IllegalStateException(p.group(1));
      }
    }
    double mean = Double.NaN;
    double max = Double.NaN;
    Matcher latency = LATENCY.matcher(output);
    if (latency.find()) {
      mean = millis(latency.group(1), latency.group(2));
      max = millis(latency.group(5), latency.group(6));
    }
    Matcher requests = REQUESTS.matcher(output);
    long count = 0;
    double seconds = Double.NaN;
    if (requests.find()) {
      count = Long.parseLong(requests.group(1));
      seconds = millis(requests.group(2), requests.group(3)) / 1000.0;
    }
    Matcher rate = RATE.matcher(output);
    double perSecond = rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN;
    Matcher non2xx = NON2XX.matcher(output);
    long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    Matcher socket = SOCKET.matcher(output);
    long socketErrors = 0;
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        socketErrors += Long.parseLong(socket.group(i));
      }
    }
    return new WrkResult(count, seconds, perSecond, percentiles[0], percentiles[1], percentiles[2], percentiles[3],
        max, mean, bad, socketErrors, output);
  }

  private static double millis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000.0;
      case "ms" -> v;
      case "s" -> v * 1000.0;
      case "m" -> v * 60_000.0;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  /** wrk's figures as a phase of the report (ok = 2xx/3xx answers; errors = other answers + socket errors). */
  static ServerRun.Figures figures(String title, WrkResult result, CpuMonitor.Usage usage) {
    long errors = result.non2xx() + result.socketErrors();
    long ok = Math.max(0, result.requests() - result.non2xx());
    double seconds = Double.isNaN(result.seconds()) ? 1 : result.seconds();
    String firstError = errors > 0
        ? String.format(Locale.ROOT, "%d non-2xx answers, %d socket errors", result.non2xx(), result.socketErrors())
        : null;
    return new ServerRun.Figures(title, "wrk", ok / seconds, ok, errors, 0, seconds, result.p50(), result.p90(),
        result.p99(), Double.NaN, result.max(), result.mean(), firstError, usage);
  }
}
