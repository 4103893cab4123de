package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real MinIO server (S3 with STS) on loopback for the vended-credentials tests: one drive under
 * the IT work directory, random root keys that only the Floe server process and the harness know.
 * The binary is the one scripts/install-minio.sh builds ({@code floe.it.minio-binary}, else
 * {@code $(go env GOPATH)/bin/minio}).
 */
public final class MinioTestServer implements AutoCloseable {
  public static final String BUCKET = "floe-vend";
  /** Environment variable prefix of the root keys, as catalogs refer to them ({@code env:FLOE_IT_MINIO}). */
  public static final String CREDENTIALS_PREFIX = "FLOE_IT_MINIO";
  public static final String REGION = "us-east-1";

  private final LocalProcess process;
  private final URI endpoint;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Duration readyAfter;

  private MinioTestServer(LocalProcess process, URI endpoint, String accessKeyId, String secretAccessKey, Duration readyAfter) {
    this.process = process;
    this.endpoint = endpoint;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.readyAfter = readyAfter;
  }

  static Path binary() {
    String configured = System.getProperty("floe.it.minio-binary");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      Process go = new ProcessBuilder("go", "env", "GOPATH").redirectErrorStream(true).start();
      String gopath = new String(go.getInputStream().readAllBytes()).trim();
      go.waitFor(30, TimeUnit.SECONDS);
      return Path.of(gopath, "bin", "minio");
    } catch (IOException e) {
      return Path.of(System.getProperty("user.home"), "go", "bin", "minio");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static MinioTestServer start(Path workDir) {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "MinIO not found at " + binary + ": scripts/install-minio.sh builds it ('mvnw verify' runs it)");
    }
    int port = ServerProcess.freePort();
    int consolePort = ServerProcess.freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    String accessKeyId = "floeminio" + Long.toHexString(System.nanoTime());
    String secretAccessKey = "secret-" + java.util.UUID.randomUUID();
    Path home = workDir.resolve("minio");
    Path data = home.resolve("data");
    Path log = home.resolve("minio.log");
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            binary.toString(), "server", data.toAbsolutePath().toString(),
            "--address", "127.0.0.1:" + port, "--console-address", "127.0.0.1:" + consolePort, "--quiet");
    builder.environment().put("MINIO_ROOT_USER", accessKeyId);
    builder.environment().put("MINIO_ROOT_PASSWORD", secretAccessKey);
    builder.environment().put("MINIO_BROWSER", "off");
    builder.environment().put("MINIO_UPDATE", "off");
    builder.environment().put("MINIO_REGION", REGION);
    LocalProcess process = LocalProcess.start("MinIO", builder, log, LocalProcess.Descendants.LEFT_ALONE);
    URI health = endpoint.resolve("/minio/health/ready");
    Duration ready =
        process.awaitReady(Duration.ofSeconds(60), Duration.ofMillis(100), health.toString(), LocalProcess.httpOk(health, body -> true));
    MinioTestServer server =
        new MinioTestServer(process, endpoint, accessKeyId, secretAccessKey, ready);
    try (S3Client client = server.client(AwsBasicCredentials.create(accessKeyId, secretAccessKey))) {
      for (String bucket : List.of(BUCKET)) {
        client.createBucket(request -> request.bucket(bucket));
      }
    }
    return server;
  }

  public URI endpoint() {
    return endpoint;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  public Duration readyAfter() {
    return readyAfter;
  }

  /** An S3 client of this MinIO with {@code credentials} (root keys or vended ones). */
  public S3Client client(AwsCredentials credentials) {
    return S3TestServer.client(endpoint, REGION, credentials);
  }

  /** Every object key in {@code bucket} under {@code prefix} (with the root keys). */
  public List<String> keys(String bucket, String prefix) {
    try (S3Client client = client(AwsBasicCredentials.create(accessKeyId, secretAccessKey))) {
      return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
          .map(software.amazon.awssdk.services.s3.model.S3Object::key)
          .toList();
    }
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(20));
  }
}
