package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged Floe server ({@code quarkus-run.jar}) as a child process, as a user runs it. */
public final class ServerProcess implements AutoCloseable {
  private final LocalProcess process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;

  private ServerProcess(LocalProcess process, int port, Path log, Duration readyAfter) {
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
    command.add(LocalProcess.javaExecutable());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    try {
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalProcess process = LocalProcess.start("Floe server", builder, log, LocalProcess.Descendants.LEFT_ALONE);
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    Duration readyAfter =
        process.awaitReady(Duration.ofSeconds(120), Duration.ofMillis(200), ready.toString(), LocalProcess.httpOk(ready, body -> true));
    return new ServerProcess(process, port, log, readyAfter);
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
    process.stop(Duration.ofSeconds(60));
  }
}
