package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

  private final Process process;
  private final int port;
  private final Path log;
  private final Duration readyAfter;

  private TrinoServer(Process process, int port, Path log, Duration readyAfter) {
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
    if (isInstalled(home)) {
      return new Installation(home, Duration.ZERO);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Trino server tarball not found at "
              + tarball
              + "; 'mvnw verify' copies it there in pre-integration-test (maven-dependency-plugin,"
              + " io.trino:trino-server:tar.gz)");
    }
    Path parent = home.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      Path lockFile = parent.resolve(home.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        // Another build may have finished the extraction while we waited for the lock.
        if (isInstalled(home)) {
          return new Installation(home, Duration.ZERO);
        }
        long started = System.nanoTime();
        // Leftovers of an interrupted extraction: a home without marker, temporary directories.
        FloeTestServer.deleteRecursively(home);
        try (Stream<Path> siblings = Files.list(parent)) {
          for (Path stale :
              siblings
                  .filter(p -> p.getFileName().toString().startsWith(home.getFileName() + ".extracting-"))
                  .toList()) {
            FloeTestServer.deleteRecursively(stale);
          }
        }
        Path temp = Files.createTempDirectory(parent, home.getFileName() + ".extracting-");
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
        Files.move(extracted, home, StandardCopyOption.ATOMIC_MOVE);
        FloeTestServer.deleteRecursively(temp);
        return new Installation(home, Duration.ofNanos(System.nanoTime() - started));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install Trino from " + tarball + " into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isInstalled(Path home) {
    return Files.isRegularFile(home.resolve(EXTRACTED_MARKER));
  }

  /**
   * Writes a configuration under {@code baseDir} with the given catalogs ({@code name -> properties})
   * and a {@code tpch} catalog, starts Trino and waits until it serves queries.
   */
  public static TrinoServer start(Path home, Path baseDir, Map<String, Map<String, String>> catalogs) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    int javaVersion = Runtime.version().feature();
    if (javaVersion < MIN_JAVA) {
      throw new IllegalStateException(
          "Trino 476 needs Java " + MIN_JAVA + "+, the test JVM (" + java + ") is Java " + javaVersion);
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
      writeProperties(
          etc.resolve("config.properties"),
          Map.of(
              "coordinator", "true",
              "node-scheduler.include-coordinator", "true",
              "http-server.http.port", String.valueOf(port),
              "discovery.uri", "http://127.0.0.1:" + port,
              "catalog.config-dir", catalogDir.toString(),
              "plugin.dir", home.resolve("plugin").toString(),
              "query.max-memory", "1GB",
              "query.max-memory-per-node", "768MB",
              "http-server.log.enabled", "false"));
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
    command.add(java.toString());
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

    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(data.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Trino with " + command, e);
    }
    TrinoServer server = new TrinoServer(process, port, log, Duration.ZERO);
    try {
      Duration ready = waitUntilReady(process, port, log, started);
      return new TrinoServer(process, port, log, ready);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private static Duration waitUntilReady(Process process, int port, Path log, long started) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI info = URI.create("http://127.0.0.1:" + port + "/v1/info");
    long deadline = started + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Trino exited with " + process.exitValue() + " before it was ready; tail of " + log + ":\n" + tail(log, 60));
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(info).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200
            && response.body().replace(" ", "").contains("\"starting\":false")) {
          // Not ready yet for queries: the node may not have announced itself to the embedded
          // discovery service ("No nodes available to run query"). Run one that needs a worker.
          Optional<String> failure = probeQuery(port);
          if (failure.isEmpty()) {
            return Duration.ofNanos(System.nanoTime() - started);
          }
          last = "/v1/info says started, but the probe query failed: " + failure.get();
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "Trino not ready within "
            + READY_TIMEOUT.toSeconds()
            + " s (last /v1/info: "
            + last
            + "); tail of "
            + log
            + ":\n"
            + tail(log, 60));
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
    try {
      if (!Files.exists(file)) {
        return "(" + file + " does not exist)";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
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
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
