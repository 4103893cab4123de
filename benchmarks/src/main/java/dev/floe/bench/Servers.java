package dev.floe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How each server under test is started and addressed. */
final class Servers {
  private Servers() {}

  /** A started server plus what a client needs to reach it. */
  record Started(
      ServerProcess process,
      /** {@code uri} for Iceberg's RESTCatalog client. */
      String restUri,
      /** {@code warehouse} for the client, or null. */
      String warehouse,
      /** Where the client asks for /v1/config (with its query). */
      String configUrl,
      /** The client credential ({@code id:secret}) to sign in with, or null (no authentication). */
      String credential,
      /** A process the server needs (OPA for floe-opa), stopped after the server; or null. */
      ServerProcess sidecar) {

    Started(ServerProcess process, String restUri, String warehouse, String configUrl, String credential) {
      this(process, restUri, warehouse, configUrl, credential, null);
    }

    Started withSidecar(ServerProcess sidecar) {
      return new Started(process, restUri, warehouse, configUrl, credential, sidecar);
    }
  }

  /** The root principal's credentials of the benchmarked Floe server. */
  static final String FLOE_CREDENTIAL = "root:floe-benchmark-secret";

  static String java(String javaHome) {
    return Path.of(javaHome, "bin", "java").toString();
  }

  /** Floe's packaged server against the shared PostgreSQL. */
  static Started startFloe(Settings settings, Postgres postgres, String database, String runName)
      throws IOException {
    return startFloe(settings, postgres, database, runName, Map.of());
  }

  /**
   * An Open Policy Agent on loopback serving Floe's Rego bundle, started as the policy module's
   * integration tests start it; ready when {@code /health} answers 200.
   */
  static ServerProcess startOpa(Settings settings) throws IOException {
    if (settings.opaBinary == null || !Files.isExecutable(settings.opaBinary)) {
      throw new IllegalStateException(
          "no OPA binary at " + settings.opaBinary + " (scripts/install-opa.sh installs it; or --opa-binary PATH)");
    }
    if (!Files.isDirectory(settings.opaPolicy)) {
      throw new IllegalStateException("no Rego policy directory at " + settings.opaPolicy);
    }
    int port = ServerProcess.freePort();
    List<String> command =
        List.of(
            settings.opaBinary.toAbsolutePath().toString(),
            "run",
            "--server",
            "--addr",
            "127.0.0.1:" + port,
            "--skip-version-check",
            "--log-level",
            "error",
            settings.opaPolicy.toAbsolutePath().toString());
    return ServerProcess.start("opa", command, Map.of(), port, "/health", settings.workDir.resolve("opa.log"));
  }

  /** Floe deciding with OPA ({@code FLOE_AUTHORIZATION_TYPE=opa}): OPA first, then Floe pointing at it. */
  static Started startFloeOpa(Settings settings, Postgres postgres, String database, String runName)
      throws IOException {
    ServerProcess opa = startOpa(settings);
    try {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("FLOE_AUTHORIZATION_TYPE", "opa");
      env.put("FLOE_AUTHORIZATION_OPA_URL", "http://127.0.0.1:" + opa.port());
      return startFloe(settings, postgres, database, runName, env).withSidecar(opa);
    } catch (IOException | RuntimeException e) {
      opa.close();
      throw e;
    }
  }

  /** Floe's packaged server with extra environment variables (they override the defaults above). */
  static Started startFloe(
      Settings settings, Postgres postgres, String database, String runName, Map<String, String> extraEnv)
      throws IOException {
    int port = ServerProcess.freePort();
    Path dataDir = settings.workDir.resolve(runName + "-data");
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.add(java(System.getProperty("java.home")));
    command.addAll(settings.serverJvmOptions);
    command.addAll(settings.floeExtraJvmOptions);
    command.add("-jar");
    command.add(settings.floeJar.toAbsolutePath().toString());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("FLOE_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.put("FLOE_BOOTSTRAP_CREDENTIALS", FLOE_CREDENTIAL);
    if (postgres != null) {
      env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
      env.put("QUARKUS_DATASOURCE_USERNAME", Postgres.USER);
      env.put("QUARKUS_DATASOURCE_PASSWORD", Postgres.PASSWORD);
    }
    env.putAll(extraEnv);
    env.putAll(settings.floeEnvironment);
    ServerProcess process =
        ServerProcess.start(
            runName, command, env, port, "/q/health/ready", settings.workDir.resolve(runName + ".log"));
    String base = "http://127.0.0.1:" + port + "/api/catalog";
    return new Started(process, base, "lakehouse", base + "/v1/config?warehouse=lakehouse", FLOE_CREDENTIAL);
  }

  /** Iceberg's reference RESTCatalogServer (JdbcCatalog on the shared PostgreSQL, HadoopFileIO). */
  static Started startReference(Settings settings, Postgres postgres, String database)
      throws IOException {
    int port = ServerProcess.freePort();
    Path warehouse = settings.workDir.resolve("reference-warehouse").toAbsolutePath();
    Files.createDirectories(warehouse);
    String classpath = Files.readString(settings.referenceClasspath).trim();
    List<String> command = new ArrayList<>();
    command.add(settings.referenceJava != null ? java(settings.referenceJava) : java(System.getProperty("java.home")));
    command.addAll(settings.serverJvmOptions);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(classpath);
    command.add("org.apache.iceberg.rest.RESTCatalogServer");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CATALOG_URI", postgres.jdbcUrl(database));
    env.put("CATALOG_JDBC_USER", Postgres.USER);
    env.put("CATALOG_JDBC_PASSWORD", Postgres.PASSWORD);
    env.put("CATALOG_WAREHOUSE", "file://" + warehouse);
    // RESTCatalogServer reads only CATALOG_* variables (CATALOG_REST_PORT -> rest.port)
    env.put("CATALOG_REST_PORT", Integer.toString(port));
    env.put("REST_PORT", Integer.toString(port));
    ServerProcess process =
        ServerProcess.start(
            "reference", command, env, port, "/v1/config", settings.workDir.resolve("reference.log"));
    String base = "http://127.0.0.1:" + port;
    return new Started(process, base, null, base + "/v1/config", null);
  }
}
