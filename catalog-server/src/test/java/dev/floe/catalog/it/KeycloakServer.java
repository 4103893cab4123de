package dev.floe.catalog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Keycloak (the server distribution that the build fetches) on loopback, with the test
 * realm {@code docs/keycloak/floe-realm.json} imported, as the OpenID Connect provider of the
 * authentication tests.
 *
 * <p>The distribution zip is unpacked once into {@code floe.it.keycloak-home} and built there once
 * ({@code kc.sh build} with {@link #BUILD_OPTIONS}), so each run starts the pre-built server
 * ({@code start --optimized}) instead of re-augmenting it as {@code start-dev} does. Unpacking and
 * building go to a temporary directory that is renamed into place only when complete, under a file
 * lock ({@link CachedInstall}), like {@link TrinoServer}'s extraction. Each run gets its own Keycloak home under the run's
 * work directory (its {@code lib} a link to the shared build, its own {@code data}), an in-memory
 * H2 database and a local cache, so concurrent runs do not interfere.
 */
public final class KeycloakServer implements AutoCloseable {
  public static final String REALM = "floe";
  /** The audience that Floe's tokens carry (and that the Floe server expects). */
  public static final String AUDIENCE = "floe";
  /** The claim with the caller's group names (without leading slash). */
  public static final String GROUPS_CLAIM = "groups";

  /** A test user of the realm; every password here is for tests only. */
  public record User(String username, String password) {}

  /** In group {@code analysts}. */
  public static final User ALICE = new User("alice", "alice-test-password");
  /** In group {@code engineers}. */
  public static final User BOB = new User("bob", "bob-test-password");
  /** In no group. */
  public static final User CAROL = new User("carol", "carol-test-password");

  /** Public client with direct access grants (password grant); tokens for audience {@value #AUDIENCE}. */
  public static final String CLI_CLIENT = "floe-cli";
  /** Confidential client with a service account ({@code service-account-trino}, group {@code engineers}). */
  public static final String TRINO_CLIENT = "trino";
  public static final String TRINO_SECRET = "trino-test-secret";
  /** Confidential client whose tokens are for audience {@value #OTHER_AUDIENCE}, never for Floe. */
  public static final String OTHER_CLIENT = "other-app";
  public static final String OTHER_SECRET = "other-app-test-secret";
  public static final String OTHER_AUDIENCE = "other";

  /** The master realm's administrator of the test server (loopback only, tests only). */
  public static final String ADMIN_USERNAME = "admin";
  public static final String ADMIN_PASSWORD = "admin-test-password";

  /**
   * The build-time options of the cached server. An in-memory database; no health, metrics or
   * admin console; features the tests do not use are left out to start faster. A change here
   * rebuilds the cached server on the next run (the marker file records the options).
   */
  static final List<String> BUILD_OPTIONS =
      List.of(
          "--db=dev-mem",
          "--health-enabled=false",
          "--metrics-enabled=false",
          "--features-disabled="
              + String.join(
                  ",",
                  "account",
                  "admin",
                  "admin-fine-grained-authz",
                  "authorization",
                  "ciba",
                  "client-policies",
                  "device-flow",
                  "impersonation",
                  "kerberos",
                  "opentelemetry",
                  "organization",
                  "par",
                  "passkeys",
                  "persistent-user-sessions",
                  "recovery-codes",
                  "step-up-authentication",
                  "token-exchange-standard",
                  "update-email",
                  "web-authn"));

  /** Written into the cached home (with the build options) just before it is renamed into place. */
  static final String BUILT_MARKER = ".floe-built";

  private static final int MIN_JAVA = 21;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What the run does with the JVM's ahead-of-time cache ({@code -XX:AOTCache}, Java 25+). */
  public enum AotCache {
    /** Off ({@code -Dfloe.it.keycloak-aot=false}, or a Java older than 25). */
    OFF,
    /** Started with the cache of an earlier run. */
    USED,
    /** No cache yet: this run records one, stored when it stops. */
    TRAINING
  }

  private final LocalProcess process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;
  private final AotCache aotCache;
  /** TRAINING: where the JVM writes the cache, and where it goes once complete. */
  private final Path aotOutput;
  private final Path aotTarget;
  private final HttpClient client;

  private KeycloakServer(
      LocalProcess process, int port, Path log, Duration readyAfter, AotCache aotCache, Path aotOutput, Path aotTarget) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.readyAfter = readyAfter;
    this.aotCache = aotCache;
    this.aotOutput = aotOutput;
    this.aotTarget = aotTarget;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Result of {@link #install}: where the built Keycloak is, and how long it took (zero if reused). */
  public record Installation(Path home, Duration installedIn) {
    public boolean reused() {
      return installedIn.isZero();
    }
  }

  /**
   * Makes sure the Keycloak named by the Failsafe properties {@code floe.it.keycloak-zip} and
   * {@code floe.it.keycloak-home} is unpacked and built, and returns its home.
   */
  public static Installation install() {
    String zipProperty = System.getProperty("floe.it.keycloak-zip");
    String homeProperty = System.getProperty("floe.it.keycloak-home");
    if (zipProperty == null || homeProperty == null) {
      throw new IllegalStateException(
          "floe.it.keycloak-zip / floe.it.keycloak-home are not set (run through 'mvnw verify')");
    }
    return install(Path.of(zipProperty), Path.of(homeProperty));
  }

  static Installation install(Path zip, Path home) {
    checkJava();
    String marker = markerText();
    CachedInstall cache = new CachedInstall(home, "installing", h -> isInstalled(h, marker));
    if (cache.isInstalled()) {
      return new Installation(home, Duration.ZERO);
    }
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "Keycloak distribution not found at "
              + zip
              + "; 'mvnw verify' copies it there in pre-integration-test (maven-dependency-plugin,"
              + " org.keycloak:keycloak-quarkus-dist:zip)");
    }
    try {
      Duration installedIn =
          cache.install(
              temp -> {
                Path unpacked = unzip(zip, temp);
                build(unpacked, temp.resolve("build.log"));
                Files.writeString(unpacked.resolve(BUILT_MARKER), marker);
                return unpacked;
              });
      return new Installation(home, installedIn);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install Keycloak from " + zip + " into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String markerText() {
    return String.join(" ", BUILD_OPTIONS) + "\n";
  }

  private static boolean isInstalled(Path home, String marker) {
    Path file = home.resolve(BUILT_MARKER);
    try {
      return Files.isRegularFile(file) && Files.readString(file).equals(marker);
    } catch (IOException e) {
      return false;
    }
  }

  /** Unpacks the distribution into {@code target} and returns its one top-level directory. */
  private static Path unzip(Path zip, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path destination = root.resolve(entry.getName()).normalize();
        if (!destination.startsWith(root)) {
          throw new IOException("Zip entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
          continue;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        if (entry.getName().endsWith(".sh")) {
          Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(zip + " is not a readable zip (an incomplete download?): " + e.getMessage(), e);
    }
    try (Stream<Path> entries = Files.list(root)) {
      List<Path> dirs = entries.filter(Files::isDirectory).toList();
      if (dirs.size() != 1 || !Files.isRegularFile(dirs.get(0).resolve("lib/quarkus-run.jar"))) {
        throw new IllegalStateException(zip + " does not look like a Keycloak distribution (no */lib/quarkus-run.jar)");
      }
      return dirs.get(0);
    }
  }

  /** {@code kc.sh build} with {@link #BUILD_OPTIONS} in {@code home}. */
  private static void build(Path home, Path buildLog) throws IOException {
    List<String> command = javaCommand(home, home, List.of());
    command.add("build");
    command.addAll(BUILD_OPTIONS);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(buildLog.toFile());
    cleanEnvironment(builder.environment());
    Process process = builder.start();
    try {
      boolean done = process.waitFor(10, TimeUnit.MINUTES);
      if (!done || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "kc.sh build failed ("
                + (done ? "exit " + process.exitValue() : "timed out")
                + "); tail of "
                + buildLog
                + ":\n"
                + LocalProcess.tail(buildLog, 40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@code bin/kc.sh} runs: the JVM options of its defaults and its server options, with
   * {@code kc.home.dir} at {@code runHome} and the classes of {@code installation}.
   */
  private static List<String> javaCommand(Path installation, Path runHome, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(LocalProcess.javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
            "-XX:MetaspaceSize=96M",
            "-XX:MaxMetaspaceSize=256m",
            "-Dfile.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.security.egd=file:/dev/urandom",
            "-XX:+UseG1GC",
            "-Xms64m",
            "-Xmx512m",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.security=ALL-UNNAMED",
            // JBoss Threads' thread-local reset on Java 24+ (else an error at shut-down)
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Duser.language=en",
            "-Duser.country=US",
            "-Dkc.home.dir=" + runHome.toAbsolutePath(),
            "-Djboss.server.config.dir=" + installation.toAbsolutePath().resolve("conf"),
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-Dpicocli.disable.closures=true",
            "-Dquarkus-log-max-startup-records=10000",
            "-cp",
            installation.toAbsolutePath().resolve("lib").resolve("quarkus-run.jar").toString(),
            "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
    return command;
  }

  private static void cleanEnvironment(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("QUARKUS_"));
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.remove("JAVA_OPTS");
  }

  private static void checkJava() {
    int javaVersion = Runtime.version().feature();
    if (javaVersion < MIN_JAVA) {
      throw new IllegalStateException(
          "Keycloak 26 needs Java " + MIN_JAVA + "+, the test JVM (" + System.getProperty("java.home") + ") is Java " + javaVersion);
    }
  }

  /** Installs (if needed) and starts Keycloak with its home under {@code workDir}, log in {@code workDir/keycloak.log}. */
  public static KeycloakServer start(Path workDir) {
    Installation installation = install();
    String realmProperty = System.getProperty("floe.it.keycloak-realm", "../docs/keycloak/floe-realm.json");
    return start(installation.home(), Path.of(realmProperty), workDir);
  }

  static KeycloakServer start(Path installation, Path realmFile, Path workDir) {
    if (!Files.isRegularFile(realmFile)) {
      throw new IllegalStateException("The realm file " + realmFile.toAbsolutePath() + " does not exist (floe.it.keycloak-realm)");
    }
    int port = ServerProcess.freePort();
    Path runHome = workDir.resolve("keycloak");
    Path log = workDir.resolve("keycloak.log");
    try {
      FloeTestServer.deleteRecursively(runHome);
      Files.createDirectories(runHome.resolve("data").resolve("import"));
      // the built server (Keycloak reads its persisted build options from home/lib), no providers or themes
      Files.createSymbolicLink(runHome.resolve("lib"), installation.toAbsolutePath().resolve("lib"));
      Files.createDirectories(runHome.resolve("providers"));
      Files.createDirectories(runHome.resolve("themes"));
      Files.copy(realmFile, runHome.resolve("data").resolve("import").resolve(REALM + "-realm.json"));
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Keycloak home " + runHome, e);
    }
    String base = "http://127.0.0.1:" + port;
    // A test server lives for minutes: the C1 compiler alone costs far less CPU at start-up
    // (about 14 s of CPU instead of 20 s), the AOT cache saves about a quarter more.
    List<String> jvmOptions = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
    AotCache aot = AotCache.OFF;
    Path aotTarget = null;
    Path aotOutput = null;
    if (Runtime.version().feature() >= 25 && Boolean.parseBoolean(System.getProperty("floe.it.keycloak-aot", "true"))) {
      aotTarget = aotCacheFile(installation);
      if (Files.isRegularFile(aotTarget)) {
        aot = AotCache.USED;
        jvmOptions.add("-XX:AOTCache=" + aotTarget);
      } else {
        aot = AotCache.TRAINING;
        aotOutput = runHome.resolve("keycloak.aot").toAbsolutePath();
        jvmOptions.add("-XX:AOTCacheOutput=" + aotOutput);
      }
    }
    List<String> command = javaCommand(installation, runHome, jvmOptions);
    command.addAll(
        List.of(
            "start",
            "--optimized",
            "--cache=local",
            "--http-enabled=true",
            "--http-host=127.0.0.1",
            "--http-port=" + port,
            // a fixed issuer, whatever host name a client uses
            "--hostname=" + base,
            "--import-realm"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(runHome.toFile());
    cleanEnvironment(builder.environment());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    LocalProcess process = LocalProcess.start("Keycloak", builder, log, LocalProcess.Descendants.KILLED_AFTER_EXIT);
    String issuer = issuer(port);
    URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
    Duration ready =
        process.awaitReady(
            READY_TIMEOUT,
            Duration.ofMillis(200),
            discovery.toString(),
            LocalProcess.httpOk(discovery, body -> issuer.equals(MAPPER.readTree(body).path("issuer").asText())));
    return new KeycloakServer(process, port, log, ready, aot, aotOutput, aotTarget);
  }

  /**
   * The AOT cache of the built server for the running JVM (a cache fits one JVM build and one class
   * path); inside the cached home, so that a rebuild drops it.
   */
  private static Path aotCacheFile(Path installation) {
    String javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().toString();
    String jvm =
        (System.getProperty("java.vm.version") + "-" + Integer.toHexString(javaHome.hashCode())).replaceAll("[^A-Za-z0-9._-]", "_");
    return installation.toAbsolutePath().resolve("aot").resolve("jvm-" + jvm + ".aot");
  }

  public int port() {
    return port;
  }

  /** The realm's issuer, as the {@code iss} claim of its tokens has it. */
  public String issuer() {
    return issuer(port);
  }

  private static String issuer(int port) {
    return "http://127.0.0.1:" + port + "/realms/" + REALM;
  }

  public String jwksUri() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  public String tokenEndpoint() {
    return issuer() + "/protocol/openid-connect/token";
  }

  public Path log() {
    return log;
  }

  public Duration readyAfter() {
    return readyAfter;
  }

  public AotCache aotCache() {
    return aotCache;
  }

  /** An access token of {@code user} through the password grant of client {@value #CLI_CLIENT}. */
  public String passwordToken(User user) {
    return passwordToken(user.username(), user.password());
  }

  /** An access token through the password grant of client {@value #CLI_CLIENT}. */
  public String passwordToken(String username, String password) {
    return accessToken(
        Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username, "password", password));
  }

  /** An access token of the client's service account through the client credentials grant. */
  public String clientCredentialsToken(String clientId, String secret) {
    return accessToken(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
  }

  private String accessToken(Map<String, String> form) {
    HttpResponse<String> response = tokenRequest(form);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Keycloak refused the " + form.get("grant_type") + " grant of " + form.get("client_id") + ": "
              + response.statusCode() + " " + response.body());
    }
    try {
      JsonNode token = MAPPER.readTree(response.body()).path("access_token");
      if (!token.isTextual()) {
        throw new IllegalStateException("Keycloak's token response has no access_token: " + response.body());
      }
      return token.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts {@code form} to the token endpoint as is, for tests of refused grants. */
  public HttpResponse<String> tokenRequest(Map<String, String> form) {
    String body =
        new LinkedHashMap<>(form)
            .entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tokenEndpoint()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach Keycloak's token endpoint " + tokenEndpoint(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a JWT, decoded and NOT verified (for checking what Keycloak issued). */
  public static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("Not a JWS compact serialization (" + parts.length + " parts)");
    }
    try {
      return MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Stops Keycloak (SIGTERM to the process and its descendants) and waits for it to exit. A
   * training run's JVM writes the AOT cache as it exits; the cache is kept only when complete.
   */
  @Override
  public void close() {
    // the JVM of a training run assembles its AOT cache (in a child JVM) before it exits
    boolean exited = process.stop(Duration.ofSeconds(aotCache == AotCache.TRAINING ? 180 : 30));
    if (aotCache == AotCache.TRAINING && exited) {
      keepAotCache();
    }
  }

  private void keepAotCache() {
    try {
      if (!Files.isRegularFile(aotOutput)
          || Files.size(aotOutput) == 0
          || !Files.readString(log).contains("AOTCache creation is complete")) {
        System.out.printf("Keycloak's AOT cache was not created; see %s%n", log);
        return;
      }
      Files.createDirectories(aotTarget.getParent());
      if (Files.exists(aotTarget)) {
        return; // a concurrent run stored one first
      }
      Path temp = Files.createTempFile(aotTarget.getParent(), aotTarget.getFileName().toString(), ".part");
      Files.copy(aotOutput, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, aotTarget, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(aotOutput);
      System.out.printf("Keycloak's AOT cache stored at %s for the next runs%n", aotTarget);
    } catch (IOException | UncheckedIOException e) {
      System.out.printf("Keycloak's AOT cache not stored (%s); the next run records it again%n", e);
    }
  }
}
