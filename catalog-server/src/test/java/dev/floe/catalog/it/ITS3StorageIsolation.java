package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Storage isolation in S3: with a real MinIO vending STS keys, a principal with rights on her own
 * namespace gets no keys for another table's prefix or the catalog root through a staged create
 * or a path property; with remote signing (S3Proxy) she gets no table whose files include
 * another's, so no signature for them. The victims' objects stay as they were.
 */
class ITS3StorageIsolation {
  private static final String VENDING = "iso_vend";
  private static final String SIGNING = "iso_sign";
  private static final String SCHEMA =
      "\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\",\"type\":\"long\",\"required\":true}]}";

  private static String mallory;
  private static Table vendingVictim;
  private static Table signingVictim;

  @BeforeAll
  static void setUp() throws Exception {
    MinioTestServer minio = FloeTestServer.minio();
    HttpResponse<String> created =
        RestCalls.postToServer(
            "/api/management/v1/catalogs",
            "{\"name\":\"" + VENDING + "\",\"storage-root\":\"s3://" + MinioTestServer.BUCKET + "/" + VENDING + "\","
                + "\"properties\":{\"s3.endpoint\":\"" + minio.endpoint() + "\",\"s3.region\":\"" + MinioTestServer.REGION + "\","
                + "\"s3.path-style-access\":\"true\",\"s3.sts-enabled\":\"true\",\"s3.sts-duration-seconds\":\"900\","
                + "\"s3.credentials\":\"env:" + MinioTestServer.CREDENTIALS_PREFIX + "\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    S3Catalogs.create(SIGNING);
    for (String catalog : List.of(VENDING, SIGNING)) {
      for (String namespace : List.of("victim", "mallory")) {
        HttpResponse<String> made = RestCalls.post("/v1/" + catalog + "/namespaces", "{\"namespace\":[\"" + namespace + "\"]}", Map.of());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
      }
    }
    mallory =
        AccessSetup.principalWithGrants(
            "iso_s3_mallory", VENDING, List.of("mallory"),
            "TABLE_CREATE", "TABLE_READ_PROPERTIES", "TABLE_WRITE_PROPERTIES", "TABLE_READ_DATA", "TABLE_WRITE_DATA", "TABLE_DROP");
    String root = FloeTestServer.rootToken();
    String roles = "/api/management/v1/catalogs/" + SIGNING + "/catalog-roles";
    assertThat(RestCalls.toServer("POST", roles, "{\"name\":\"iso_s3_mallory\"}", root).statusCode()).isEqualTo(201);
    assertThat(RestCalls.toServer("PUT", "/api/management/v1/principal-roles/iso_s3_mallory/catalog-roles/" + SIGNING + "/iso_s3_mallory", null, root).statusCode()).isEqualTo(201);
    for (String privilege : List.of("TABLE_CREATE", "TABLE_READ_PROPERTIES", "TABLE_WRITE_PROPERTIES", "TABLE_READ_DATA", "TABLE_WRITE_DATA")) {
      HttpResponse<String> granted =
          RestCalls.toServer(
              "POST", roles + "/iso_s3_mallory/grants",
              "{\"privilege\":\"" + privilege + "\",\"securable\":{\"type\":\"namespace\",\"namespace\":[\"mallory\"]}}", root);
      assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    }

    Map<String, String> vendingClient = new HashMap<>();
    vendingClient.put("warehouse", VENDING);
    vendingClient.put("header.X-Iceberg-Access-Delegation", "vended-credentials");
    vendingClient.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri(), vendingClient)) {
      vendingVictim = catalog.createTable(TableIdentifier.of("victim", "t"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(vendingVictim, IcebergClients.records(0, 10));
    }
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(SIGNING)) {
      signingVictim = catalog.createTable(TableIdentifier.of("victim", "t"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(signingVictim, IcebergClients.records(0, 10));
    }
  }

  @Test
  void noVendedKeysForAnotherTablesPrefixOrTheCatalogRoot() throws Exception {
    MinioTestServer minio = FloeTestServer.minio();
    String victimPrefix = S3Catalogs.keyOf(vendingVictim.location()) + "/";
    List<String> before = minio.keys(MinioTestServer.BUCKET, victimPrefix);
    assertThat(before).isNotEmpty();
    String tables = "/v1/" + VENDING + "/namespaces/mallory/tables";
    String catalogRoot = "s3://" + MinioTestServer.BUCKET + "/" + VENDING;

    SoftAssertions soft = new SoftAssertions();
    for (String body :
        List.of(
            create("s1", vendingVictim.location(), Map.of(), true),
            create("s2", catalogRoot, Map.of(), true),
            create("s3", null, Map.of("write.data.path", vendingVictim.location() + "/data"), true),
            create("s4", null, Map.of("write.metadata.path", catalogRoot), true),
            create("c1", vendingVictim.location() + "/x", Map.of(), false),
            create("c2", null, Map.of("write.object-storage.path", vendingVictim.location()), false))) {
      HttpResponse<String> response = vending(tables, body);
      soft.assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(403);
      soft.assertThat(response.body()).as("no keys").doesNotContain("s3.access-key-id").doesNotContain("victim.t");
    }
    soft.assertAll();

    // a staged create of her own gets keys, and they reach nothing of the victim
    HttpResponse<String> own = vending(tables, create("own", null, Map.of(), true));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    LoadTableResponse staged = LoadTableResponseParser.fromJson(own.body());
    assertThat(staged.credentials()).hasSize(1);
    Map<String, String> keys = staged.credentials().get(0).config();
    try (S3Client vended =
        minio.client(
            AwsSessionCredentials.create(keys.get("s3.access-key-id"), keys.get("s3.secret-access-key"), keys.get("s3.session-token")))) {
      String victimObject = before.get(0);
      try {
        vended.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(victimObject));
        throw new AssertionError("the staged table's keys read the victim's " + victimObject);
      } catch (S3Exception e) {
        assertThat(e.statusCode()).isEqualTo(403);
      }
    }
    assertThat(minio.keys(MinioTestServer.BUCKET, victimPrefix)).isEqualTo(before);
    assertThat(minio.client(AwsBasicCredentials.create(minio.accessKeyId(), minio.secretAccessKey()))
            .getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(before.get(0))).asByteArray())
        .isNotEmpty();
  }

  @Test
  void noSignaturesForAnotherTablesFiles() {
    S3TestServer s3 = FloeTestServer.s3();
    String victimPrefix = S3Catalogs.keyOf(signingVictim.location()) + "/";
    List<String> before = s3.keys(S3TestServer.BUCKET, victimPrefix);
    assertThat(before).isNotEmpty();
    String tables = "/v1/" + SIGNING + "/namespaces/mallory/tables";
    SoftAssertions soft = new SoftAssertions();
    for (String body :
        List.of(
            create("t1", signingVictim.location(), Map.of(), false),
            create("t2", null, Map.of("write.data.path", signingVictim.location()), false),
            create("t3", null, Map.of("write.metadata.path", signingVictim.location() + "/metadata"), false),
            create("t4", "s3://" + S3TestServer.BUCKET + "/" + SIGNING, Map.of(), true))) {
      HttpResponse<String> response = RestCalls.post(tables, body, Map.of("Authorization", "Bearer " + mallory, "X-Iceberg-Access-Delegation", "remote-signing"));
      soft.assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(403);
    }
    soft.assertAll();
    // her own table signs nothing of the victim's
    HttpResponse<String> own = RestCalls.post(tables, create("own", null, Map.of(), false), Map.of("Authorization", "Bearer " + mallory));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    String victimUri = s3.endpoint() + "/" + S3TestServer.BUCKET + "/" + before.get(0);
    HttpResponse<String> sign =
        RestCalls.post(
            tables + "/own/sign",
            "{\"region\":\"" + s3.region() + "\",\"method\":\"GET\",\"uri\":\"" + victimUri + "\",\"headers\":{}}",
            Map.of("Authorization", "Bearer " + mallory));
    assertThat(sign.statusCode()).as(sign.body()).isEqualTo(403);
    assertThat(s3.keys(S3TestServer.BUCKET, victimPrefix)).isEqualTo(before);
  }

  private static HttpResponse<String> vending(String path, String body) {
    return RestCalls.post(path, body, Map.of("Authorization", "Bearer " + mallory, "X-Iceberg-Access-Delegation", "vended-credentials"));
  }

  private static String create(String name, String location, Map<String, String> properties, boolean staged) {
    StringBuilder json = new StringBuilder("{\"name\":\"" + name + "\"," + SCHEMA);
    if (location != null) {
      json.append(",\"location\":\"").append(location).append('"');
    }
    json.append(",\"properties\":{");
    properties.forEach((key, value) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append('"').append(key).append("\":\"").append(value).append('"'));
    json.append('}');
    if (staged) {
      json.append(",\"stage-create\":true");
    }
    return json.append('}').toString();
  }
}
