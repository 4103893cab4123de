package dev.floe.policy.opa;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OPA server on loopback, started from the binary {@code scripts/install-opa.sh} installs,
 * serving Floe's Rego bundle. For integration tests.
 */
public final class OpaServer implements AutoCloseable {
  static final String BINARY_PROPERTY = "floe.opa.binary";

  private final Process process;
  private final URI uri;
  private final Path log;

  private OpaServer(Process process, URI uri, Path log) {
    this.process = process;
    this.uri = uri;
    this.log = log;
  }

  /** Starts OPA with Floe's bundle and waits until it is healthy. */
  public static OpaServer start() {
    return start(regoDirectory());
  }

  public static OpaServer start(Path policyDirectory) {
    Path binary = binary();
    int port = freePort();
    Path workDirectory =
        Path.of(System.getProperty("floe.policy.it-work-dir", System.getProperty("java.io.tmpdir")));
    try {
      Files.createDirectories(workDirectory);
      Path log = workDirectory.resolve("opa-" + port + ".log");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "run",
                  "--server",
                  "--addr",
                  "127.0.0.1:" + port,
                  "--skip-version-check",
                  "--log-level",
                  "error",
                  policyDirectory.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      OpaServer server = new OpaServer(process, URI.create("http://127.0.0.1:" + port), log);
      server.awaitHealthy(Duration.ofSeconds(30));
      return server;
    } catch (IOException exception) {
      throw new UncheckedIOException("Cannot start OPA " + binary, exception);
    }
  }

  public URI uri() {
    return uri;
  }

  /** Stops OPA; the URI then refuses connections. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException exception) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * The OPA binary: the system property {@value #BINARY_PROPERTY}, else {@code $(go env
   * GOPATH)/bin/opa}, else {@code opa} on the PATH; fails with how to install it.
   */
  static Path binary() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty(BINARY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    } else {
      goPath().ifPresent(goPath -> candidates.add(goPath.resolve("bin").resolve("opa")));
      for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!directory.isEmpty()) {
          candidates.add(Path.of(directory, "opa"));
        }
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "No OPA binary found (looked at "
            + candidates.stream().limit(3).toList()
            + (candidates.size() > 3 ? " and the PATH" : "")
            + "). Install OPA "
            + System.getProperty("floe.policy.opa-version", "1.22.2")
            + " with scripts/install-opa.sh (it runs go install into $(go env GOPATH)/bin), "
            + "or point -D"
            + BINARY_PROPERTY
            + "=/path/to/opa at one.");
  }

  /** The directory holding Floe's Rego bundle, as the build copied it. */
  static Path regoDirectory() {
    String configured = System.getProperty("floe.policy.rego-dir");
    if (configured != null) {
      return Path.of(configured);
    }
    URL policy = OpaServer.class.getClassLoader().getResource("floe/rego/authz.rego");
    if (policy == null || !"file".equals(policy.getProtocol())) {
      throw new IllegalStateException("floe/rego/authz.rego is not on the class path as a file: " + policy);
    }
    try {
      return Path.of(policy.toURI()).getParent();
    } catch (URISyntaxException exception) {
      throw new IllegalStateException(exception);
    }
  }

  private static Optional<Path> goPath() {
    String fromEnvironment = System.getenv("GOPATH");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(Path.of(fromEnvironment.split(File.pathSeparator)[0]));
    }
    try {
      Process go = new ProcessBuilder("go", "env", "GOPATH").redirectErrorStream(true).start();
      String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (go.waitFor(30, TimeUnit.SECONDS) && go.exitValue() == 0 && !output.isEmpty()) {
        return Optional.of(Path.of(output));
      }
    } catch (IOException exception) {
      // no go on the PATH: fall back to Go's default GOPATH
    } catch (InterruptedException exception) {
      Thread.currentThread().interrupt();
    }
    return Optional.of(Path.of(System.getProperty("user.home"), "go"));
  }

  private void awaitHealthy(Duration limit) {
    Instant deadline = Instant.now().plus(limit);
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException("OPA exited with " + process.exitValue() + ": " + logText());
        }
        try {
          HttpResponse<Void> response =
              client.send(
                  HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException exception) {
      Thread.currentThread().interrupt();
    }
    stop();
    throw new IllegalStateException("OPA did not become healthy within " + limit + ": " + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException exception) {
      return "(no log: " + exception.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException exception) {
      throw new UncheckedIOException(exception);
    }
  }
}
