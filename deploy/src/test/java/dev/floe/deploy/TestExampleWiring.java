package dev.floe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.deploy.image.ImageBuilder;
import dev.floe.trino.FloeAccessControlFactory;
import dev.floe.trino.FloePluginConfig;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seed platform's values files (charts/examples) wired to Floe: the Trino properties are read
 * by the Trino plugin's own parser and name Floe's Service as charts/floe renders it.
 */
class TestExampleWiring {
  private static final String FLOE_URI = floeServiceUri();

  @Test
  void everyExampleIsYamlAndTheFloeOneRenders() throws IOException {
    try (Stream<Path> files = Files.list(Helm.repository().resolve("charts/examples"))) {
      List<Path> examples = files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
      assertThat(examples).extracting(path -> path.getFileName().toString())
          .contains("floe-values.yaml", "trino-values.yaml", "garage-values.yaml", "keycloak-values.yaml", "opa-values.yaml",
              "dagster-values.yaml", "postgresql-values.yaml");
      for (Path example : examples) {
        assertThat(read(example.getFileName().toString()).isObject()).as(example.toString()).isTrue();
      }
    }
    assertThat(Helm.template(List.of(Helm.example("floe-values.yaml")), List.of()).exitCode()).isZero();
  }

  @Test
  void trinoAccessControlIsWhatTheFloePluginReads() throws IOException {
    JsonNode trino = read("trino-values.yaml");
    assertThat(trino.at("/accessControl/type").asText()).isEqualTo("properties");
    Map<String, String> properties = properties(trino.at("/accessControl/properties").asText());
    assertThat(properties.remove("access-control.name")).isEqualTo(FloeAccessControlFactory.NAME);
    FloePluginConfig config = FloePluginConfig.from(properties);
    assertThat(config.uri()).isEqualTo(URI.create(FLOE_URI));
    assertGovernedCatalogsExist(trino, config);
    assertThat(properties.get(FloePluginConfig.CLIENT_ID)).isEqualTo("${ENV:FLOE_TRINO_CLIENT_ID}");
    assertThat(properties.get(FloePluginConfig.CLIENT_SECRET)).isEqualTo("${ENV:FLOE_TRINO_CLIENT_SECRET}");
  }

  @Test
  void trinoEventListenersReportToFloe() throws IOException {
    JsonNode trino = read("trino-values.yaml");
    assertThat(trino.at("/additionalConfigProperties/0").asText())
        .isEqualTo("event-listener.config-files=/etc/trino/floe-event-listener.properties,/etc/trino/openlineage-event-listener.properties");
    Map<String, String> floe = properties(trino.at("/coordinator/additionalConfigFiles/floe-event-listener.properties").asText());
    assertThat(floe.remove("event-listener.name")).isEqualTo(FloeAccessControlFactory.NAME);
    FloePluginConfig config = FloePluginConfig.from(floe);
    assertThat(config.uri()).isEqualTo(URI.create(FLOE_URI));
    assertGovernedCatalogsExist(trino, config);

    Map<String, String> lineage = properties(trino.at("/coordinator/additionalConfigFiles/openlineage-event-listener.properties").asText());
    assertThat(lineage)
        .containsEntry("event-listener.name", "openlineage")
        .containsEntry("openlineage-event-listener.transport.type", "HTTP")
        .containsEntry("openlineage-event-listener.transport.url", FLOE_URI)
        .containsEntry("openlineage-event-listener.transport.endpoint", "/api/lineage/v1/lineage")
        .containsEntry("openlineage-event-listener.transport.api-key", "${ENV:FLOE_TRINO_LINEAGE_KEY}")
        .containsKey("openlineage-event-listener.trino.uri");
    assertThat(lineage.get("openlineage-event-listener.trino.include-query-types")).contains("SELECT");
    // Floe maps the catalog names Trino's listener reports the way the plugin maps them
    String trinoCatalogs = read("floe-values.yaml").at("/floe/extraConfig").path("floe.lineage.trino-catalogs").asText();
    Map<String, String> mapping = new HashMap<>();
    for (String pair : trinoCatalogs.split(",")) {
      mapping.put(pair.substring(0, pair.indexOf('=')).strip(), pair.substring(pair.indexOf('=') + 1).strip());
    }
    assertThat(mapping).isEqualTo(config.catalogs());
  }

  @Test
  void trinoIcebergCatalogIsFloesRestCatalog() throws IOException {
    JsonNode trino = read("trino-values.yaml");
    Map<String, String> properties = properties(trino.at("/accessControl/properties").asText());
    properties.remove("access-control.name");
    FloePluginConfig config = FloePluginConfig.from(properties);
    for (Map.Entry<String, String> governed : config.catalogs().entrySet()) {
      Map<String, String> catalog = properties(trino.at("/catalogs/" + governed.getKey()).asText());
      assertThat(catalog)
          .containsEntry("connector.name", "iceberg")
          .containsEntry("iceberg.catalog.type", "rest")
          .containsEntry("iceberg.rest-catalog.uri", FLOE_URI + "/api/catalog")
          .containsEntry("iceberg.rest-catalog.warehouse", governed.getValue())
          .containsEntry("iceberg.rest-catalog.security", "OAUTH2")
          .containsEntry("iceberg.rest-catalog.oauth2.server-uri", FLOE_URI + "/api/catalog/v1/oauth/tokens");
    }
  }

  /** Every key of the governed catalog is one Trino 476's Iceberg connector or its S3 file system reads. */
  @Test
  void trinoCatalogKeysAreTheConnectorsOwn() throws IOException {
    Set<String> known = new HashSet<>();
    known.addAll(TrinoConfigKeys.of("io.trino.plugin.iceberg.IcebergConfig"));
    known.addAll(TrinoConfigKeys.of("io.trino.filesystem.manager.FileSystemConfig"));
    known.addAll(TrinoConfigKeys.of("io.trino.filesystem.s3.S3FileSystemConfig"));
    assertThat(known).as("the connector's config names were read").contains("iceberg.catalog.type", "iceberg.rest-catalog.uri");
    assertThat(known).as("a name Trino 476 rejects (FACTS: fs.local.enabled)").doesNotContain("fs.local.enabled");
    Map<String, String> catalog = properties(read("trino-values.yaml").at("/catalogs/lake").asText());
    catalog.remove("connector.name");
    assertThat(catalog.keySet()).isNotEmpty().allSatisfy(key -> assertThat(known).as("Trino 476's Iceberg connector reads %s", key).contains(key));
  }

  @Test
  void trinoInstallsThePluginFromTheZipInFloesImage() throws IOException {
    JsonNode trino = read("trino-values.yaml");
    JsonNode init = trino.at("/initContainers/coordinator/0");
    assertThat(init.path("command").toString()).contains(ImageBuilder.TRINO_PLUGIN_ZIP);
    String target = init.at("/command/5").asText();
    assertThat(init.at("/volumeMounts/0/mountPath").asText()).isEqualTo(target + "/floe");
    assertThat(trino.at("/coordinator/additionalVolumeMounts/0/mountPath").asText())
        .isEqualTo(trino.at("/server/node/pluginDir").asText("/usr/lib/trino/plugin") + "/" + FloeAccessControlFactory.NAME);
    assertThat(trino.at("/image/tag").asText()).as("the Trino the plugin is built for").isEqualTo("476");
    // Trino loads event listeners on every node: workers need the listener files and the plugin too
    assertThat(trino.at("/initContainers/worker/0")).isEqualTo(init);
    assertThat(trino.at("/worker/additionalConfigFiles")).isEqualTo(trino.at("/coordinator/additionalConfigFiles"));
    assertThat(trino.at("/worker/additionalVolumeMounts")).isEqualTo(trino.at("/coordinator/additionalVolumeMounts"));
    assertThat(trino.at("/worker/additionalVolumes")).isEqualTo(trino.at("/coordinator/additionalVolumes"));
  }

  @Test
  void dagsterSendsOpenLineageToFloe() throws IOException {
    JsonNode deployment = read("dagster-values.yaml").at("/dagster-user-deployments/deployments/0");
    Map<String, String> env = new HashMap<>();
    deployment.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable.path("value").asText()));
    assertThat(env).containsEntry("OPENLINEAGE_URL", FLOE_URI);
    assertThat("/" + env.get("OPENLINEAGE_ENDPOINT")).isEqualTo("/api/lineage/v1/lineage");
    assertThat(deployment.at("/includeConfigInLaunchedRuns/enabled").asBoolean()).isTrue();
    assertThat(env).as("the API key comes from a Secret").doesNotContainKey("OPENLINEAGE_API_KEY");
    assertThat(deployment.at("/envSecrets/0/name").asText()).isEqualTo("dagster-floe");
  }

  @Test
  void floeTrustsTheKeycloakRealmTheExampleImports() throws IOException {
    JsonNode floe = read("floe-values.yaml").path("floe").path("oidc");
    JsonNode realm = Helm.YAML.readTree(Helm.repository().resolve("docs/keycloak/floe-realm.json").toFile());
    JsonNode keycloak = read("keycloak-values.yaml");
    String hostname = "";
    for (JsonNode variable : Helm.YAML.readTree(keycloak.path("extraEnv").asText())) {
      if ("KC_HOSTNAME".equals(variable.path("name").asText())) {
        hostname = variable.path("value").asText();
      }
    }
    assertThat(keycloak.at("/http/relativePath").asText()).isEqualTo("/");
    assertThat(floe.path("issuer").asText()).isEqualTo(hostname + "/realms/" + realm.path("realm").asText());
    assertThat(floe.path("jwksUri").asText()).isEqualTo(floe.path("issuer").asText() + "/protocol/openid-connect/certs");
    List<String> clients = realm.path("clients").findValuesAsText("clientId");
    assertThat(clients).contains("floe-cli", "trino");
  }

  @Test
  void opaIsWhereFloeWouldAskIt() throws IOException {
    JsonNode opa = read("opa-values.yaml");
    assertThat(opa.path("useHttps").asBoolean(true)).isFalse();
    String url = "http://" + opa.path("fullnameOverride").asText() + "." + Helm.NAMESPACE + ".svc:" + opa.path("port").asInt();
    assertThat(Files.readString(Helm.example("floe-values.yaml"))).contains("opaUrl: " + url);
  }

  private static void assertGovernedCatalogsExist(JsonNode trino, FloePluginConfig config) {
    assertThat(config.catalogs()).isNotEmpty();
    for (String trinoCatalog : config.catalogs().keySet()) {
      assertThat(trino.at("/catalogs").has(trinoCatalog)).as("Trino catalog %s", trinoCatalog).isTrue();
    }
    assertThat(config.floeCatalog("tpch")).as("tpch is not governed").isEmpty();
  }

  /** Floe's Service as charts/floe renders it with the example: http://NAME.NAMESPACE.svc:PORT */
  private static String floeServiceUri() {
    JsonNode service = Helm.one(Helm.template(List.of(Helm.example("floe-values.yaml")), List.of()).documents(), "Service");
    return "http://%s.%s.svc:%d".formatted(
        service.at("/metadata/name").asText(), service.at("/metadata/namespace").asText(), service.at("/spec/ports/0/port").asInt());
  }

  /** An example values file as helm reads it: with YAML anchors and aliases resolved (SnakeYAML). */
  private static JsonNode read(String example) throws IOException {
    Object values = new org.yaml.snakeyaml.Yaml().load(Files.readString(Helm.example(example)));
    return Helm.YAML.valueToTree(values);
  }

  private static Map<String, String> properties(String text) throws IOException {
    assertThat(text).as("properties").isNotBlank();
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
