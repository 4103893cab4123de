package dev.floe.catalog.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one real PostgreSQL, one S3-compatible server, one Keycloak and one packaged Floe server
 * for the whole integration-test run (the REST Compatibility Kit and Floe's own IT classes share
 * them), and stops them at the end, with the run's Trino if a test started it ({@link
 * SharedTrino}).
 * Active only when Failsafe passes {@code floe.it.port}.
 */
public class FloeTestServer implements LauncherSessionListener {
  /** The root principal's client credentials of the test server (FLOE_BOOTSTRAP_CREDENTIALS). */
  public static final String ROOT_CLIENT_ID = "root";
  public static final String ROOT_SECRET = "floe-it-root-secret";
  public static final String ROOT_CREDENTIAL = ROOT_CLIENT_ID + ":" + ROOT_SECRET;

  private static EmbeddedPostgres postgres;
  private static ServerProcess server;
  private static S3TestServer s3;
  private static MinioTestServer minio;
  private static KeycloakServer keycloak;
  private static Map<String, String> environment;

  /** The environment the test server runs with: another node on the same database uses it too. */
  public static Map<String, String> serverEnvironment() {
    return environment;
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getProperty("floe.it.port");
    if (port == null || port.equals("0")) {
      return;
    }
    long started = System.nanoTime();
    Path workDir = Path.of(System.getProperty("floe.it.work-dir", "target/it"));
    deleteRecursively(workDir);
    try {
      // the temporary directory of this JVM (java.io.tmpdir, set by Failsafe): Iceberg's view
      // tests put views there, an allowed location of the default catalog
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Keycloak takes longest to start: it starts first, beside PostgreSQL and S3Proxy
    CompletableFuture<KeycloakServer> keycloakStart =
        CompletableFuture.supplyAsync(() -> KeycloakServer.start(workDir));
    try {
      try {
        Path pgData = workDir.resolve("postgres");
        Files.createDirectories(pgData);
        postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start PostgreSQL for the integration tests", e);
      }
      s3 = S3TestServer.start(workDir);
      minio = MinioTestServer.start(workDir);
      keycloak = join(keycloakStart);
      environment =
          Map.ofEntries(
              Map.entry("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl()),
              Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
              Map.entry("QUARKUS_DATASOURCE_PASSWORD", ""),
              Map.entry("FLOE_DATA_DIR", workDir.resolve("data").toString()),
              Map.entry("FLOE_BOOTSTRAP_CREDENTIALS", ROOT_CREDENTIAL),
              // purges run soon after a drop and retry quickly in the tests
              Map.entry("FLOE_PURGE_POLL_INTERVAL", "PT0.5S"),
              Map.entry("FLOE_PURGE_RETRY_BACKOFF", "PT1S"),
              // where the compatibility kit creates tables at custom locations (file:/tmp/<namespace>/<table>)
              // and views (its JVM's temporary directory); only those, so that the test catalogs below
              // the work directory overlap no root of the default catalog even when the build runs below /tmp
              Map.entry("FLOE_DEFAULT_CATALOG_ALLOWED_LOCATIONS", defaultCatalogAllowedLocations()),
              // ... anywhere there, not only below their namespace's location
              Map.entry("FLOE_DEFAULT_CATALOG_ALLOW_UNSTRUCTURED_LOCATIONS", "true"),
              // the keys S3 catalogs refer to as s3.credentials=env:FLOE_IT_S3; only the server has them
              Map.entry(S3TestServer.CREDENTIALS_PREFIX + "_ACCESS_KEY_ID", s3.accessKeyId()),
              Map.entry(S3TestServer.CREDENTIALS_PREFIX + "_SECRET_ACCESS_KEY", s3.secretAccessKey()),
              // the root keys of the MinIO that vends credentials (STS), as env:FLOE_IT_MINIO
              Map.entry(MinioTestServer.CREDENTIALS_PREFIX + "_ACCESS_KEY_ID", minio.accessKeyId()),
              Map.entry(MinioTestServer.CREDENTIALS_PREFIX + "_SECRET_ACCESS_KEY", minio.secretAccessKey()),
              // the OpenID Connect provider whose tokens the server accepts
              Map.entry("FLOE_AUTH_OIDC_ISSUER", keycloak.issuer()),
              Map.entry("FLOE_AUTH_OIDC_JWKS_URI", keycloak.jwksUri()),
              Map.entry("FLOE_AUTH_OIDC_AUDIENCE", KeycloakServer.AUDIENCE),
              Map.entry("FLOE_AUTH_OIDC_GROUPS_CLAIM", KeycloakServer.GROUPS_CLAIM),
              // the shared Trino's catalogs (SharedTrino), as its OpenLineage listener names them
              Map.entry("FLOE_LINEAGE_TRINO_CATALOGS", "iceberg=lakehouse,governed=lakehouse,iceberg_kc=lakehouse,iceberg_s3=trinos3"));
      server = ServerProcess.start(Integer.parseInt(port), workDir.resolve("floe-server.log"), environment);
    } catch (RuntimeException | Error e) {
      if (keycloak == null) {
        // still starting (or failed): stopped as soon as it is up
        keycloakStart.thenAccept(KeycloakServer::close);
      }
      launcherSessionClosed(session);
      throw e;
    }
    System.out.printf(
        "Floe test server ready on port %s after %d ms in all (server %d ms; PostgreSQL on %d;"
            + " S3 at %s ready after %d ms; MinIO at %s ready after %d ms; Keycloak at %s ready after %d ms, AOT cache %s)%n",
        port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        server.readyAfter().toMillis(),
        postgres.getPort(),
        s3.endpoint(),
        s3.readyAfter().toMillis(),
        minio.endpoint(),
        minio.readyAfter().toMillis(),
        keycloak.issuer(),
        keycloak.readyAfter().toMillis(),
        keycloak.aotCache());
  }

  /** The namespaces Iceberg's CatalogTests place tables in, below file:/tmp, and this JVM's temporary directory. */
  private static String defaultCatalogAllowedLocations() {
    StringBuilder locations = new StringBuilder();
    for (String namespace : java.util.List.of("ns", "newdb", "ns1", "ns2", "other_ns")) {
      locations.append("file:///tmp/").append(namespace).append(',');
    }
    return locations.append("file://").append(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize()).toString();
  }

  private static KeycloakServer join(CompletableFuture<KeycloakServer> start) {
    try {
      return start.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    // the run's Trino first: its catalogs are on this server
    SharedTrino.stop();
    if (server != null) {
      server.close();
      server = null;
    }
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
    if (minio != null) {
      minio.close();
      minio = null;
    }
    if (keycloak != null) {
      keycloak.close();
      keycloak = null;
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = null;
    }
  }

  public static String baseUri() {
    if (server == null) {
      throw new IllegalStateException("The Floe test server is not running (run through 'mvnw verify')");
    }
    return server.baseUri();
  }

  /** The S3-compatible server of the run. */
  public static S3TestServer s3() {
    if (s3 == null) {
      throw new IllegalStateException("The S3 test server is not running (run through 'mvnw verify')");
    }
    return s3;
  }

  /** A token of the root principal (service administrator), fetched once per run. */
  public static synchronized String rootToken() {
    if (rootToken == null) {
      rootToken = Tokens.clientCredentials(catalogUri(), ROOT_CLIENT_ID, ROOT_SECRET);
    }
    return rootToken;
  }

  private static String rootToken;

  /** The MinIO server of the run (S3 with STS). */
  public static MinioTestServer minio() {
    if (minio == null) {
      throw new IllegalStateException("MinIO is not running (run through 'mvnw verify')");
    }
    return minio;
  }

  /** The OpenID Connect provider of the run (Keycloak with the realm of docs/keycloak/floe-realm.json). */
  public static KeycloakServer keycloak() {
    if (keycloak == null) {
      throw new IllegalStateException("Keycloak is not running (run through 'mvnw verify')");
    }
    return keycloak;
  }

  /** The Iceberg REST catalog URI, as clients configure it. */
  public static String catalogUri() {
    return baseUri() + "/api/catalog";
  }

  public static String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public static Path workDir() {
    return Path.of(System.getProperty("floe.it.work-dir", "target/it"));
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
