package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Forwarding: a second Floe node (a database of its own) forwards what it accepts to the shared
 * test server, a real OpenLineage consumer, through openlineage-java's HTTP transport with the
 * shared server's client credentials as the API key; a third target that does not answer is tried
 * and counted as failed. The forwarding node also runs retention every second: an old run goes,
 * its edges stay.
 */
class ITLineageForwarding {
  private static final String TAG = "fwd" + Long.toString(System.nanoTime() % 1_000_000, 36);

  @Test
  void acceptedEventsGoOnToTheConsumerAndUndeliverableOnesAreCounted() throws Exception {
    String url = AuditChainNodes.database("lineage_forwarder");
    Path dataDir = FloeTestServer.workDir().resolve("lineage-forwarder");
    Files.createDirectories(dataDir);
    int closedPort = ServerProcess.freePort();
    try (ServerProcess forwarder =
        AuditChainNodes.start(
            "lineage-forwarder",
            url,
            dataDir,
            Map.of(
                "FLOE_LINEAGE_FORWARD_URL", FloeTestServer.baseUri(),
                "FLOE_LINEAGE_FORWARD_ENDPOINT", "/api/lineage/v1/lineage",
                "FLOE_LINEAGE_FORWARD_API_KEY", FloeTestServer.ROOT_CREDENTIAL,
                "FLOE_LINEAGE_FORWARD_BACKOFF", "PT0.1S",
                // retention: a day, checked every second
                "FLOE_LINEAGE_RETENTION", "P1D",
                "FLOE_LINEAGE_RETENTION_CHECK_INTERVAL", "PT1S"));
        ServerProcess deadEnd =
            AuditChainNodes.start(
                "lineage-dead-end",
                AuditChainNodes.database("lineage_dead_end"),
                Files.createDirectories(FloeTestServer.workDir().resolve("lineage-dead-end")),
                Map.of(
                    "FLOE_LINEAGE_FORWARD_URL", "http://127.0.0.1:" + closedPort,
                    "FLOE_LINEAGE_FORWARD_ATTEMPTS", "2",
                    "FLOE_LINEAGE_FORWARD_BACKOFF", "PT0.1S"))) {
      String event = ITLineage.event("COMPLETE", UUID.randomUUID(), TAG, List.of("iceberg." + TAG + ".a"), "iceberg." + TAG + ".b", "x", "iceberg." + TAG + ".a", "y");
      HttpResponse<String> accepted = AuditChainNodes.call(forwarder, "POST", "/api/lineage/v1/lineage", event, AuditChainNodes.rootToken(forwarder));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);

      // the consumer (the shared server) has the run, reported by the forwarder's credential
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> RestCalls.getFromServer("/api/lineage/v1/jobs/runs?namespace=trino://trino.test:8080&name=" + TAG).statusCode() == 200);
      assertThat(RestCalls.getFromServer("/api/lineage/v1/tables/lakehouse/" + TAG + "/b/columns").body()).contains("\"column\":\"y\"");
      assertThat(metric(forwarder, "delivered")).isEqualTo(1.0);

      // retention: a run whose last event is older than a day goes; the graph's edges stay
      String old =
          ITLineage.event("COMPLETE", UUID.randomUUID(), TAG + "_old", List.of("iceberg." + TAG + ".c"), "iceberg." + TAG + ".d", null, null, null)
              .replace("2026-11-30T12:00:00Z", "2020-01-01T00:00:00Z");
      String forwarderToken = AuditChainNodes.rootToken(forwarder);
      assertThat(AuditChainNodes.call(forwarder, "POST", "/api/lineage/v1/lineage", old, forwarderToken).statusCode()).isEqualTo(201);
      String runs = "/api/lineage/v1/jobs/runs?namespace=trino://trino.test:8080&name=" + TAG + "_old";
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> AuditChainNodes.call(forwarder, "GET", runs, null, forwarderToken).body().contains("\"runs\":[]"));
      assertThat(AuditChainNodes.call(forwarder, "GET", "/api/lineage/v1/tables/lakehouse/" + TAG + "/d/upstream", null, forwarderToken).body())
          .contains("\"name\":\"c\"")
          .contains("\"name\":\"" + TAG + "_old\"");

      HttpResponse<String> alsoAccepted = AuditChainNodes.call(deadEnd, "POST", "/api/lineage/v1/lineage", event, AuditChainNodes.rootToken(deadEnd));
      assertThat(alsoAccepted.statusCode()).as("the intake never waits for the consumer").isEqualTo(201);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metric(deadEnd, "failed") == 1.0);
      assertThat(metric(deadEnd, "delivered")).isZero();
    }
  }

  private static double metric(ServerProcess node, String outcome) {
    String metrics = AuditChainNodes.call(node, "GET", "/q/metrics", null, AuditChainNodes.rootToken(node)).body();
    Matcher matcher =
        Pattern.compile("^floe_lineage_forwarded_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }
}
