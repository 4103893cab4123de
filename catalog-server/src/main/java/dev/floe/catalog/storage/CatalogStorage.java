package dev.floe.catalog.storage;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where a catalog keeps its files and how the server reaches them: {@link LocalFileIO} for a
 * {@code file:} storage root, Iceberg's {@link S3FileIO} with the catalog's own endpoint, region
 * and keys for an {@code s3://} one. One per catalog, built from its properties.
 */
public final class CatalogStorage {
  private final FileIO io;
  private final Optional<S3Settings> s3;
  private final AwsCredentialsProvider credentials;
  private final Optional<CredentialVendor> vendor;

  private CatalogStorage(
      FileIO io, Optional<S3Settings> s3, AwsCredentialsProvider credentials, Optional<CredentialVendor> vendor) {
    this.io = requireNonNull(io, "io is null");
    this.s3 = requireNonNull(s3, "s3 is null");
    this.credentials = credentials;
    this.vendor = requireNonNull(vendor, "vendor is null");
  }

  /** Files on the server's own file system through {@code io}. */
  public static CatalogStorage local(FileIO io) {
    return new CatalogStorage(io, Optional.empty(), null, Optional.empty());
  }

  /** S3 storage through {@code io} with {@code settings} and {@code keys} (tests). */
  public static CatalogStorage s3(String catalogName, FileIO io, S3Settings settings, AwsCredentialsProvider keys) {
    return new CatalogStorage(
        io,
        Optional.of(settings),
        keys,
        settings.sts().map(sts -> new CredentialVendor(catalogName, settings, sts, keys)));
  }

  /**
   * The storage of a catalog with {@code storageRoot} and {@code properties}; S3 keys are read
   * from {@code environment} as {@code s3.credentials} says.
   */
  public static CatalogStorage of(
      String catalogName, String storageRoot, Map<String, String> properties, Function<String, String> environment) {
    Optional<S3Settings> settings = S3Settings.of(storageRoot, properties);
    if (settings.isEmpty()) {
      return local(new LocalFileIO());
    }
    S3Settings s3 = settings.get();
    AwsCredentials keys = s3.credentials().resolve(environment);
    AwsCredentialsProvider provider = StaticCredentialsProvider.create(keys);
    S3Client client = s3Client(s3, provider);
    // both clients given, so that Iceberg's AWS client factory (which needs the KMS, STS, Glue and
    // DynamoDB SDKs on the class path) is never initialized; the asynchronous client is only for
    // the analytics accelerator, which Floe does not enable
    S3FileIO io =
        new S3FileIO(
            () -> client,
            () -> {
              throw new UnsupportedOperationException("Floe's server uses no asynchronous S3 client");
            });
    io.initialize(Map.of("init-creation-stacktrace", "false"));
    return s3(catalogName, io, s3, provider);
  }

  static S3Client s3Client(S3Settings settings, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyleAccess());
    settings.endpoint().ifPresent(builder::endpointOverride);
    switch (settings.checksumMode()) {
      case WHEN_REQUIRED ->
          builder
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
              // operations that need a checksum (DeleteObjects) send Content-MD5, as S3-compatible
              // stores expect, instead of the SDK's newer CRC headers
              .addPlugin(LegacyMd5Plugin.create());
      case WHEN_SUPPORTED ->
          builder
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    }
    return builder.build();
  }

  public FileIO io() {
    return io;
  }

  /** The S3 settings; empty when the catalog stores its files on the server's file system. */
  public Optional<S3Settings> s3() {
    return s3;
  }

  /**
   * Whether purges may delete in batches (S3 DeleteObjects): only with {@code
   * s3.checksum-mode=WHEN_SUPPORTED}, because the AWS SDK always sends checksum headers with a
   * batch delete, which S3-compatible stores such as S3Proxy refuse.
   */
  public boolean bulkDeletes() {
    return s3.map(settings -> settings.checksumMode() == S3Settings.ChecksumMode.WHEN_SUPPORTED).orElse(false);
  }

  /** What vends short-lived credentials to clients; empty unless the catalog has {@code s3.sts-enabled=true}. */
  public Optional<CredentialVendor> vendor() {
    return vendor;
  }

  /** The catalog's S3 keys, for signing requests of remote-signing clients; only for S3 storage. */
  public AwsCredentials s3Credentials() {
    if (credentials == null) {
      throw new IllegalStateException("Not an S3 catalog");
    }
    return credentials.resolveCredentials();
  }
}
