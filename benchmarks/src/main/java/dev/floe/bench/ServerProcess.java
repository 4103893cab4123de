package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test as a child JVM: started with a command line and environment, ready when
 * {@code readyPath} first answers 200 (polled every 10 ms, so start-up is measured to within
 * about 10 ms), stopped with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {
  /** Servers still running; stopped if the harness itself is stopped (SIGTERM, Ctrl-C). */
  private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Process process : RUNNING) {
                    process.destroy();
                  }
                  for (Process process : RUNNING) {
                    try {
                      if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                      }
                    } catch (InterruptedException e) {
                      process.destroyForcibly();
                    }
                  }
                },
                "stop-servers"));
  }

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;

  private ServerProcess(String name, Process process, int port, Path log, Duration readyAfter) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.readyAfter = readyAfter;
  }

  static ServerProcess start(
      String name, List<String> command, Map<String, String> environment, int port, String readyPath, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    Files.createDirectories(log.getParent());
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    URI ready = URI.create("http://127.0.0.1:" + port + readyPath);
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
    long started = System.nanoTime();
    Process process = builder.start();
    RUNNING.add(process);
    long deadline = started + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready; log: " + log);
      }
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          Duration readyAfter = Duration.ofNanos(System.nanoTime() - started);
          return new ServerProcess(name, process, port, log, readyAfter);
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException(e);
      }
      sleep(10);
    }
    process.destroyForcibly();
    RUNNING.remove(process);
    throw new IllegalStateException(name + " not ready within 180 s; log: " + log);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  Duration readyAfter() {
    return readyAfter;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Resident set size in KiB now (VmRSS), or -1. */
  long rssKib() {
    return ProcStatus.kib(pid(), "VmRSS");
  }

  /** Peak resident set size in KiB since start (VmHWM), or -1. */
  long peakRssKib() {
    return ProcStatus.kib(pid(), "VmHWM");
  }

  @Override
  public void close() {
    RUNNING.remove(process);
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code /proc/<pid>/status}. */
  static final class ProcStatus {
    private ProcStatus() {}

    static long kib(long pid, String field) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith(field + ":")) {
            String value = line.substring(field.length() + 1).trim();
            return Long.parseLong(value.split("\\s+")[0]);
          }
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
      return -1;
    }
  }
}
