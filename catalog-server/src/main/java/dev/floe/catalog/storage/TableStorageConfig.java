package dev.floe.catalog.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.ResourcePaths;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.credentials.ImmutableCredential;
import org.apache.iceberg.rest.responses.ImmutableLoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * What a loadTable (or createTable, register) response carries for the access a client asked
 * for in {@code X-Iceberg-Access-Delegation}: for remote signing, what Iceberg's {@code S3FileIO}
 * and {@code S3V4RestSignerClient} need to reach the table through Floe's sign endpoint, and never
 * a key; for vended credentials, short-lived keys limited to the table's locations (STS) in the
 * response's {@code storage-credentials} and, for clients that only read {@code config}, there too.
 * Decided before the request does anything ({@link #of}), applied to the response once the
 * table's metadata (its locations) is known ({@link #apply}).
 */
public final class TableStorageConfig {
  // Iceberg 1.11 property names (S3FileIOProperties, AwsClientProperties, RESTCatalogProperties);
  // the s3.signer.* spellings are the ones Iceberg before 1.11 and PyIceberg read
  static final String REMOTE_SIGNING_ENABLED = "s3.remote-signing-enabled";
  static final String ENDPOINT = "s3.endpoint";
  static final String PATH_STYLE_ACCESS = "s3.path-style-access";
  static final String CLIENT_REGION = "client.region";
  static final String LEGACY_MD5_PLUGIN = "client.legacy-md5-plugin-enabled";
  static final String SIGNER_URI = "signer.uri";
  static final String SIGNER_ENDPOINT = "signer.endpoint";
  static final String LEGACY_SIGNER_URI = "s3.signer.uri";
  static final String LEGACY_SIGNER_ENDPOINT = "s3.signer.endpoint";
  static final String ACCESS_KEY_ID = "s3.access-key-id";
  static final String SECRET_ACCESS_KEY = "s3.secret-access-key";
  static final String SESSION_TOKEN = "s3.session-token";
  static final String SESSION_TOKEN_EXPIRES_AT_MS = "s3.session-token-expires-at-ms";
  static final String REFRESH_CREDENTIALS_ENABLED = "client.refresh-credentials-enabled";
  static final String REFRESH_CREDENTIALS_ENDPOINT = "client.refresh-credentials-endpoint";

  private enum Mode {
    NONE,
    REMOTE_SIGNING,
    VENDED_CREDENTIALS
  }

  private final Mode mode;
  private final String catalogName;
  private final CatalogStorage storage;
  private final TableIdentifier identifier;
  private final Optional<String> signerUri;
  private final boolean write;

  private TableStorageConfig(
      Mode mode,
      String catalogName,
      CatalogStorage storage,
      TableIdentifier identifier,
      Optional<String> signerUri,
      boolean write) {
    this.mode = mode;
    this.catalogName = catalogName;
    this.storage = storage;
    this.identifier = identifier;
    this.signerUri = signerUri;
    this.write = write;
  }

  /**
   * The delegation for a response about table {@code identifier} of catalog {@code catalogName}.
   * Without a delegation header, or for a catalog on the server's file system, it adds nothing.
   * Vended credentials are chosen when asked for and the catalog vends ({@code s3.sts-enabled});
   * remote signing when asked for otherwise; asking only for vended credentials of a catalog that
   * does not vend is a {@link BadRequestException} naming the setting.
   *
   * @param signerUri the base URI clients send sign requests to; empty: their own catalog URI
   * @param write whether vended credentials may write (the caller may write the table's data)
   */
  public static TableStorageConfig of(
      String catalogName,
      CatalogStorage storage,
      TableIdentifier identifier,
      Set<AccessDelegation> requested,
      Optional<String> signerUri,
      boolean write) {
    Mode mode;
    if (requested.isEmpty() || storage.s3().isEmpty()) {
      // a file: catalog has nothing to delegate: clients read its files where they are
      mode = Mode.NONE;
    } else if (requested.contains(AccessDelegation.VENDED_CREDENTIALS) && storage.vendor().isPresent()) {
      mode = Mode.VENDED_CREDENTIALS;
    } else if (requested.contains(AccessDelegation.REMOTE_SIGNING)) {
      mode = Mode.REMOTE_SIGNING;
    } else {
      throw new BadRequestException(
          "Catalog %s does not vend credentials (catalog property %s=true, for a store with STS such as"
              + " AWS or MinIO); send %s: %s instead",
          catalogName,
          S3Settings.STS_ENABLED,
          AccessDelegation.HEADER,
          AccessDelegation.REMOTE_SIGNING.value());
    }
    return new TableStorageConfig(mode, catalogName, storage, identifier, signerUri, write);
  }

  /** Whether responses carry fresh keys: not to be cached, stored or tagged. */
  public boolean vendsCredentials() {
    return mode == Mode.VENDED_CREDENTIALS;
  }

  /**
   * What distinguishes responses with this delegation from others of the same metadata (for
   * caches and ETags of remote-signing and plain responses); empty when it adds nothing.
   */
  public String variant() {
    return mode == Mode.REMOTE_SIGNING ? signingConfig().toString() : "";
  }

  /** {@code response} with this delegation's config and credentials for its table. */
  public LoadTableResponse apply(LoadTableResponse response) {
    Map<String, String> config;
    List<Credential> credentials = new ArrayList<>(response.credentials());
    switch (mode) {
      case NONE -> {
        return response;
      }
      case REMOTE_SIGNING -> config = signingConfig();
      case VENDED_CREDENTIALS -> {
        Credential credential = vend(response.tableMetadata());
        credentials.add(credential);
        config = new LinkedHashMap<>(clientConfig());
        config.putAll(credential.config());
        config.put(REFRESH_CREDENTIALS_ENABLED, "true");
        config.put(REFRESH_CREDENTIALS_ENDPOINT, credentialsEndpoint(catalogName, identifier));
      }
      default -> throw new IllegalStateException(mode.name());
    }
    return LoadTableResponse.builder()
        .withTableMetadata(response.tableMetadata())
        .addAllConfig(response.config())
        .addAllConfig(config)
        .addAllCredentials(credentials)
        .build();
  }

  /**
   * The answer of the loadCredentials endpoint ({@code Endpoint.V1_TABLE_CREDENTIALS}) for the
   * table with {@code metadata}: one credential for its locations. {@link BadRequestException} when
   * the catalog does not vend.
   */
  public static LoadCredentialsResponse credentials(
      String catalogName, CatalogStorage storage, TableIdentifier identifier, TableMetadata metadata, boolean write) {
    if (storage.vendor().isEmpty()) {
      throw new BadRequestException(
          "Catalog %s does not vend credentials (catalog property %s=true, for a store with STS such as AWS or MinIO)",
          catalogName, S3Settings.STS_ENABLED);
    }
    TableStorageConfig config =
        new TableStorageConfig(Mode.VENDED_CREDENTIALS, catalogName, storage, identifier, Optional.empty(), write);
    return ImmutableLoadCredentialsResponse.builder().addCredentials(config.vend(metadata)).build();
  }

  private Credential vend(TableMetadata metadata) {
    List<String> roots = TableLocations.of(metadata);
    CredentialVendor.VendedCredentials keys = storage.vendor().orElseThrow().vend(roots, write);
    Map<String, String> config = new LinkedHashMap<>();
    config.put(ACCESS_KEY_ID, keys.accessKeyId());
    config.put(SECRET_ACCESS_KEY, keys.secretAccessKey());
    config.put(SESSION_TOKEN, keys.sessionToken());
    config.put(SESSION_TOKEN_EXPIRES_AT_MS, String.valueOf(keys.expiration().toEpochMilli()));
    // the table's own location: clients pick the credential whose prefix a path starts with
    return ImmutableCredential.builder().prefix(roots.get(0)).config(config).build();
  }

  /** Where the client reaches the store, without any key. */
  private Map<String, String> clientConfig() {
    S3Settings settings = storage.s3().orElseThrow();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(CLIENT_REGION, settings.region());
    config.put(PATH_STYLE_ACCESS, String.valueOf(settings.pathStyleAccess()));
    settings.endpoint().ifPresent(endpoint -> config.put(ENDPOINT, endpoint.toString()));
    if (settings.checksumMode() == S3Settings.ChecksumMode.WHEN_REQUIRED) {
      config.put(LEGACY_MD5_PLUGIN, "true");
    }
    return config;
  }

  private Map<String, String> signingConfig() {
    String signEndpoint = signEndpoint(catalogName, identifier);
    Map<String, String> config = new LinkedHashMap<>();
    config.put(REMOTE_SIGNING_ENABLED, "true");
    config.putAll(clientConfig());
    config.put(SIGNER_ENDPOINT, signEndpoint);
    config.put(LEGACY_SIGNER_ENDPOINT, signEndpoint);
    signerUri.ifPresent(
        uri -> {
          config.put(SIGNER_URI, uri);
          config.put(LEGACY_SIGNER_URI, uri);
        });
    return config;
  }

  /**
   * {@code v1/<catalog>/namespaces/<namespace>/tables/<table>/sign}, relative to the catalog URI
   * ({@code Endpoint.V1_TABLE_REMOTE_SIGN}), encoded as Iceberg's client encodes table paths.
   */
  public static String signEndpoint(String catalogName, TableIdentifier identifier) {
    return new ResourcePaths(catalogName).remoteSign(identifier);
  }

  /** {@code v1/<catalog>/namespaces/<namespace>/tables/<table>/credentials} ({@code Endpoint.V1_TABLE_CREDENTIALS}). */
  public static String credentialsEndpoint(String catalogName, TableIdentifier identifier) {
    return new ResourcePaths(catalogName).table(identifier) + "/credentials";
  }
}
