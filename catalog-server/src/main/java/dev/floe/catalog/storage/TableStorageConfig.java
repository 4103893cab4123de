package dev.floe.catalog.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.ResourcePaths;

/**
 * The {@code config} of a loadTable (or createTable, register) response for the access a client
 * asked for: for remote signing, what Iceberg's {@code S3FileIO} and {@code S3V4RestSignerClient}
 * need to reach the table through Floe's sign endpoint, and never a key.
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

  private TableStorageConfig() {}

  /**
   * The config for a response about table {@code identifier} of catalog {@code catalogName}.
   * Without a delegation header, or for a catalog on the server's file system, it is empty.
   * Asking only for vended credentials is a {@link BadRequestException} naming the setting that
   * would be needed.
   *
   * @param signerUri the base URI clients send sign requests to; empty: their own catalog URI
   */
  public static Map<String, String> of(
      String catalogName,
      CatalogStorage storage,
      TableIdentifier identifier,
      Set<AccessDelegation> requested,
      Optional<String> signerUri) {
    if (requested.isEmpty() || storage.s3().isEmpty()) {
      // a file: catalog has nothing to delegate: clients read its files where they are
      return Map.of();
    }
    if (!requested.contains(AccessDelegation.REMOTE_SIGNING)) {
      throw new BadRequestException(
          "Catalog %s cannot vend credentials: it has no STS configured (catalog property %s, not"
              + " supported by this version of Floe); send %s: %s instead",
          catalogName,
          S3Settings.STS_ROLE_ARN,
          AccessDelegation.HEADER,
          AccessDelegation.REMOTE_SIGNING.value());
    }
    S3Settings settings = storage.s3().get();
    String signEndpoint = signEndpoint(catalogName, identifier);
    Map<String, String> config = new LinkedHashMap<>();
    config.put(REMOTE_SIGNING_ENABLED, "true");
    config.put(CLIENT_REGION, settings.region());
    config.put(PATH_STYLE_ACCESS, String.valueOf(settings.pathStyleAccess()));
    settings.endpoint().ifPresent(endpoint -> config.put(ENDPOINT, endpoint.toString()));
    if (settings.checksumMode() == S3Settings.ChecksumMode.WHEN_REQUIRED) {
      config.put(LEGACY_MD5_PLUGIN, "true");
    }
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
}
