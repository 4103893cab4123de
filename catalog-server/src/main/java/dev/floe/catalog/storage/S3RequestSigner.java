package dev.floe.catalog.storage;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.responses.ImmutableRemoteSignResponse;
import org.apache.iceberg.rest.responses.RemoteSignResponse;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.signer.AwsS3V4Signer;
import software.amazon.awssdk.auth.signer.params.AwsS3V4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * SigV4 for S3 requests of remote-signing clients, with the catalog's own keys and region. The
 * payload is not signed ({@code UNSIGNED-PAYLOAD}, as Iceberg's signer client expects), except
 * for a batch delete, whose checked body is signed so that no other list of keys can go with the
 * signature.
 */
public final class S3RequestSigner {
  /**
   * Headers left out of the signature and handed back as they came: they differ between requests
   * that share one cached signature (ranges of reads, the SDK's retry bookkeeping).
   */
  private static final Set<String> UNSIGNED_HEADERS =
      Set.of("range", "amz-sdk-invocation-id", "amz-sdk-retry", "amz-sdk-request", "user-agent");
  /** Headers the signer sets itself; a client's values are dropped. */
  private static final Set<String> SIGNER_HEADERS =
      Set.of("authorization", "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");

  private S3RequestSigner() {}

  public static RemoteSignResponse sign(
      RemoteSignRequest request,
      S3RequestAuthorization.Decision decision,
      S3Settings settings,
      AwsCredentials credentials) {
    Map<String, List<String>> signed = new LinkedHashMap<>();
    Map<String, List<String>> unsigned = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (UNSIGNED_HEADERS.contains(lower)) {
                unsigned.put(name, values);
              } else if (!SIGNER_HEADERS.contains(lower)) {
                signed.put(name, values);
              }
            });
    AwsS3V4SignerParams parameters =
        AwsS3V4SignerParams.builder()
            .awsCredentials(credentials)
            .signingName("s3")
            .signingRegion(Region.of(settings.region()))
            .doubleUrlEncode(false)
            .enablePayloadSigning(decision.payload().isPresent())
            .enableChunkedEncoding(false)
            .build();
    SdkHttpFullRequest.Builder toSign =
        SdkHttpFullRequest.builder()
            .uri(request.uri())
            .method(SdkHttpMethod.fromValue(request.method().toUpperCase(Locale.ROOT)))
            .headers(signed);
    decision.payload().ifPresent(body -> toSign.contentStreamProvider(() -> new ByteArrayInputStream(body)));
    SdkHttpFullRequest result = AwsS3V4Signer.create().sign(toSign.build(), parameters);
    Map<String, List<String>> headers = new LinkedHashMap<>(result.headers());
    headers.putAll(unsigned);
    return ImmutableRemoteSignResponse.builder().uri(request.uri()).headers(headers).build();
  }
}
