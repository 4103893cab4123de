package dev.floe.catalog.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class TestS3Settings {
  private static final String ROOT = "s3://bucket/warehouse";

  @Test
  void readsTheSettingsOfAnS3Catalog() {
    S3Settings settings = S3Settings.of(ROOT, garage()).orElseThrow();
    assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:3900"));
    assertThat(settings.region()).isEqualTo("garage");
    assertThat(settings.pathStyleAccess()).isTrue();
    assertThat(settings.checksumMode()).isEqualTo(S3Settings.ChecksumMode.WHEN_REQUIRED);
    assertThat(settings.credentials().toString()).isEqualTo("env:GARAGE");

    Map<String, String> aws = new HashMap<>(Map.of("s3.region", "eu-west-1", "s3.credentials", "env:AWS_KEYS", "s3.checksum-mode", "when_supported"));
    S3Settings awsSettings = S3Settings.of(ROOT, aws).orElseThrow();
    assertThat(awsSettings.effectiveEndpoint()).isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
    assertThat(awsSettings.pathStyleAccess()).isFalse();
    assertThat(awsSettings.checksumMode()).isEqualTo(S3Settings.ChecksumMode.WHEN_SUPPORTED);

    assertThat(S3Settings.of("file:///data/warehouse", Map.of("table-default.x", "y"))).isEmpty();
  }

  @Test
  void namesThePropertyAtFault() {
    assertRefused(with("s3.region", null), "s3.region");
    assertRefused(with("s3.region", "us east"), "s3.region");
    assertRefused(with("s3.credentials", null), "s3.credentials");
    assertRefused(with("s3.credentials", "AKIAEXAMPLE:supersecret"), "s3.credentials");
    assertRefused(with("s3.credentials", "env:lower"), "s3.credentials");
    assertRefused(with("s3.checksum-mode", "sometimes"), "s3.checksum-mode");
    assertRefused(with("s3.path-style-access", "yes"), "s3.path-style-access");
    assertRefused(with("s3.endpoint", "ftp://host"), "s3.endpoint");
    assertRefused(with("s3.endpoint", "http://host:3900/path"), "s3.endpoint");
    assertRefused(with("s3.endpoint", "http://user:pw@host:3900"), "s3.endpoint");
    assertRefused(with("s3.secret-access-key", "supersecret"), "s3.secret-access-key");
    assertRefused(with("s3.access-key-id", "AKIA"), "s3.access-key-id");
    assertRefused(with("s3.sts-role-arn", "arn:aws:iam::123456789012:role/x"), "s3.sts-enabled");
    assertRefused(with("s3.sts-enabled", "maybe"), "s3.sts-enabled");
    assertRefused(with("s3.endpiont", "http://typo"), "s3.endpiont");
    assertThatThrownBy(() -> S3Settings.of("file:///data", Map.of("s3.region", "x")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("s3.region");
    assertThatThrownBy(() -> S3Settings.of("s3://Bad_Bucket/x", garage()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3Settings.of("s3a://bucket/x", garage()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("s3://");
  }

  @Test
  void readsTheStsSettings() {
    assertThat(S3Settings.of(ROOT, garage()).orElseThrow().sts()).isEmpty();
    Map<String, String> minio = with("s3.sts-enabled", "true");
    S3Settings.StsSettings sts = S3Settings.of(ROOT, minio).orElseThrow().sts().orElseThrow();
    assertThat(sts.endpoint()).isEqualTo(URI.create("http://127.0.0.1:3900"));
    assertThat(sts.roleArn()).isEmpty();
    assertThat(sts.durationSeconds()).isEqualTo(3600);

    Map<String, String> aws =
        new HashMap<>(
            Map.of("s3.region", "eu-west-1", "s3.credentials", "env:AWS_KEYS", "s3.sts-enabled", "true",
                "s3.sts-role-arn", "arn:aws:iam::123456789012:role/floe-vending", "s3.sts-duration-seconds", "900"));
    S3Settings.StsSettings awsSts = S3Settings.of(ROOT, aws).orElseThrow().sts().orElseThrow();
    assertThat(awsSts.endpoint()).isEqualTo(URI.create("https://sts.eu-west-1.amazonaws.com"));
    assertThat(awsSts.roleArn()).contains("arn:aws:iam::123456789012:role/floe-vending");
    assertThat(awsSts.durationSeconds()).isEqualTo(900);

    aws.remove("s3.sts-role-arn");
    assertRefused(aws, "s3.sts-role-arn");
    minio.put("s3.sts-duration-seconds", "60");
    assertRefused(minio, "s3.sts-duration-seconds");
    minio.put("s3.sts-duration-seconds", "3600");
    minio.put("s3.sts-role-arn", "arn:aws:iam::1:role/*");
    assertRefused(minio, "s3.sts-role-arn");
    minio.remove("s3.sts-role-arn");
    minio.put("s3.sts-endpoint", "ftp://x");
    assertRefused(minio, "s3.sts-endpoint");
  }

  @Test
  void neverEchoesWhatLooksLikeASecret() {
    assertThatThrownBy(() -> S3Settings.of(ROOT, with("s3.credentials", "AKIAEXAMPLE:supersecret")))
        .hasMessageNotContaining("supersecret");
    assertThatThrownBy(() -> S3Settings.of(ROOT, with("s3.secret-access-key", "supersecret")))
        .hasMessageNotContaining("supersecret");
  }

  @Test
  void resolvesKeysFromTheEnvironmentAndNamesMissingVariablesOnly() {
    CredentialsReference reference = CredentialsReference.parse("s3.credentials", "env:GARAGE");
    AwsCredentials keys =
        reference.resolve(Map.of("GARAGE_ACCESS_KEY_ID", "GK1", "GARAGE_SECRET_ACCESS_KEY", "s3cr3t")::get);
    assertThat(keys.accessKeyId()).isEqualTo("GK1");
    assertThat(keys.secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(keys.toString()).doesNotContain("s3cr3t");
    assertThatThrownBy(() -> reference.resolve(Map.of("GARAGE_ACCESS_KEY_ID", "GK1")::get))
        .isInstanceOf(CredentialsReference.MissingCredentialsException.class)
        .hasMessageContaining("GARAGE_ACCESS_KEY_ID")
        .hasMessageContaining("GARAGE_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("GK1");
  }

  private static Map<String, String> garage() {
    Map<String, String> properties = new HashMap<>();
    properties.put("s3.endpoint", "http://127.0.0.1:3900");
    properties.put("s3.region", "garage");
    properties.put("s3.path-style-access", "true");
    properties.put("s3.credentials", "env:GARAGE");
    return properties;
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> properties = garage();
    if (value == null) {
      properties.remove(key);
    } else {
      properties.put(key, value);
    }
    return properties;
  }

  private static void assertRefused(Map<String, String> properties, String property) {
    assertThatThrownBy(() -> S3Settings.of(ROOT, properties))
        .as("%s", properties)
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(property);
  }
}
