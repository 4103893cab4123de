package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** S3-backed catalogs on the run's S3 server. */
final class S3Catalogs {
  private S3Catalogs() {}

  /** The management API body creating catalog {@code name} at {@code s3://floe-it/<name>}. */
  static String createBody(String name) {
    S3TestServer s3 = FloeTestServer.s3();
    return "{\"name\":\"" + name + "\",\"storage-root\":\"s3://" + S3TestServer.BUCKET + "/" + name + "\","
        + "\"properties\":{"
        + "\"s3.endpoint\":\"" + s3.endpoint() + "\","
        + "\"s3.region\":\"" + s3.region() + "\","
        + "\"s3.path-style-access\":\"true\","
        + "\"s3.credentials\":\"env:" + S3TestServer.CREDENTIALS_PREFIX + "\"}}";
  }

  /** Creates catalog {@code name} (storage root {@code s3://floe-it/<name>}) through the management API. */
  static void create(String name) {
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", createBody(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** The key of an {@code s3://bucket/key} location. */
  static String keyOf(String location) {
    String rest = location.substring("s3://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }
}
