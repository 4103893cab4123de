package dev.floe.catalog.storage;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Short-lived S3 credentials for one table: STS AssumeRole with the catalog's keys and an inline
 * {@link SessionPolicy} that allows only the table's locations (and only reads unless the caller
 * may write). Credentials are reused for the same policy until half their lifetime is over, so
 * that loading a table does not call STS every time.
 */
public final class CredentialVendor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CredentialVendor.class);

  /** Vended keys and when they expire. */
  public record VendedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    public VendedCredentials {
      requireNonNull(accessKeyId, "accessKeyId is null");
      requireNonNull(secretAccessKey, "secretAccessKey is null");
      requireNonNull(sessionToken, "sessionToken is null");
      requireNonNull(expiration, "expiration is null");
    }

    @Override
    public String toString() {
      return "VendedCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
    }
  }

  private final String catalogName;
  private final S3Settings.StsSettings settings;
  private final StsClient client;
  private final Cache<String, VendedCredentials> cache;

  CredentialVendor(String catalogName, S3Settings s3, S3Settings.StsSettings settings, AwsCredentialsProvider keys) {
    this.catalogName = requireNonNull(catalogName, "catalogName is null");
    this.settings = requireNonNull(settings, "settings is null");
    StsClientBuilder builder =
        StsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(s3.region()))
            .credentialsProvider(keys)
            .endpointOverride(settings.endpoint());
    this.client = builder.build();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(settings.durationSeconds() / 2))
            .build();
  }

  /** Credentials for the table whose locations are {@code roots}; read-only unless {@code write}. */
  public VendedCredentials vend(List<String> roots, boolean write) {
    String policy = SessionPolicy.forLocations(roots, write);
    return cache.get(policy, ignored -> assumeRole(policy));
  }

  private VendedCredentials assumeRole(String policy) {
    AssumeRoleRequest.Builder request =
        AssumeRoleRequest.builder()
            .roleSessionName("floe-" + UUID.randomUUID().toString().substring(0, 8))
            .durationSeconds(settings.durationSeconds())
            .policy(policy);
    settings.roleArn().ifPresent(request::roleArn);
    Credentials credentials;
    try {
      credentials = client.assumeRole(request.build()).credentials();
    } catch (SdkException e) {
      LOG.errorf("Catalog %s: STS AssumeRole at %s failed: %s", catalogName, settings.endpoint(), e.getMessage());
      throw new ServiceUnavailableException(
          "Catalog %s cannot vend credentials: STS at %s failed (%s)", catalogName, settings.endpoint(), e.getMessage());
    }
    return new VendedCredentials(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken(), credentials.expiration());
  }

  @Override
  public void close() {
    client.close();
  }
}
