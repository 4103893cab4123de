package dev.floe.catalog.storage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The S3 settings of a catalog whose storage root is {@code s3://bucket/prefix}, read from its
 * catalog properties. Secrets are never among them: {@code s3.credentials} only names where the
 * server process finds the keys ({@code env:NAME}, see {@link CredentialsReference}).
 *
 * @param endpoint the S3 endpoint ({@code s3.endpoint}); empty for AWS's regional endpoint
 * @param region the signing region ({@code s3.region}), e.g. {@code us-east-1} or {@code garage}
 * @param pathStyleAccess whether buckets are addressed as {@code endpoint/bucket/key} rather than
 *     {@code bucket.endpoint/key} ({@code s3.path-style-access})
 * @param checksumMode when the AWS SDK adds request checksums ({@code s3.checksum-mode})
 * @param credentials where the access key and secret come from ({@code s3.credentials})
 * @param sts how to vend short-lived credentials to clients; empty when the catalog does not vend
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    boolean pathStyleAccess,
    ChecksumMode checksumMode,
    CredentialsReference credentials,
    Optional<StsSettings> sts) {
  public static final String ENDPOINT = "s3.endpoint";
  public static final String REGION = "s3.region";
  public static final String PATH_STYLE_ACCESS = "s3.path-style-access";
  public static final String CHECKSUM_MODE = "s3.checksum-mode";
  public static final String CREDENTIALS = "s3.credentials";
  /** Whether the catalog vends STS credentials to clients that ask for them; default false. */
  public static final String STS_ENABLED = "s3.sts-enabled";
  /** The STS endpoint; default: {@code s3.endpoint} (MinIO serves STS there), else AWS's regional one. */
  public static final String STS_ENDPOINT = "s3.sts-endpoint";
  /** The IAM role to assume (required on AWS, that is without {@code s3.endpoint}; MinIO ignores it). */
  public static final String STS_ROLE_ARN = "s3.sts-role-arn";
  /** Lifetime of vended credentials in seconds, 900 to 43200; default 3600. */
  public static final String STS_DURATION_SECONDS = "s3.sts-duration-seconds";

  private static final Set<String> KNOWN =
      Set.of(
          ENDPOINT, REGION, PATH_STYLE_ACCESS, CHECKSUM_MODE, CREDENTIALS,
          STS_ENABLED, STS_ENDPOINT, STS_ROLE_ARN, STS_DURATION_SECONDS);
  private static final Set<String> STS_SETTINGS = Set.of(STS_ENDPOINT, STS_ROLE_ARN, STS_DURATION_SECONDS);
  private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z0-9-]{1,32}:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
  /** Iceberg's own property names for static keys: refused, secrets are never stored. */
  private static final Set<String> SECRET_PROPERTIES =
      Set.of("s3.access-key-id", "s3.secret-access-key", "s3.session-token");
  private static final Pattern REGION_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(checksumMode, "checksumMode is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(sts, "sts is null");
  }

  /** Settings of a catalog that does not vend credentials. */
  public S3Settings(
      Optional<URI> endpoint,
      String region,
      boolean pathStyleAccess,
      ChecksumMode checksumMode,
      CredentialsReference credentials) {
    this(endpoint, region, pathStyleAccess, checksumMode, credentials, Optional.empty());
  }

  /**
   * How the catalog vends credentials: AssumeRole at {@code endpoint} (with the catalog's keys),
   * of {@code roleArn} when given, for {@code durationSeconds}.
   */
  public record StsSettings(URI endpoint, Optional<String> roleArn, int durationSeconds) {
    public StsSettings {
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(roleArn, "roleArn is null");
    }
  }
  /** When the AWS SDK calculates request checksums and validates response checksums. */
  public enum ChecksumMode {
    /**
     * Only for operations that require one (then as Content-MD5): what S3-compatible stores such
     * as Garage and S3Proxy accept. The default.
     */
    WHEN_REQUIRED,
    /** The AWS SDK's own default: CRC checksums on every upload (AWS S3 itself). */
    WHEN_SUPPORTED
  }

  /** Whether {@code storageRoot} is an S3 location ({@code s3://}, {@code s3a://}, {@code s3n://}). */
  public static boolean isS3(String storageRoot) {
    String lower = storageRoot == null ? "" : storageRoot.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3://") || lower.startsWith("s3a://") || lower.startsWith("s3n://");
  }

  /**
   * The S3 settings of a catalog, validated; empty for a catalog on the local file system. Every
   * problem is a {@link BadRequestException} naming the property at fault.
   */
  public static Optional<S3Settings> of(String storageRoot, Map<String, String> properties) {
    for (String key : properties.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (SECRET_PROPERTIES.contains(lower)) {
        throw new BadRequestException(
            "Invalid catalog property %s: secrets are never stored in the catalog; set %s=env:NAME"
                + " and give the server process NAME_ACCESS_KEY_ID and NAME_SECRET_ACCESS_KEY",
            key, CREDENTIALS);
      }
    }
    if (!isS3(storageRoot)) {
      for (String key : properties.keySet()) {
        if (key.toLowerCase(Locale.ROOT).startsWith("s3.")) {
          throw new BadRequestException(
              "Invalid catalog property %s: S3 settings only apply to a catalog whose storage root is s3://bucket/prefix (this one is %s)",
              key, storageRoot);
        }
      }
      return Optional.empty();
    }
    if (!storageRoot.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      throw new BadRequestException(
          "Invalid storage root %s: write S3 locations as s3://bucket/prefix", storageRoot);
    }
    bucketOf(storageRoot, "storage root");
    for (String key : properties.keySet()) {
      if (key.startsWith("s3.") && !KNOWN.contains(key)) {
        throw new BadRequestException(
            "Invalid catalog property %s: unknown S3 setting (known: %s)", key, KNOWN.stream().sorted().toList());
      }
    }
    Optional<URI> endpoint = endpoint(ENDPOINT, properties.get(ENDPOINT));
    String region = region(properties.get(REGION));
    return Optional.of(
        new S3Settings(
            endpoint,
            region,
            booleanProperty(PATH_STYLE_ACCESS, properties.get(PATH_STYLE_ACCESS)),
            checksumMode(properties.get(CHECKSUM_MODE)),
            CredentialsReference.parse(CREDENTIALS, properties.get(CREDENTIALS)),
            sts(properties, endpoint, region)));
  }

  private static Optional<StsSettings> sts(Map<String, String> properties, Optional<URI> s3Endpoint, String region) {
    if (!booleanProperty(STS_ENABLED, properties.get(STS_ENABLED))) {
      for (String key : STS_SETTINGS) {
        if (properties.containsKey(key)) {
          throw new BadRequestException(
              "Invalid catalog property %s: only applies with %s=true", key, STS_ENABLED);
        }
      }
      return Optional.empty();
    }
    URI endpoint =
        endpoint(STS_ENDPOINT, properties.get(STS_ENDPOINT))
            .or(() -> s3Endpoint)
            .orElseGet(() -> URI.create("https://sts." + region + ".amazonaws.com"));
    String roleArn = properties.get(STS_ROLE_ARN);
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      throw new BadRequestException(
          "Invalid catalog property %s: %s is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
          STS_ROLE_ARN, roleArn);
    }
    if (roleArn == null && s3Endpoint.isEmpty()) {
      throw new BadRequestException(
          "Missing catalog property %s: vending credentials on AWS (%s=true without %s) needs the IAM role to assume",
          STS_ROLE_ARN, STS_ENABLED, ENDPOINT);
    }
    int duration = 3600;
    String durationValue = properties.get(STS_DURATION_SECONDS);
    if (durationValue != null) {
      try {
        duration = Integer.parseInt(durationValue.trim());
      } catch (NumberFormatException e) {
        duration = -1;
      }
      if (duration < 900 || duration > 43200) {
        throw new BadRequestException(
            "Invalid catalog property %s: %s (expected seconds from 900 to 43200)", STS_DURATION_SECONDS, durationValue);
      }
    }
    return Optional.of(new StsSettings(endpoint, Optional.ofNullable(roleArn), duration));
  }

  /**
   * The bucket of an {@code s3://bucket/...} location, checked against S3's bucket naming rules;
   * {@link BadRequestException} naming {@code what} otherwise.
   */
  public static String bucketOf(String location, String what) {
    String normalized = LocationPolicy.normalize(location, what);
    int start = normalized.indexOf("://") + 3;
    int slash = normalized.indexOf('/', start);
    String bucket = slash < 0 ? normalized.substring(start) : normalized.substring(start, slash);
    if (!BUCKET_PATTERN.matcher(bucket).matches() || bucket.contains("..")) {
      throw new BadRequestException(
          "Invalid %s %s: %s is not a valid S3 bucket name (3 to 63 lower-case letters, digits, '.' or '-')",
          what, location, bucket);
    }
    return bucket;
  }

  private static Optional<URI> endpoint(String property, String value) {
    if (value == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new BadRequestException("Invalid catalog property %s: %s is not a URI", property, value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadRequestException(
          "Invalid catalog property %s: %s must be an http:// or https:// URI", property, value);
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
      throw new BadRequestException(
          "Invalid catalog property %s: %s must be scheme://host[:port] without user, path, query or fragment",
          property, value);
    }
    try {
      return Optional.of(new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null));
    } catch (URISyntaxException e) {
      throw new BadRequestException("Invalid catalog property %s: %s", property, e.getMessage());
    }
  }

  private static String region(String value) {
    if (value == null || value.isBlank()) {
      throw new BadRequestException(
          "Missing catalog property %s: an S3 catalog needs its region (e.g. us-east-1, or garage for Garage)",
          REGION);
    }
    if (!REGION_PATTERN.matcher(value).matches()) {
      throw new BadRequestException(
          "Invalid catalog property %s: %s (letters, digits, '-' and '_' only)", REGION, value);
    }
    return value;
  }

  private static boolean booleanProperty(String key, String value) {
    if (value == null) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    } else if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new BadRequestException("Invalid catalog property %s: %s (expected true or false)", key, value);
  }

  private static ChecksumMode checksumMode(String value) {
    if (value == null) {
      return ChecksumMode.WHEN_REQUIRED;
    }
    try {
      return ChecksumMode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid catalog property %s: %s (expected WHEN_REQUIRED or WHEN_SUPPORTED)", CHECKSUM_MODE, value);
    }
  }

  /** The endpoint clients and the server talk to: the configured one or AWS's regional one. */
  public URI effectiveEndpoint() {
    return endpoint.orElseGet(() -> URI.create("https://s3." + region + ".amazonaws.com"));
  }
}
