package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server on loopback for the integration tests: S3Proxy (fetched by the
 * build) on its file-system backend, with SigV4 keys that only the Floe server process is given.
 * Also works against any S3-compatible endpoint passed as {@code floe.it.s3.endpoint} with keys
 * in {@code FLOE_IT_S3_ACCESS_KEY_ID}/{@code FLOE_IT_S3_SECRET_ACCESS_KEY} (e.g. Garage).
 */
public final class S3TestServer implements AutoCloseable {
  /** The buckets the tests use: the catalogs' one, and another that no catalog may reach. */
  public static final String BUCKET = "floe-it";
  public static final String OTHER_BUCKET = "floe-it-other";
  /** Environment variable prefix of the keys, as the catalogs refer to it ({@code env:FLOE_IT_S3}). */
  public static final String CREDENTIALS_PREFIX = "FLOE_IT_S3";

  private final LocalProcess process;
  private final URI endpoint;
  private final String region;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Duration readyAfter;
  private final S3Client client;

  private S3TestServer(
      LocalProcess process, URI endpoint, String region, String accessKeyId, String secretAccessKey, Duration readyAfter) {
    this.process = process;
    this.endpoint = endpoint;
    this.region = region;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.readyAfter = readyAfter;
    this.client = client(endpoint, region, AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  /**
   * An S3 client of the S3-compatible server at {@code endpoint}: path-style addressing, checksums
   * only where S3 requires them (S3Proxy refuses the ones the SDK otherwise adds).
   */
  static S3Client client(URI endpoint, String region, AwsCredentials credentials) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .build();
  }

  /** Starts S3Proxy under {@code workDir} (or uses an external endpoint) and creates the buckets. */
  public static S3TestServer start(Path workDir) {
    String external = System.getProperty("floe.it.s3.endpoint");
    S3TestServer server = external != null && !external.isBlank() ? external(external) : startS3Proxy(workDir);
    for (String bucket : List.of(BUCKET, OTHER_BUCKET)) {
      if (server.client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
        server.client.createBucket(request -> request.bucket(bucket));
      }
    }
    return server;
  }

  private static S3TestServer external(String endpoint) {
    String accessKeyId = System.getenv(CREDENTIALS_PREFIX + "_ACCESS_KEY_ID");
    String secretAccessKey = System.getenv(CREDENTIALS_PREFIX + "_SECRET_ACCESS_KEY");
    if (accessKeyId == null || secretAccessKey == null) {
      throw new IllegalStateException(
          "floe.it.s3.endpoint is set: give the keys in " + CREDENTIALS_PREFIX + "_ACCESS_KEY_ID and _SECRET_ACCESS_KEY");
    }
    return new S3TestServer(
        null,
        URI.create(endpoint),
        System.getProperty("floe.it.s3.region", "garage"),
        accessKeyId,
        secretAccessKey,
        Duration.ZERO);
  }

  private static S3TestServer startS3Proxy(Path workDir) {
    String jar = System.getProperty("floe.it.s3proxy-jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("floe.it.s3proxy-jar does not name the S3Proxy jar (run through 'mvnw verify'): " + jar);
    }
    int port = ServerProcess.freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    String accessKeyId = "floe-it-" + Long.toHexString(System.nanoTime());
    String secretAccessKey = "secret-" + java.util.UUID.randomUUID();
    Path home = workDir.resolve("s3proxy");
    Path data = home.resolve("data");
    Path properties = home.resolve("s3proxy.properties");
    Path log = home.resolve("s3proxy.log");
    try {
      Files.createDirectories(data);
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKeyId,
              "s3proxy.credential=" + secretAccessKey,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
              "jclouds.identity=" + accessKeyId,
              "jclouds.credential=" + secretAccessKey,
              ""),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(LocalProcess.javaExecutable());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar);
    command.add("--properties");
    command.add(properties.toAbsolutePath().toString());
    LocalProcess process = LocalProcess.start("S3Proxy", new ProcessBuilder(command), log, LocalProcess.Descendants.LEFT_ALONE);
    Duration ready =
        process.awaitReady(
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            "127.0.0.1:" + port,
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return Optional.empty();
              }
            });
    return new S3TestServer(process, endpoint, "us-east-1", accessKeyId, secretAccessKey, ready);
  }

  public URI endpoint() {
    return endpoint;
  }

  public String region() {
    return region;
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

  /** A client with the keys, for the harness and for checking what is in the buckets. */
  public S3Client client() {
    return client;
  }

  /**
   * Every object key in {@code bucket} under {@code prefix}; directory markers (keys ending in
   * {@code /}, which S3Proxy's file-system backend lists for its directories) left out.
   */
  public List<String> keys(String bucket, String prefix) {
    return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/"))
        .toList();
  }

  @Override
  public void close() {
    client.close();
    if (process != null) {
      process.stop(Duration.ofSeconds(20));
    }
  }
}
