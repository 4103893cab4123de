package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;

/** S3-backed catalogs on the run's S3 server, and clients that reach them by remote signing. */
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

  /**
   * Iceberg's Java client for catalog {@code warehouse} with S3FileIO and no S3 keys of its own:
   * it asks for remote signing and takes endpoint, region and signer from Floe's table config.
   */
  static RESTCatalog remoteSigningClient(String warehouse) {
    Map<String, String> properties = new HashMap<>();
    properties.put("warehouse", warehouse);
    properties.put("header.X-Iceberg-Access-Delegation", "remote-signing");
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    return IcebergClients.catalog(FloeTestServer.catalogUri(), properties);
  }

  /** The key of an {@code s3://bucket/key} location. */
  static String keyOf(String location) {
    String rest = location.substring("s3://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }
}
