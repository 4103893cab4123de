package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A single-node Trino server (coordinator and worker in one JVM) run from the release tarball as a
 * child process, the way {@code bin/launcher run} starts it, bound to 127.0.0.1 only.
 *
 * <p>The tarball is extracted once into {@code floe.it.trino-home} and reused by later runs. The
 * extraction goes to a temporary directory that is renamed into place only when complete, under a
 * file lock, so an interrupted extraction or a concurrent build never leaves a half-extracted home.
 */
public final class TrinoServer implements AutoCloseable {
  /** Written into the extracted home just before it is renamed into place. */
  static final String EXTRACTED_MARKER = ".floe-extracted";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final int MIN_JAVA = 24;
  /** Needs a worker node and the tpch catalog; TPC-H has 25 nations. */
  private static final String PROBE_QUERY = "SELECT count(*) FROM tpch.tiny.nation";

  private final LocalProcess process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;

  private TrinoServer(LocalProcess process, int port, Path log, Duration readyAfter) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.readyAfter = readyAfter;
  }

  /** Result of {@link #install}: where Trino is, and how long extraction took (zero if reused). */
  public record Installation(Path home, Duration extractedIn) {
    public boolean reused() {
      return extractedIn.isZero();
    }
  }

  /**
   * Makes sure the Trino server named by the Failsafe properties {@code floe.it.trino-tarball} and
   * {@code floe.it.trino-home} is extracted, and returns its home.
   */
  public static Installation install() {
    String tarballProperty = System.getProperty("floe.it.trino-tarball");
    String homeProperty = System.getProperty("floe.it.trino-home");
    if (tarballProperty == null || homeProperty == null) {
      throw new IllegalStateException(
          "floe.it.trino-tarball / floe.it.trino-home are not set (run through 'mvnw verify')");
    }
    return install(Path.of(tarballProperty), Path.of(homeProperty));
  }

  static Installation install(Path tarball, Path home) {
    CachedInstall cache = new CachedInstall(home, "extracting", TrinoServer::isInstalled);
    if (cache.isInstalled()) {
      return new Installation(home, Duration.ZERO);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Trino server tarball not found at "
              + tarball
              + "; 'mvnw verify' copies it there in pre-integration-test (maven-dependency-plugin,"
              + " io.trino:trino-server:tar.gz)");
    }
    try {
      return new Installation(home, cache.install(temp -> extract(tarball, temp)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install Trino from " + tarball + " into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Extracts the tarball into {@code temp} and returns its one top-level directory, marked as complete. */
  private static Path extract(Path tarball, Path temp) throws IOException, InterruptedException {
    Path tarLog = temp.resolve("tar.log");
    // The system tar: the tarball's plugin directories share jars through hard links.
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", temp.toString())
            .redirectErrorStream(true)
            .redirectOutput(tarLog.toFile())
            .start();
    boolean done = tar.waitFor(15, TimeUnit.MINUTES);
    if (!done || tar.exitValue() != 0) {
      tar.destroyForcibly();
      String output = tail(tarLog, 20);
      FloeTestServer.deleteRecursively(temp);
      throw new IllegalStateException(
          "Extracting "
              + tarball
              + " failed ("
              + (done ? "tar exit " + tar.exitValue() : "timed out")
              + "); is the download complete? tar said:\n"
              + output);
    }
    Path extracted;
    try (Stream<Path> entries = Files.list(temp)) {
      List<Path> dirs = entries.filter(Files::isDirectory).toList();
      if (dirs.size() != 1) {
        throw new IllegalStateException("Expected one top-level directory in " + tarball + ", got " + dirs);
      }
      extracted = dirs.get(0);
    }
    if (!Files.isDirectory(extracted.resolve("lib")) || !Files.isDirectory(extracted.resolve("plugin"))) {
      throw new IllegalStateException(tarball + " does not look like a Trino server tarball (no lib/ or plugin/)");
    }
    Files.writeString(extracted.resolve(EXTRACTED_MARKER), tarball.getFileName() + "\n");
    return extracted;
  }

  private static boolean isInstalled(Path home) {
    return Files.isRegularFile(home.resolve(EXTRACTED_MARKER));
  }

  /**
   * Writes a configuration under {@code baseDir} with the given catalogs ({@code name -> properties})
   * and a {@code tpch} catalog, starts Trino and waits until it serves queries.
   */
  public static TrinoServer start(Path home, Path baseDir, Map<String, Map<String, String>> catalogs) {
    return start(home, home.resolve("plugin"), baseDir, catalogs, Map.of(), Map.of());
  }

  /**
   * As {@link #start(Path, Path, Map)}, with the plugins of {@code pluginDir}, more settings of
   * {@code etc/config.properties} and more files in {@code etc/} (name → content: {@code
   * group-provider.properties}, which Trino reads from there only, access-control files, …).
   */
  public static TrinoServer start(
      Path home,
      Path pluginDir,
      Path baseDir,
      Map<String, Map<String, String>> catalogs,
      Map<String, String> moreConfig,
      Map<String, String> etcFiles) {
    int javaVersion = Runtime.version().feature();
    if (javaVersion < MIN_JAVA) {
      throw new IllegalStateException(
          "Trino 476 needs Java " + MIN_JAVA + "+, the test JVM (" + LocalProcess.javaExecutable() + ") is Java " + javaVersion);
    }
    int port = ServerProcess.freePort();
    Path etc = baseDir.resolve("etc");
    Path catalogDir = etc.resolve("catalog");
    Path data = baseDir.resolve("data");
    Path log = baseDir.resolve("trino.log");
    try {
      FloeTestServer.deleteRecursively(baseDir);
      Files.createDirectories(catalogDir);
      Files.createDirectories(data);
      Map<String, String> config =
          new TreeMap<>(
              Map.of(
                  "coordinator", "true",
                  "node-scheduler.include-coordinator", "true",
                  "http-server.http.port", String.valueOf(port),
                  "discovery.uri", "http://127.0.0.1:" + port,
                  "catalog.config-dir", catalogDir.toString(),
                  "plugin.dir", pluginDir.toString(),
                  "query.max-memory", "1GB",
                  "query.max-memory-per-node", "768MB",
                  "http-server.log.enabled", "false"));
      config.putAll(moreConfig);
      writeProperties(etc.resolve("config.properties"), config);
      for (Map.Entry<String, String> file : etcFiles.entrySet()) {
        Files.writeString(etc.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
      // as the launcher does: Trino runs in its data directory and finds etc/ there
      Files.createSymbolicLink(data.resolve("etc"), etc);
      writeProperties(etc.resolve("log.properties"), Map.of("io.trino", "INFO"));
      Map<String, Map<String, String>> allCatalogs = new TreeMap<>(catalogs);
      allCatalogs.putIfAbsent("tpch", Map.of("connector.name", "tpch"));
      for (Map.Entry<String, Map<String, String>> catalog : allCatalogs.entrySet()) {
        writeProperties(catalogDir.resolve(catalog.getKey() + ".properties"), catalog.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration under " + baseDir, e);
    }

    List<String> command = new ArrayList<>();
    command.add(LocalProcess.javaExecutable());
    command.add("-cp");
    command.add(home.resolve("lib").toString() + "/*");
    // etc/jvm.config as Trino's deployment docs recommend it, sized for a test
    command.addAll(
        List.of(
            "-server",
            "-Xmx2G",
            "-XX:G1HeapRegionSize=32M",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-OmitStackTraceInFastThrow",
            "-XX:ReservedCodeCacheSize=256M",
            "-XX:PerMethodRecompilationCutoff=10000",
            "-XX:PerBytecodeRecompilationCutoff=10000",
            "-Djdk.attach.allowAttachSelf=true",
            "-Djdk.nio.maxCachedBufferSize=2000000",
            "-XX:+EnableDynamicAgentLoading",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:G1NumCollectionsKeepPinned=10000000"));
    // what the launcher adds by itself on Java 24+
    command.add("--add-modules=jdk.incubator.vector");
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("--enable-native-access=ALL-UNNAMED");
    // node.properties and the launcher's own system properties
    command.addAll(
        List.of(
            "-Dnode.environment=floe_it",
            "-Dnode.id=floe-it-trino",
            "-Dnode.data-dir=" + data,
            "-Dnode.bind-ip=127.0.0.1",
            "-Dnode.internal-address=127.0.0.1",
            "-Dlog.levels-file=" + etc.resolve("log.properties"),
            "-Dconfig=" + etc.resolve("config.properties"),
            "io.trino.server.TrinoServer"));

    ProcessBuilder builder = new ProcessBuilder(command).directory(data.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    LocalProcess process = LocalProcess.start("Trino", builder, log, LocalProcess.Descendants.SIGNALLED);
    URI info = URI.create("http://127.0.0.1:" + port + "/v1/info");
    Duration ready = process.awaitReady(READY_TIMEOUT, Duration.ofMillis(500), info.toString(), () -> notReady(info, port));
    return new TrinoServer(process, port, log, ready);
  }

  /**
   * Empty once {@code /v1/info} says started and a query that needs a worker runs: the node may not
   * yet have announced itself to the embedded discovery service ("No nodes available to run query").
   */
  private static Optional<String> notReady(URI info, int port) throws IOException, InterruptedException {
    HttpResponse<String> response = LocalProcess.get(info);
    if (response.statusCode() != 200 || !response.body().replace(" ", "").contains("\"starting\":false")) {
      return Optional.of(response.statusCode() + " " + response.body());
    }
    return probeQuery(port).map(failure -> "/v1/info says started, but the probe query failed: " + failure);
  }

  /** Runs {@value #PROBE_QUERY}; empty when it returned the expected answer, else why not. */
  private static Optional<String> probeQuery(int port) {
    Properties properties = new Properties();
    properties.setProperty("user", "floe-it-probe");
    try (Connection connection = DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, properties);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(PROBE_QUERY)) {
      if (result.next() && result.getLong(1) == 25) {
        return Optional.empty();
      }
      return Optional.of("unexpected answer");
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static void writeProperties(Path file, Map<String, String> properties) throws IOException {
    String text =
        properties.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The last {@code lines} lines of a log file, for failure messages. */
  public static String tail(Path file, int lines) {
    return LocalProcess.tail(file, lines);
  }

  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public Duration readyAfter() {
    return readyAfter;
  }

  /** Stops Trino (SIGTERM to the process and its descendants) and waits for it to exit. */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(60));
  }
}
