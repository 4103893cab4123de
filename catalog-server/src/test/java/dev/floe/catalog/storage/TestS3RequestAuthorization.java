package dev.floe.catalog.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.requests.ImmutableRemoteSignRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.junit.jupiter.api.Test;

class TestS3RequestAuthorization {
  private static final String ENDPOINT = "http://s3.local:9000";
  private static final String TABLE = ENDPOINT + "/bucket/wh/ns/t1-abc";
  private static final S3Settings SETTINGS =
      new S3Settings(
          Optional.of(URI.create(ENDPOINT)),
          "us-east-1",
          true,
          S3Settings.ChecksumMode.WHEN_REQUIRED,
          new CredentialsReference("TEST"));
  private final S3RequestAuthorization authorization =
      new S3RequestAuthorization(
          SETTINGS, List.of("s3://bucket/wh/ns/t1-abc", "s3://bucket/elsewhere/t1-data"), "cat.ns.t1");

  @Test
  void allowsTheTablesOwnObjects() {
    assertThat(check("GET", TABLE + "/data/f.parquet").access()).isEqualTo(StorageAccess.READ);
    assertThat(check("HEAD", TABLE + "/metadata/v1.metadata.json").access()).isEqualTo(StorageAccess.READ);
    assertThat(check("GET", TABLE + "/data/f.parquet?x-id=GetObject").access()).isEqualTo(StorageAccess.READ);
    assertThat(check("PUT", TABLE + "/data/f.parquet").access()).isEqualTo(StorageAccess.WRITE);
    assertThat(check("DELETE", TABLE + "/data/f.parquet").access()).isEqualTo(StorageAccess.WRITE);
    assertThat(check("POST", TABLE + "/data/big.parquet?uploads").access()).isEqualTo(StorageAccess.WRITE);
    assertThat(check("PUT", TABLE + "/data/big.parquet?partNumber=1&uploadId=u1").access())
        .isEqualTo(StorageAccess.WRITE);
    assertThat(check("POST", TABLE + "/data/big.parquet?uploadId=u1").access()).isEqualTo(StorageAccess.WRITE);
    assertThat(check("DELETE", TABLE + "/data/big.parquet?uploadId=u1").access()).isEqualTo(StorageAccess.WRITE);
    // write.data.path elsewhere in the bucket
    assertThat(check("PUT", ENDPOINT + "/bucket/elsewhere/t1-data/f.parquet").access())
        .isEqualTo(StorageAccess.WRITE);
    // percent-encoded characters that are no path tricks
    assertThat(check("GET", TABLE + "/data/a%20b%2Bc.parquet").access()).isEqualTo(StorageAccess.READ);
    // virtual-hosted style
    assertThat(check("GET", "http://bucket.s3.local:9000/wh/ns/t1-abc/data/f.parquet").access())
        .isEqualTo(StorageAccess.READ);
    assertThat(check("GET", ENDPOINT + "/bucket?list-type=2&prefix=wh%2Fns%2Ft1-abc%2Fdata%2F").access())
        .isEqualTo(StorageAccess.READ);
  }

  @Test
  void refusesObjectsOfOtherTablesAndBuckets() {
    for (String uri :
        List.of(
            ENDPOINT + "/bucket/wh/ns/t2-def/data/f.parquet",
            ENDPOINT + "/bucket/wh/ns/t1-abcd/data/f.parquet", // a string prefix, not a path prefix
            ENDPOINT + "/bucket/wh/ns/t1-ab",
            ENDPOINT + "/bucket/wh/ns",
            ENDPOINT + "/other-bucket/wh/ns/t1-abc/data/f.parquet",
            "http://other-bucket.s3.local:9000/wh/ns/t1-abc/data/f.parquet",
            "http://evil.example:9000/bucket/wh/ns/t1-abc/data/f.parquet",
            "http://s3.local:9001/bucket/wh/ns/t1-abc/data/f.parquet",
            "https://s3.local:9000/bucket/wh/ns/t1-abc/data/f.parquet",
            "http://user@s3.local:9000/bucket/wh/ns/t1-abc/data/f.parquet")) {
      assertForbidden("GET", uri, Map.of());
      assertForbidden("PUT", uri, Map.of());
    }
  }

  @Test
  void refusesTraversalInEverySpelling() {
    for (String path :
        List.of(
            "/../t2-def/data/f.parquet",
            "/data/../../t2-def/f",
            "/%2e%2e/t2-def/data/f.parquet",
            "/%2E%2E/t2-def/data/f.parquet",
            "/.%2e/t2-def/f",
            "/./data/f.parquet",
            "/data//f.parquet",
            "/data%2F..%2F..%2Ft2-def%2Ff",
            "/data%5C..%5Cf",
            "/data/f%00.parquet")) {
      assertForbidden("GET", TABLE + path, Map.of());
    }
    // malformed escapes (%zz) never get here: java.net.URI refuses them while the request is parsed (400)
  }

  @Test
  void refusesQueryStringTricks() {
    for (String[] request :
        new String[][] {
          {"POST", TABLE + "/data/f.parquet?delete"},
          {"GET", TABLE + "/data/f.parquet?x-id=DeleteObjects"},
          {"PUT", TABLE + "/data/f.parquet?x-id=DeleteObjects"},
          {"GET", TABLE + "/data/f.parquet?acl"},
          {"PUT", TABLE + "/data/f.parquet?acl"},
          {"PUT", TABLE + "/data/f.parquet?tagging"},
          {"GET", TABLE + "/data/f.parquet?prefix=wh/ns/t2-def/"},
          {"GET", TABLE + "/data/f.parquet?x-id=GetObject&x-id=GetObject"},
          {"PUT", TABLE + "/data/f.parquet?partNumber=1"},
          {"POST", TABLE + "/data/f.parquet"},
          {"GET", ENDPOINT + "/bucket?list-type=2&prefix=wh/ns/t2-def/"},
          {"GET", ENDPOINT + "/bucket?list-type=2&prefix=wh/ns/t1-abc"}, // would list t1-abcd too
          {"GET", ENDPOINT + "/bucket?list-type=2&prefix=wh/ns/t1-abc/../t2-def/"},
          {"GET", ENDPOINT + "/bucket?list-type=2"},
          {"GET", ENDPOINT + "/bucket?list-type=1&prefix=wh/ns/t1-abc/"},
          {"GET", ENDPOINT + "/bucket?policy"},
          {"PUT", ENDPOINT + "/bucket?policy"},
          {"DELETE", ENDPOINT + "/bucket"},
          {"PATCH", TABLE + "/data/f.parquet"},
        }) {
      assertForbidden(request[0], request[1], Map.of());
    }
  }

  @Test
  void refusesCopiesFromOutsideAndAclHeaders() {
    assertThat(
            check("PUT", TABLE + "/data/copy.parquet", Map.of("x-amz-copy-source", List.of("bucket/wh/ns/t1-abc/data/f.parquet")), null)
                .access())
        .isEqualTo(StorageAccess.WRITE);
    assertForbidden("PUT", TABLE + "/data/copy.parquet", Map.of("x-amz-copy-source", List.of("bucket/wh/ns/t2-def/data/f.parquet")));
    assertForbidden("PUT", TABLE + "/data/copy.parquet", Map.of("x-amz-copy-source", List.of("/other-bucket/wh/ns/t1-abc/f")));
    assertForbidden("PUT", TABLE + "/data/copy.parquet", Map.of("X-Amz-Copy-Source", List.of("bucket/wh/ns/t1-abc/%2e%2e/t2-def/f")));
    assertForbidden("PUT", TABLE + "/data/f.parquet", Map.of("x-amz-acl", List.of("public-read")));
    assertForbidden("PUT", TABLE + "/data/f.parquet", Map.of("x-amz-grant-read", List.of("uri=everyone")));
  }

  @Test
  void checksEveryKeyOfABatchDeleteAndSignsItsBody() {
    String inside =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Object><Key>wh/ns/t1-abc/data/a.parquet</Key></Object>"
            + "<Object><Key>wh/ns/t1-abc/data/b.parquet</Key></Object><Quiet>true</Quiet></Delete>";
    S3RequestAuthorization.Decision decision = check("POST", ENDPOINT + "/bucket?delete", Map.of(), inside);
    assertThat(decision.access()).isEqualTo(StorageAccess.WRITE);
    assertThat(decision.payload()).isPresent();

    String outside = inside.replace("t1-abc/data/b.parquet", "t2-def/data/b.parquet");
    assertThatThrownBy(() -> check("POST", ENDPOINT + "/bucket?delete", Map.of(), outside))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("t2-def");
    String traversal = inside.replace("t1-abc/data/b.parquet", "t1-abc/../t2-def/b.parquet");
    assertThatThrownBy(() -> check("POST", ENDPOINT + "/bucket?delete", Map.of(), traversal))
        .isInstanceOf(ForbiddenException.class);
    String entity =
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY k \"wh/ns/t2-def/x\">]><Delete><Object><Key>&k;</Key></Object></Delete>";
    assertThatThrownBy(() -> check("POST", ENDPOINT + "/bucket?delete", Map.of(), entity))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> check("POST", ENDPOINT + "/bucket?delete", Map.of(), null))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aTableWhoseRootIsTheWholeBucketCoversOnlyThatBucket() {
    S3RequestAuthorization wholeBucket = new S3RequestAuthorization(SETTINGS, List.of("s3://bucket"), "cat.ns.t");
    assertThat(wholeBucket.check(request("GET", ENDPOINT + "/bucket/any/key", Map.of(), null)).access())
        .isEqualTo(StorageAccess.READ);
    assertThatThrownBy(() -> wholeBucket.check(request("GET", ENDPOINT + "/bucket2/any/key", Map.of(), null)))
        .isInstanceOf(ForbiddenException.class);
  }

  private S3RequestAuthorization.Decision check(String method, String uri) {
    return check(method, uri, Map.of(), null);
  }

  private S3RequestAuthorization.Decision check(
      String method, String uri, Map<String, List<String>> headers, String body) {
    return authorization.check(request(method, uri, headers, body));
  }

  private void assertForbidden(String method, String uri, Map<String, List<String>> headers) {
    assertThatThrownBy(() -> check(method, uri, headers, null))
        .as("%s %s %s", method, uri, headers)
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("cat.ns.t1");
  }

  static RemoteSignRequest request(String method, String uri, Map<String, List<String>> headers, String body) {
    return ImmutableRemoteSignRequest.builder()
        .method(method)
        .region("us-east-1")
        .uri(URI.create(uri))
        .headers(headers)
        .body(body)
        .provider("s3")
        .build();
  }
}
