package dev.floe.catalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.QuarkusBindException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestStartupFailures {
  @Test
  void aPortInUseIsOneLineWithWhatToDo() {
    RuntimeException failure =
        new RuntimeException(
            "Failed to start quarkus",
            new RuntimeException("Unable to start HTTP server", new QuarkusBindException("127.0.0.1", 8181, new BindException("Address already in use"))));
    assertThat(StartupFailures.explain(failure))
        .contains("Port 8181 on 127.0.0.1 is already in use (another Floe?): stop what listens there, or set QUARKUS_HTTP_PORT to a free port");
    assertThat(report(failure)).isEqualTo(
        "Floe failed to start: Port 8181 on 127.0.0.1 is already in use (another Floe?): stop what listens there, or set"
            + " QUARKUS_HTTP_PORT to a free port\n");
  }

  @Test
  void aDataDirectoryInUseNamesItAndTheWayOut() {
    assertThat(StartupFailures.explain(StartupFailures.dataDirectoryInUse("/data/floe")))
        .contains(
            "The data directory /data/floe is in use by another Floe (its embedded PostgreSQL holds /data/floe/postgres/epg-lock):"
                + " stop that Floe, or give this one another data directory with FLOE_DATA_DIR");
  }

  @Test
  void aSettingFloeRefusesIsItsOwnMessage() {
    // as the authenticator refuses an OIDC issuer without its JWKS location, made at start-up
    IllegalStateException refused = new IllegalStateException("floe.auth.oidc.issuer is set but floe.auth.oidc.jwks-uri is not");
    RuntimeException failure = new RuntimeException("Failed to start quarkus", new RuntimeException("bean creation", refused));
    assertThat(StartupFailures.explain(failure)).contains("floe.auth.oidc.issuer is set but floe.auth.oidc.jwks-uri is not");
    assertThat(report(failure)).doesNotContain("\tat ");
  }

  @Test
  void anythingElseIsAFaultAndKeepsItsStackTrace() {
    // made outside Floe's code: not a refusal of Floe's
    IllegalStateException elsewhere = outsideFloe();
    assertThat(StartupFailures.explain(new RuntimeException("wrapped", elsewhere))).isEmpty();
    assertThat(StartupFailures.explain(new NullPointerException("oops"))).isEmpty();
    assertThat(report(new NullPointerException("oops"))).startsWith("Floe failed to start: oops\n").contains("\tat ");
  }

  private static IllegalStateException outsideFloe() {
    IllegalStateException exception = new IllegalStateException("library state");
    exception.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.example.Library", "run", "Library.java", 1)});
    return exception;
  }

  private static String report(Throwable failure) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FloeMain.report(failure, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
