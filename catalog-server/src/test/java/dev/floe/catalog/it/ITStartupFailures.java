package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged server refusing to start, as a user meets it: one line on standard error that says
 * what to do, no stack trace, exit status 1. (Each case is a short-lived second server.)
 */
class ITStartupFailures {
  /** What a server that stopped printed, and its exit status. */
  private record Stopped(int status, String output) {
    List<String> failureLines() {
      return output.lines().filter(line -> line.startsWith("Floe failed to start")).toList();
    }
  }

  @Test
  void anOidcIssuerWithoutItsKeysIsRefused() {
    Map<String, String> environment = new HashMap<>(FloeTestServer.serverEnvironment());
    environment.remove("FLOE_AUTH_OIDC_JWKS_URI");
    environment.put("FLOE_DATA_DIR", FloeTestServer.workDir().resolve("startup-oidc").toString());
    Stopped stopped = run(environment, ServerProcess.freePort());
    assertThat(stopped.status()).as(stopped.output()).isEqualTo(1);
    assertThat(stopped.failureLines())
        .as(stopped.output())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith(
            "Floe failed to start: floe.auth.oidc.issuer is set but floe.auth.oidc.jwks-uri is not").contains("set FLOE_AUTH_OIDC_JWKS_URI"));
    // the refusal without its stack trace (what other components log while the server stops is theirs)
    assertThat(stopped.output()).doesNotContain("Exception: floe.auth.oidc", "Authenticator.java");
  }

  @Test
  void aPortInUseIsRefusedBeforeAnythingStarts() {
    int port = URI.create(FloeTestServer.baseUri()).getPort();
    Map<String, String> environment = new HashMap<>(FloeTestServer.serverEnvironment());
    environment.put("FLOE_DATA_DIR", FloeTestServer.workDir().resolve("startup-port").toString());
    Stopped stopped = run(environment, port);
    assertThat(stopped.status()).as(stopped.output()).isEqualTo(1);
    assertThat(stopped.output().strip())
        .isEqualTo(
            "Floe failed to start: Port " + port + " on 127.0.0.1 is already in use (another Floe?): stop what listens there, or set"
                + " QUARKUS_HTTP_PORT to a free port");
  }

  @Test
  void aDataDirectoryInUseIsRefusedWithoutTheEmbeddedDatabasesLogs() throws Exception {
    Path dataDirectory = FloeTestServer.workDir().resolve("startup-data-dir").toAbsolutePath().normalize();
    Files.createDirectories(dataDirectory.resolve("postgres"));
    // another Floe's data directory: initialized (so PostgreSQL's initdb is not run again) and
    // locked by its embedded PostgreSQL
    Files.writeString(dataDirectory.resolve("postgres/postgresql.conf"), "# initialized by another Floe\n");
    try (FileChannel channel =
            FileChannel.open(dataDirectory.resolve("postgres/epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Map<String, String> environment = new HashMap<>();
      environment.put("FLOE_DATA_DIR", dataDirectory.toString());
      Stopped stopped = run(environment, ServerProcess.freePort());
      assertThat(stopped.status()).as(stopped.output()).isEqualTo(1);
      assertThat(stopped.output().strip())
          .isEqualTo(
              "Floe failed to start: The data directory " + dataDirectory + " is in use by another Floe (its embedded PostgreSQL"
                  + " holds " + dataDirectory + "/postgres/epg-lock): stop that Floe, or give this one another data directory with"
                  + " FLOE_DATA_DIR");
    }
  }

  /** Runs the packaged server with {@code environment} (and nothing of this JVM's database settings) until it stops. */
  private static Stopped run(Map<String, String> environment, int port) {
    List<String> command = new ArrayList<>(List.of(LocalProcess.javaExecutable(), "-Xmx256m", "-jar", System.getProperty("floe.it.server-jar")));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("FLOE_"));
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    try {
      Path output = Files.createTempFile(FloeTestServer.workDir(), "startup-failure", ".log");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the server did not stop: " + Files.readString(output));
      }
      return new Stopped(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
