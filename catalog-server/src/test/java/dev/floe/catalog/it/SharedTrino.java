package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One Trino 476 for the whole integration-test run, started by the first test class that asks for
 * it ({@link #get()}) and stopped by {@link FloeTestServer#launcherSessionClosed} (a start costs
 * about 30 s and 1 GB, so the run never starts two).
 *
 * <p>Its catalogs, on the run's Floe server:
 *
 * <ul>
 *   <li>{@code iceberg}: Floe catalog {@code lakehouse} (local file system), as the root principal;
 *   <li>{@code iceberg_s3}: Floe catalog {@value #S3_CATALOG} in MinIO, created here, Trino with
 *       its own S3 keys;
 *   <li>{@code iceberg_kc}: {@code lakehouse} again, Trino signed in with a Keycloak token of its
 *       own client (service account in group {@code engineers}), not with a Floe principal;
 *   <li>{@code tpch} (added by {@link TrinoServer}).
 * </ul>
 */
final class SharedTrino {
  /**
   * The Trino catalog governed by Floe's plugin (access control and event listener {@code floe}):
   * Floe catalog {@code lakehouse}, like {@code iceberg}, which stays ungoverned for the tests'
   * own setup.
   */
  static final String GOVERNED_CATALOG = "governed";

  /** Trino's group file: user → groups, as the file group provider reads it. */
  static final Map<String, List<String>> GROUPS =
      Map.of("gov_analysts", List.of("alice"), "gov_engineers", List.of("bob"), "gov_contractors", List.of("carol"));

  /** The Floe principal the plugin signs in as: member of a trusted-engine principal role. */
  static final String ENGINE_PRINCIPAL = "trino_engine";

  /** The Floe catalog in S3 (MinIO) that Trino's {@code iceberg_s3} catalog reads and writes. */
  static final String S3_CATALOG = "trinos3";
  /** The principal Trino's OpenLineage listener reports as. */
  static final String LINEAGE_PRINCIPAL = "trino_lineage";
  /** The URI Trino's OpenLineage listener names itself by: datasets are {@code trino://trino.test:8080}. */
  static final String TRINO_LINEAGE_URI = "http://trino.test:8080";

  private static TrinoServer trino;

  private SharedTrino() {}

  /** The run's Trino, started on first use. */
  static synchronized TrinoServer get() {
    if (trino == null) {
      trino = start();
    }
    return trino;
  }

  /** Stops the run's Trino if it was started; called once the run's tests are done. */
  static synchronized void stop() {
    if (trino != null) {
      try {
        trino.close();
      } finally {
        trino = null;
      }
    }
  }

  private static TrinoServer start() {
    String catalogUri = FloeTestServer.catalogUri();
    TrinoServer.Installation installation = TrinoServer.install();
    System.out.printf(
        "SharedTrino: Trino home %s (%s)%n",
        installation.home(),
        installation.reused()
            ? "already extracted, reused"
            : "extracted in " + installation.extractedIn().toMillis() + " ms");

    // the S3 catalog Trino reaches with its own keys (Trino 476 does no remote signing), on MinIO:
    // S3Proxy answers 501 to a header Trino's S3 file system sends when it lists a location
    MinioTestServer minio = FloeTestServer.minio();
    String body =
        "{\"name\":\"" + S3_CATALOG + "\",\"storage-root\":\"s3://" + MinioTestServer.BUCKET + "/" + S3_CATALOG + "\","
            + "\"properties\":{\"s3.endpoint\":\"" + minio.endpoint() + "\",\"s3.region\":\"" + MinioTestServer.REGION + "\","
            + "\"s3.path-style-access\":\"true\",\"s3.credentials\":\"env:" + MinioTestServer.CREDENTIALS_PREFIX + "\"}}";
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Map<String, String> s3Catalog = new HashMap<>(restCatalog(catalogUri, S3_CATALOG));
    s3Catalog.putAll(
        Map.of(
            "fs.native-s3.enabled", "true",
            "s3.endpoint", minio.endpoint().toString(),
            "s3.region", MinioTestServer.REGION,
            "s3.path-style-access", "true",
            "s3.aws-access-key", minio.accessKeyId(),
            "s3.aws-secret-key", minio.secretAccessKey()));
    Map<String, String> localCatalog = new HashMap<>(restCatalog(catalogUri, "lakehouse"));
    localCatalog.putAll(Map.of("fs.native-local.enabled", "true", "local.location", "/"));
    KeycloakServer keycloak = FloeTestServer.keycloak();
    Map<String, String> keycloakCatalog = new HashMap<>(localCatalog);
    keycloakCatalog.putAll(
        Map.of(
            "iceberg.rest-catalog.oauth2.credential", KeycloakServer.TRINO_CLIENT + ":" + KeycloakServer.TRINO_SECRET,
            "iceberg.rest-catalog.oauth2.server-uri", keycloak.tokenEndpoint(),
            "iceberg.rest-catalog.oauth2.scope", "openid"));
    // TrinoServer adds the tpch catalog; one Trino for all catalogs. GOVERNED_CATALOG is the same
    // Floe catalog as iceberg, governed by Floe's plugin (the others are not)
    Map<String, Map<String, String>> catalogs =
        Map.of("iceberg", localCatalog, "iceberg_s3", s3Catalog, "iceberg_kc", keycloakCatalog, GOVERNED_CATALOG, localCatalog);
    Path baseDir = FloeTestServer.workDir().resolve("trino");
    Path pluginDir = FloeTestServer.workDir().resolve("trino-plugins");
    installFloePlugin(installation.home(), pluginDir);
    Map<String, String> config =
        Map.of(
            "access-control.config-files", "etc/access-control.properties",
            "event-listener.config-files", "etc/event-listener.properties,etc/openlineage.properties");
    TrinoServer started = TrinoServer.start(installation.home(), pluginDir, baseDir, catalogs, config, governanceFiles());
    System.out.printf(
        "SharedTrino: Trino ready on port %d after %d ms%n", started.port(), started.readyAfter().toMillis());
    return started;
  }

  /**
   * Lays out the run's plugin directory: every plugin of the Trino installation (linked, not
   * copied) and Floe's plugin as the build packaged it ({@code target/trino-plugins/floe}); writes
   * the access-control, event-listener and group-provider files; answers the settings of {@code
   * etc/config.properties} that name them.
   */
  private static void installFloePlugin(Path home, Path pluginDir) {
    Path floePlugin = Path.of("target", "trino-plugins", "floe").toAbsolutePath();
    if (!Files.isDirectory(floePlugin)) {
      throw new IllegalStateException(
          floePlugin + " is missing: 'mvnw verify' unpacks Floe's Trino plugin there in pre-integration-test");
    }
    try {
      FloeTestServer.deleteRecursively(pluginDir);
      Files.createDirectories(pluginDir);
      try (Stream<Path> plugins = Files.list(home.resolve("plugin"))) {
        for (Path plugin : plugins.toList()) {
          Files.createSymbolicLink(pluginDir.resolve(plugin.getFileName()), plugin);
        }
      }
      Files.createSymbolicLink(pluginDir.resolve("floe"), floePlugin);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install Floe's Trino plugin under " + pluginDir, e);
    }
  }

  /**
   * The files of {@code etc/} that set up Floe's plugin: access control and event listener {@code
   * floe} (governing {@value #GOVERNED_CATALOG}) and the file group provider with {@link #GROUPS}.
   */
  private static Map<String, String> governanceFiles() {
    String[] engine = trustedEngineCredential();
    Map<String, String> floe =
        Map.of(
            "floe.uri", FloeTestServer.baseUri(),
            "floe.catalogs", GOVERNED_CATALOG + "=lakehouse",
            "floe.ungoverned-catalogs", "allow",
            "floe.client-id", engine[0],
            "floe.client-secret", engine[1],
            "floe.cache.max-ttl", "2s");
    Map<String, String> accessControl = new TreeMap<>(floe);
    accessControl.put("access-control.name", "floe");
    Map<String, String> eventListener = new TreeMap<>(floe);
    eventListener.put("event-listener.name", "floe");
    eventListener.put("floe.reports.batch-size", "10");
    StringBuilder groups = new StringBuilder();
    GROUPS.forEach((group, users) -> groups.append(group).append(':').append(String.join(",", users)).append('\n'));
    return Map.of(
        "access-control.properties", properties(accessControl),
        "event-listener.properties", properties(eventListener),
        "openlineage.properties", properties(openLineageListener()),
        "group-provider.properties", properties(Map.of("group-provider.name", "file", "file.group-file", "etc/groups.txt")),
        "groups.txt", groups.toString());
  }

  /**
   * Trino's own OpenLineage event listener, reporting to Floe's lineage intake as principal {@value
   * #LINEAGE_PRINCIPAL} with its client credentials as the static API key, for every query type
   * that reads or writes (SELECT included: the listener leaves it out by default).
   */
  private static Map<String, String> openLineageListener() {
    HttpResponse<String> principal =
        RestCalls.toServer("POST", "/api/management/v1/principals", "{\"name\": \"" + LINEAGE_PRINCIPAL + "\"}", FloeTestServer.rootToken());
    assertThat(principal.statusCode()).as(principal.body()).isEqualTo(201);
    String apiKey;
    try {
      JsonNode credentials = new ObjectMapper().readTree(principal.body()).path("credentials");
      apiKey = credentials.path("client-id").asText() + ":" + credentials.path("client-secret").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "event-listener.name", "openlineage",
        "openlineage-event-listener.transport.type", "HTTP",
        "openlineage-event-listener.transport.url", FloeTestServer.baseUri(),
        "openlineage-event-listener.transport.endpoint", "/api/lineage/v1/lineage",
        "openlineage-event-listener.transport.api-key", apiKey,
        "openlineage-event-listener.trino.uri", TRINO_LINEAGE_URI,
        "openlineage-event-listener.trino.include-query-types", "SELECT,INSERT,DELETE,UPDATE,MERGE,DATA_DEFINITION,ALTER_TABLE_EXECUTE");
  }

  /** Creates {@link #ENGINE_PRINCIPAL} in a trusted-engine principal role; its client id and secret. */
  private static String[] trustedEngineCredential() {
    String root = FloeTestServer.rootToken();
    String management = "/api/management/v1";
    HttpResponse<String> principal = RestCalls.toServer("POST", management + "/principals", "{\"name\": \"" + ENGINE_PRINCIPAL + "\"}", root);
    assertThat(principal.statusCode()).as(principal.body()).isEqualTo(201);
    HttpResponse<String> role =
        RestCalls.toServer("POST", management + "/principal-roles", "{\"name\": \"trino_engines\", \"trusted-engine\": true}", root);
    assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
    HttpResponse<String> member =
        RestCalls.toServer("PUT", management + "/principals/" + ENGINE_PRINCIPAL + "/principal-roles/trino_engines", null, root);
    assertThat(member.statusCode()).as(member.body()).isEqualTo(201);
    try {
      JsonNode credentials = new ObjectMapper().readTree(principal.body()).path("credentials");
      return new String[] {credentials.path("client-id").asText(), credentials.path("client-secret").asText()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String properties(Map<String, String> values) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(values).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }

  /**
   * The Iceberg REST catalog properties of a Trino catalog on Floe catalog {@code warehouse}: the
   * one place to change how Trino reaches Floe.
   */
  private static Map<String, String> restCatalog(String catalogUri, String warehouse) {
    return Map.of(
        "connector.name", "iceberg",
        "iceberg.catalog.type", "rest",
        "iceberg.rest-catalog.uri", catalogUri,
        "iceberg.rest-catalog.warehouse", warehouse,
        // signed in as the root principal with its client credentials
        "iceberg.rest-catalog.security", "OAUTH2",
        "iceberg.rest-catalog.oauth2.credential", FloeTestServer.ROOT_CREDENTIAL,
        "iceberg.rest-catalog.oauth2.server-uri", catalogUri + "/v1/oauth/tokens",
        "iceberg.rest-catalog.oauth2.scope", "PRINCIPAL_ROLE:ALL");
  }
}
