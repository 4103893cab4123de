package dev.floe.deploy;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkov's Kubernetes checks on the rendered chart (default values and the seed example): no
 * failing check but the accepted exceptions below, each with its reason (also in docs/deploy.md).
 */
class TestSecurityScan {
  /** Checks the chart fails on purpose. */
  static final Map<String, String> ACCEPTED =
      Map.of(
          "CKV_K8S_11",
          "CPU limits: a CPU limit throttles the JVM (GC and JIT threads) and Floe's latency; requests are set, and a limit can be set in resources",
          "CKV_K8S_15",
          "imagePullPolicy Always: with image.digest the image is pinned and IfNotPresent is right; an operator who deploys tags can set image.pullPolicy",
          "CKV_K8S_35",
          "secrets as environment variables: Floe reads S3 keys by design from the environment (s3.credentials=env:NAME), and the bootstrap credentials and database password from FLOE_BOOTSTRAP_CREDENTIALS and QUARKUS_DATASOURCE_PASSWORD; the audit signing key, the one long-lived key, is a mounted file",
          "CKV_K8S_43",
          "image digest: the digest exists only once the operator pushed the image; image.digest pins it (docs/deploy.md)");

  @Test
  void defaultRenderFailsOnlyAcceptedChecks(@TempDir Path directory) throws Exception {
    assertOnlyAccepted(scan(directory, Helm.template(List.of(), List.of()).output()));
  }

  @Test
  void exampleRenderFailsOnlyAcceptedChecks(@TempDir Path directory) throws Exception {
    Map<String, List<String>> failed = scan(directory, Helm.template(List.of(Helm.example("floe-values.yaml")), List.of()).output());
    assertOnlyAccepted(failed);
  }

  @Test
  void theScanFindsWhatItShould(@TempDir Path directory) throws Exception {
    // the scan sees a privileged, root container in the same render: it is not passing everything
    Map<String, List<String>> failed =
        scan(directory, Helm.template(List.of(), List.of("securityContext.privileged=true", "securityContext.runAsNonRoot=false",
            "podSecurityContext.runAsNonRoot=false", "securityContext.runAsUser=0", "podSecurityContext.runAsUser=0")).output());
    assertThat(failed.keySet()).contains("CKV_K8S_16", "CKV_K8S_23");
  }

  private static void assertOnlyAccepted(Map<String, List<String>> failed) {
    assertThat(failed.keySet()).as("failing checks (%s)", failed).isSubsetOf(ACCEPTED.keySet());
  }

  /** check id → resources failing it */
  private static Map<String, List<String>> scan(Path directory, String manifests) throws IOException, InterruptedException {
    Path file = directory.resolve("floe.yaml");
    Files.writeString(file, manifests);
    Path report = directory.resolve("report.json");
    String checkov = requireNonNull(System.getProperty("floe.checkov"), "floe.checkov is not set");
    Process process =
        new ProcessBuilder(checkov, "--file", file.toString(), "--framework", "kubernetes", "--output", "json", "--quiet", "--skip-download")
            .redirectOutput(report.toFile())
            .redirectError(directory.resolve("errors.txt").toFile())
            .start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("checkov finished").isTrue();
    JsonNode result = JsonMapper.builder().build().readTree(Files.readString(report, StandardCharsets.UTF_8));
    assertThat(result.at("/summary/passed").asInt()).as("checkov ran its checks: %s", result).isGreaterThan(20);
    Map<String, List<String>> failed = new TreeMap<>();
    for (JsonNode check : result.at("/results/failed_checks")) {
      failed.computeIfAbsent(check.path("check_id").asText(), id -> new java.util.ArrayList<>()).add(check.path("resource").asText());
    }
    return failed;
  }
}
