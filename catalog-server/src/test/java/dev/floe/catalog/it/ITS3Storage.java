package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A catalog whose storage root is in S3 (the run's S3Proxy): its settings are checked when it is
 * created, its keys never leave the server, and the server writes, reads and purges metadata
 * files there through Iceberg's S3FileIO.
 */
class ITS3Storage {
  private static final String CATALOG = "s3storage";

  @BeforeAll
  static void createCatalog() {
    S3Catalogs.create(CATALOG);
  }

  @Test
  void serverWritesReadsAndPurgesMetadataInS3() throws Exception {
    S3TestServer s3 = FloeTestServer.s3();
    // a client that never touches files itself: every file here is the server's doing
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri(), Map.of("warehouse", CATALOG))) {
      catalog.createNamespace(Namespace.of("ns"));
      TableIdentifier identifier = TableIdentifier.of("ns", "events");
      Table table = catalog.createTable(identifier, IcebergClients.SCHEMA);
      table.updateProperties().set("owner", "it").commit();
      String key = S3Catalogs.keyOf(table.location());
      assertThat(table.location()).startsWith("s3://" + S3TestServer.BUCKET + "/" + CATALOG + "/ns/events-");
      assertThat(s3.keys(S3TestServer.BUCKET, key + "/metadata/"))
          .hasSize(2)
          .allMatch(name -> name.endsWith(".metadata.json"));
      assertThat(catalog.loadTable(identifier).properties()).containsEntry("owner", "it");

      List<String> others = s3.keys(S3TestServer.BUCKET, "").stream().filter(name -> !name.startsWith(key + "/")).toList();
      assertThat(catalog.dropTable(identifier, true)).isTrue();
      Purges.awaitDone(CATALOG, identifier.toString(), java.time.Duration.ofSeconds(60));
      assertThat(s3.keys(S3TestServer.BUCKET, key + "/")).isEmpty();
      assertThat(s3.keys(S3TestServer.BUCKET, "")).containsAll(others);
    }
  }

  @Test
  void managementApiNeverShowsTheKeys() {
    S3TestServer s3 = FloeTestServer.s3();
    for (HttpResponse<String> response :
        List.of(
            RestCalls.getFromServer("/api/management/v1/catalogs/" + CATALOG),
            RestCalls.getFromServer("/api/management/v1/catalogs"))) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body())
          .contains("\"s3.credentials\":\"env:" + S3TestServer.CREDENTIALS_PREFIX + "\"")
          .doesNotContain(s3.accessKeyId())
          .doesNotContain(s3.secretAccessKey());
    }
    HttpResponse<String> config = RestCalls.get("/v1/config?warehouse=" + CATALOG, Map.of());
    assertThat(config.body()).doesNotContain(s3.secretAccessKey()).doesNotContain(s3.accessKeyId());
  }

  @Test
  void refusesUnsafeCatalogSettings() {
    String name = "s3bad";
    String good = S3Catalogs.createBody(name);
    SoftAssertions soft = new SoftAssertions();
    for (String[] variant :
        new String[][] {
          {good.replace("\"s3.region\":\"" + FloeTestServer.s3().region() + "\",", ""), "s3.region"},
          {good.replace("env:" + S3TestServer.CREDENTIALS_PREFIX, "env:FLOE_IT_NOT_SET"), "s3.credentials"},
          {good.replace("env:" + S3TestServer.CREDENTIALS_PREFIX, FloeTestServer.s3().secretAccessKey()), "s3.credentials"},
          {good.replace("\"s3.region\"", "\"s3.secret-access-key\":\"x\",\"s3.region\""), "s3.secret-access-key"},
          {good.replace("\"s3.region\"", "\"s3.checksum-mode\":\"never\",\"s3.region\""), "s3.checksum-mode"},
          {good.replace("\"s3.region\"", "\"allowed-locations\":\"file:///tmp\",\"s3.region\""), "allowed-locations"},
        }) {
      HttpResponse<String> response = RestCalls.postToServer("/api/management/v1/catalogs", variant[0]);
      soft.assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      soft.assertThat(response.body()).as(variant[1]).contains(variant[1]).doesNotContain(FloeTestServer.s3().secretAccessKey());
    }
    soft.assertAll();
    assertThat(RestCalls.getFromServer("/api/management/v1/catalogs/" + name).statusCode()).isEqualTo(404);
  }
}
