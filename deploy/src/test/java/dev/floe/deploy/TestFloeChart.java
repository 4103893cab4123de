package dev.floe.deploy;

import static dev.floe.deploy.Helm.one;
import static dev.floe.deploy.Helm.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** charts/floe rendered by the real helm: what each values file and each refusal produces. */
class TestFloeChart {
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|CREDENTIAL|TOKEN|SIGNING_KEY|ACCESS_KEY).*");
  private static final Path FLOE_EXAMPLE = Helm.example("floe-values.yaml");

  @Test
  void lintsWithDefaultValuesAndTheExample() {
    for (List<Path> values : List.of(List.<Path>of(), List.of(FLOE_EXAMPLE))) {
      Helm.Result lint = Helm.lint(values);
      assertThat(lint.exitCode()).as("helm lint --strict %s: %s%s", values, lint.output(), lint.errors()).isZero();
    }
  }

  @Test
  void defaultValuesRenderOneDevReplicaOnTheEmbeddedDatabase() {
    List<JsonNode> documents = Helm.template(List.of(), List.of()).documents();
    JsonNode deployment = one(documents, "Deployment");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    soft.assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    soft.assertThat(one(documents, "PersistentVolumeClaim").at("/metadata/name").asText()).isEqualTo("floe-data");
    soft.assertThat(ofKind(documents, "PodDisruptionBudget")).as("no PDB for one replica").isEmpty();
    soft.assertThat(ofKind(documents, "Secret")).isEmpty();
    JsonNode config = one(documents, "ConfigMap").path("data");
    soft.assertThat(config.has("QUARKUS_DATASOURCE_JDBC_URL")).as("embedded: no database URL").isFalse();
    soft.assertThat(config.path("FLOE_DATA_DIR").asText()).isEqualTo("/var/lib/floe");
    soft.assertThat(volumeMount(deployment, "data")).isEqualTo("/var/lib/floe");
    soft.assertThat(volumeMount(deployment, "tmp")).isEqualTo("/tmp");
    soft.assertAll();
    assertSecureWorkload(deployment);
    assertNoPlaintextSecret(documents);
  }

  @Test
  void theExampleRendersThreeStatelessNodesWithSecretsByReference() {
    List<JsonNode> documents = Helm.template(List.of(FLOE_EXAMPLE), List.of()).documents();
    JsonNode deployment = one(documents, "Deployment");
    JsonNode container = Helm.container(deployment, "floe").orElseThrow();
    Map<String, JsonNode> env = env(container);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    soft.assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    soft.assertThat(one(documents, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    soft.assertThat(ofKind(documents, "PersistentVolumeClaim")).as("nodes keep nothing").isEmpty();
    soft.assertThat(one(documents, "ServiceMonitor").at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    soft.assertThat(one(documents, "ServiceMonitor").at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    JsonNode config = one(documents, "ConfigMap").path("data");
    soft.assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).startsWith("jdbc:postgresql://");
    soft.assertThat(config.path("FLOE_AUTH_OIDC_ISSUER").asText()).endsWith("/realms/floe");
    soft.assertThat(config.path("FLOE_AUDIT_CHAIN_SIGNING_KEY_FILE").asText()).isEqualTo("/etc/floe/audit/signing/signing-key.pem");
    soft.assertThat(volumeMount(deployment, "audit-signing-key")).isEqualTo("/etc/floe/audit/signing");
    soft.assertThat(secretRef(env, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("floe-database/password");
    soft.assertThat(secretRef(env, "FLOE_BOOTSTRAP_CREDENTIALS")).isEqualTo("floe-bootstrap/credentials");
    soft.assertThat(secretRef(env, "GARAGE_ACCESS_KEY_ID")).isEqualTo("floe-garage-key/access-key-id");
    soft.assertThat(secretRef(env, "GARAGE_SECRET_ACCESS_KEY")).isEqualTo("floe-garage-key/secret-access-key");
    JsonNode policy = one(documents, "NetworkPolicy");
    soft.assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
    soft.assertThat(policy.at("/spec/ingress/0/from")).hasSize(2);
    soft.assertAll();
    assertSecureWorkload(deployment);
    assertNoPlaintextSecret(documents);
  }

  @Test
  void autoscalingLeavesReplicasToTheAutoscaler() {
    List<JsonNode> documents =
        Helm.template(List.of(FLOE_EXAMPLE), List.of("autoscaling.enabled=true", "autoscaling.maxReplicas=8")).documents();
    JsonNode autoscaler = one(documents, "HorizontalPodAutoscaler");
    assertThat(one(documents, "Deployment").at("/spec").has("replicas")).isFalse();
    assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("floe");
    assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isEqualTo(8);
  }

  @Test
  void refusesMoreThanOneReplicaOnTheEmbeddedDatabase() {
    assertRefused(List.of("replicaCount=2"), "the embedded PostgreSQL is for one dev replica only");
    assertRefused(List.of("autoscaling.enabled=true"), "the embedded PostgreSQL is for one dev replica only");
    assertThat(Helm.template(List.of(), List.of("replicaCount=1")).exitCode()).isZero();
  }

  @Test
  void refusesUnsafeValues() {
    assertRefused(List.of("devMode.bootstrapCredentials=root:secret"), "devMode.* secret values are only rendered with devMode.enabled=true");
    assertRefused(List.of("floe.extraConfig.floe\\.bootstrap\\.credentials=root:secret"), "looks secret");
    assertRefused(List.of("floe.extraConfig.floe\\.lineage\\.forward\\.api-key=key"), "looks secret");
    assertRefused(
        List.of("database.jdbcUrl=jdbc:postgresql://db/floe", "database.existingSecret=db"),
        "set audit.signingKey.existingSecret");
    assertRefused(List.of("database.jdbcUrl=jdbc:postgresql://db/floe"), "database.jdbcUrl needs database.existingSecret");
    assertRefused(List.of("floe.oidc.issuer=https://keycloak/realms/floe"), "floe.oidc.issuer needs floe.oidc.jwksUri");
    assertRefused(List.of("floe.authorization.type=opa"), "needs floe.authorization.opaUrl");
    // values.schema.json: names that are no environment variable prefix, misspelt keys, impossible numbers
    assertRefused(List.of("s3Credentials[0].name=garage", "s3Credentials[0].existingSecret=key"), "at '/s3Credentials/0/name'");
    assertRefused(List.of("databse.jdbcUrl=jdbc:postgresql://db/floe"), "additional properties 'databse' not allowed");
    assertRefused(List.of("replicaCount=0"), "at '/replicaCount'");
    assertRefused(List.of("database.jdbcUrl=jdbc:mysql://db/floe"), "at '/database/jdbcUrl'");
  }

  @Test
  void devModeIsTheOnlyWayToInlineSecrets() {
    List<JsonNode> documents =
        Helm.template(
                List.of(),
                List.of("devMode.enabled=true", "devMode.bootstrapCredentials=root:dev-secret", "devMode.s3Credentials.GARAGE.accessKeyId=GKdev",
                    "devMode.s3Credentials.GARAGE.secretAccessKey=dev-key"))
            .documents();
    JsonNode secret = one(documents, "Secret");
    assertThat(secret.at("/metadata/annotations/floe.dev~1dev-mode").asText()).isEqualTo("true");
    assertThat(secret.at("/stringData/bootstrap-credentials").asText()).isEqualTo("root:dev-secret");
    Map<String, JsonNode> env = env(Helm.container(one(documents, "Deployment"), "floe").orElseThrow());
    assertThat(secretRef(env, "FLOE_BOOTSTRAP_CREDENTIALS")).isEqualTo("floe-dev/bootstrap-credentials");
    assertThat(secretRef(env, "GARAGE_SECRET_ACCESS_KEY")).isEqualTo("floe-dev/GARAGE-secret-access-key");
  }

  /** Every Floe and Quarkus setting the chart renders is a real key: in README's Configuration table or application.properties. */
  @Test
  void rendersOnlyRealConfigurationKeys() throws IOException {
    Set<String> known = new HashSet<>();
    Matcher readmeKeys = Pattern.compile("`((?:floe|quarkus)\\.[a-z0-9.-]+)`").matcher(Files.readString(Helm.repository().resolve("README.md")));
    while (readmeKeys.find()) {
      known.add(envName(readmeKeys.group(1)));
    }
    // README names the database's user and password as QUARKUS_DATASOURCE_JDBC_URL "with _USERNAME, _PASSWORD":
    // Quarkus' own keys quarkus.datasource.username and quarkus.datasource.password
    assertThat(Files.readString(Helm.repository().resolve("README.md"))).contains("(`QUARKUS_DATASOURCE_JDBC_URL`, with `_USERNAME`, `_PASSWORD`)");
    known.add("QUARKUS_DATASOURCE_USERNAME");
    known.add("QUARKUS_DATASOURCE_PASSWORD");
    for (String line : Files.readAllLines(Helm.repository().resolve("catalog-server/src/main/resources/application.properties"))) {
      if (!line.startsWith("#") && line.contains("=")) {
        known.add(envName(line.substring(0, line.indexOf('='))));
      }
    }
    List<String> rendered = new ArrayList<>();
    for (List<String> sets : List.of(List.<String>of(), List.of("floe.authorization.type=opa", "floe.authorization.opaUrl=http://opa:8181", "floe.storage.signerUri=http://floe:8181/api/catalog",
        "floe.defaultCatalog.storageRoot=s3://b/w", "floe.defaultCatalog.allowedLocations=s3://b/x", "audit.retention=P365D",
        "audit.trustedPublicKeys.existingSecret=old", "audit.trustedPublicKeys.keys[0]=a.pem"))) {
      List<JsonNode> documents = Helm.template(List.of(FLOE_EXAMPLE), sets).documents();
      one(documents, "ConfigMap").path("data").fieldNames().forEachRemaining(rendered::add);
      env(Helm.container(one(documents, "Deployment"), "floe").orElseThrow()).keySet().stream()
          .filter(name -> name.startsWith("FLOE_") || name.startsWith("QUARKUS_"))
          .forEach(rendered::add);
    }
    assertThat(rendered).isNotEmpty().allSatisfy(name -> assertThat(known).as("known keys").contains(name));
  }

  static String envName(String key) {
    return key.strip().replace('.', '_').replace('-', '_').replace("\"", "_").toUpperCase(java.util.Locale.ROOT);
  }

  private static void assertRefused(List<String> sets, String message) {
    Helm.Result result = Helm.template(List.of(), sets);
    assertThat(result.exitCode()).as("helm template --set %s", sets).isNotZero();
    assertThat(result.errors()).contains(message);
  }

  /** Probes on Floe's health endpoints and port, non-root, read-only root, nothing to escalate. */
  static void assertSecureWorkload(JsonNode deployment) {
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = Helm.container(deployment, "floe").orElseThrow();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
    soft.assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8181);
    for (Map.Entry<String, String> probe : Map.of(
        "startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live").entrySet()) {
      soft.assertThat(container.at("/" + probe.getKey() + "/httpGet/path").asText()).as(probe.getKey()).isEqualTo(probe.getValue());
      soft.assertThat(container.at("/" + probe.getKey() + "/httpGet/port").asText()).as(probe.getKey()).isEqualTo("http");
    }
    soft.assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    soft.assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    soft.assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    soft.assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
    JsonNode security = container.path("securityContext");
    soft.assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    soft.assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    soft.assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    soft.assertThat(security.path("privileged").asBoolean(true)).isFalse();
    soft.assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    soft.assertThat(security.at("/capabilities").has("add")).isFalse();
    soft.assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    soft.assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    soft.assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    soft.assertAll();
  }

  /** No Secret object, no secret-looking value in a ConfigMap, every secret-looking variable from a secretKeyRef. */
  static void assertNoPlaintextSecret(List<JsonNode> documents) {
    assertThat(ofKind(documents, "Secret")).as("Secrets rendered outside dev mode").isEmpty();
    for (JsonNode configMap : ofKind(documents, "ConfigMap")) {
      configMap.path("data").fieldNames().forEachRemaining(
          key -> assertThat(key).as("ConfigMap key").doesNotMatch(SECRET_NAME.pattern().replace("SIGNING_KEY", "SIGNING_KEY(?!_FILE)")));
    }
    for (JsonNode deployment : ofKind(documents, "Deployment")) {
      for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
        env(container).forEach((name, variable) -> {
          if (SECRET_NAME.matcher(name).matches()) {
            assertThat(variable.has("value")).as("%s has a plain value", name).isFalse();
            assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).as("%s from a Secret", name).isNotEmpty();
          }
        });
      }
    }
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
    for (Iterator<JsonNode> it = container.path("env").elements(); it.hasNext(); ) {
      JsonNode variable = it.next();
      env.put(variable.path("name").asText(), variable);
    }
    return env;
  }

  private static String secretRef(Map<String, JsonNode> env, String name) {
    JsonNode reference = env.getOrDefault(name, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).at("/valueFrom/secretKeyRef");
    return reference.path("name").asText() + "/" + reference.path("key").asText();
  }

  private static String volumeMount(JsonNode deployment, String volume) {
    for (JsonNode mount : Helm.container(deployment, "floe").orElseThrow().path("volumeMounts")) {
      if (volume.equals(mount.path("name").asText())) {
        return mount.path("mountPath").asText();
      }
    }
    return "";
  }
}
