package dev.floe.catalog.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.rest.responses.RemoteSignResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

class TestS3RequestSigner {
  private static final S3Settings SETTINGS =
      new S3Settings(
          Optional.of(URI.create("http://s3.local:9000")),
          "garage",
          true,
          S3Settings.ChecksumMode.WHEN_REQUIRED,
          new CredentialsReference("TEST"));
  private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("GKTEST", "very-secret");

  @Test
  void signsWithTheCatalogsKeysAndRegionWithoutThePayload() {
    RemoteSignResponse response =
        S3RequestSigner.sign(
            TestS3RequestAuthorization.request(
                "GET",
                "http://s3.local:9000/bucket/wh/t/data/f.parquet",
                Map.of(
                    "Range", List.of("bytes=0-99"),
                    "amz-sdk-invocation-id", List.of("abc"),
                    "Authorization", List.of("forged"),
                    "Host", List.of("evil.example")),
                null),
            new S3RequestAuthorization.Decision(StorageAccess.READ, Optional.empty()),
            SETTINGS,
            KEYS);
    assertThat(response.uri()).isEqualTo(URI.create("http://s3.local:9000/bucket/wh/t/data/f.parquet"));
    String authorization = String.join(",", header(response, "Authorization"));
    assertThat(authorization)
        .startsWith("AWS4-HMAC-SHA256 Credential=GKTEST/")
        .contains("/garage/s3/aws4_request")
        .doesNotContain("range")
        .doesNotContain("very-secret");
    assertThat(header(response, "x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
    assertThat(header(response, "Host")).containsExactly("s3.local:9000");
    assertThat(header(response, "Range")).containsExactly("bytes=0-99");
    assertThat(response.headers().toString()).doesNotContain("very-secret").doesNotContain("forged");
  }

  @Test
  void signsTheBodyOfABatchDelete() throws Exception {
    String body = "<Delete><Object><Key>wh/t/data/f.parquet</Key></Object></Delete>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    RemoteSignResponse response =
        S3RequestSigner.sign(
            TestS3RequestAuthorization.request("POST", "http://s3.local:9000/bucket?delete", Map.of(), body),
            new S3RequestAuthorization.Decision(StorageAccess.WRITE, Optional.of(bytes)),
            SETTINGS,
            KEYS);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(header(response, "x-amz-content-sha256")).containsExactly(sha256);
  }

  private static List<String> header(RemoteSignResponse response, String name) {
    return response.headers().entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream())
        .toList();
  }
}
