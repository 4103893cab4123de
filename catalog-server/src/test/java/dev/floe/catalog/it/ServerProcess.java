package dev.floe.catalog.it;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged Floe server ({@code quarkus-run.jar}) as a child process, as a user runs it. */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;

  private ServerProcess(Process process, int port, Path log, Duration readyAfter) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.readyAfter = readyAfter;
  }

  /** Starts the server with {@code environment} added and waits until it is ready. */
  public static ServerProcess start(int port, Path log, Map<String, String> environment) {
    String jar = System.getProperty("floe.it.server-jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "floe.it.server-jar does not name the packaged server (run through 'mvnw verify'): " + jar);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    builder.redirectErrorStream(true);
    try {
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Floe server", e);
    }
    Duration ready = waitUntilReady(process, port, log, started);
    return new ServerProcess(process, port, log, ready);
  }

  private static Duration waitUntilReady(Process process, int port, Path log, long started) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    long deadline = started + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Floe server exited with " + process.exitValue() + " before it was ready; log: " + log);
      }
      try {
        HttpResponse<Void> response =
            client.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - started);
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("Floe server not ready within 120 s; log: " + log);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  public Duration readyAfter() {
    return readyAfter;
  }

  public long pid() {
    return process.pid();
  }

  /** Stops the server the way an operator does (SIGTERM) and waits for it to exit. */
  @Override
  public void close() {
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
