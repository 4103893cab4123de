package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.storage.CatalogStorage;
import dev.floe.catalog.storage.CredentialVendor;
import dev.floe.catalog.storage.S3Settings;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.credentials.Credential;
import org.apache.iceberg.rest.responses.LoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadCredentialsResponseParser;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Credential vending against a real MinIO (STS AssumeRole with an inline session policy): the
 * Iceberg client writes and reads with the keys Floe vends, and the keys reach the table's prefix
 * and nothing else (not a neighbouring table whose name starts alike, not the bucket root);
 * read-only keys cannot write.
 */
class ITS3VendedCredentials {
  private static final String CATALOG = "vending";
  private static final Namespace NAMESPACE = Namespace.of("sales");
  private static final String VENDED = "vended-credentials";

  @BeforeAll
  static void createCatalog() {
    MinioTestServer minio = FloeTestServer.minio();
    String body =
        "{\"name\":\"" + CATALOG + "\",\"storage-root\":\"s3://" + MinioTestServer.BUCKET + "/" + CATALOG + "\","
            + "\"properties\":{"
            + "\"s3.endpoint\":\"" + minio.endpoint() + "\","
            + "\"s3.region\":\"" + MinioTestServer.REGION + "\","
            + "\"s3.path-style-access\":\"true\","
            + "\"s3.sts-enabled\":\"true\","
            + "\"s3.sts-duration-seconds\":\"900\","
            + "\"s3.credentials\":\"env:" + MinioTestServer.CREDENTIALS_PREFIX + "\"}}";
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static RESTCatalog vendingClient() {
    Map<String, String> properties = new HashMap<>();
    properties.put("warehouse", CATALOG);
    properties.put("header.X-Iceberg-Access-Delegation", VENDED);
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    return IcebergClients.catalog(FloeTestServer.catalogUri(), properties);
  }

  @Test
  void vendedKeysReachTheTableAndNothingElse() throws Exception {
    MinioTestServer minio = FloeTestServer.minio();
    TableIdentifier t1 = TableIdentifier.of(NAMESPACE, "t1");
    TableIdentifier t10 = TableIdentifier.of(NAMESPACE, "t10");
    Table table;
    Table neighbour;
    try (RESTCatalog catalog = vendingClient()) {
      catalog.createNamespace(NAMESPACE);
      // fixed locations so that one is a string prefix of the other
      String base = "s3://" + MinioTestServer.BUCKET + "/" + CATALOG + "/sales/";
      table = catalog.buildTable(t1, IcebergClients.SCHEMA).withLocation(base + "t1").create();
      neighbour = catalog.buildTable(t10, IcebergClients.SCHEMA).withLocation(base + "t10").create();
      assertThat(table.io().properties()).doesNotContainKey("s3.remote-signing-enabled");

      // the Iceberg client itself writes and reads Parquet with the vended keys (it has no others)
      IcebergClients.appendRecords(table, IcebergClients.records(0, 40));
      IcebergClients.appendRecords(neighbour, IcebergClients.records(100, 5));
      List<Record> rows = IcebergClients.readAll(catalog.loadTable(t1));
      assertThat(rows).hasSize(40);
    }

    // what a client gets: the keys in storage-credentials, for the table's location
    HttpResponse<String> load =
        RestCalls.get("/v1/" + CATALOG + "/namespaces/sales/tables/t1", Map.of("X-Iceberg-Access-Delegation", VENDED));
    assertThat(load.statusCode()).as(load.body()).isEqualTo(200);
    assertThat(load.headers().firstValue("ETag")).isEmpty();
    LoadTableResponse response = LoadTableResponseParser.fromJson(load.body());
    assertThat(response.credentials()).hasSize(1);
    Credential credential = response.credentials().get(0);
    assertThat(credential.prefix()).isEqualTo(table.location());
    assertThat(credential.config().get("s3.access-key-id")).isNotEqualTo(minio.accessKeyId());
    assertThat(response.config())
        .containsEntry("client.refresh-credentials-endpoint", "v1/" + CATALOG + "/namespaces/sales/tables/t1/credentials")
        .containsEntry("s3.endpoint", minio.endpoint().toString());

    String t1Prefix = S3Catalogs.keyOf(table.location()) + "/";
    String t10Prefix = S3Catalogs.keyOf(neighbour.location()) + "/";
    String t10Metadata =
        S3Catalogs.keyOf(((org.apache.iceberg.HasTableOperations) neighbour).operations().current().metadataFileLocation());
    String t1Metadata = S3Catalogs.keyOf(response.metadataLocation());
    try (S3Client vended = minio.client(sessionCredentials(credential.config()))) {
      // inside the table: read, list, write, delete
      assertThat(vended.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(t1Metadata)).asByteArray()).isNotEmpty();
      assertThat(vended.listObjectsV2(r -> r.bucket(MinioTestServer.BUCKET).prefix(t1Prefix)).contents()).isNotEmpty();
      vended.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(t1Prefix + "data/extra.bin"), RequestBody.fromString("x"));
      vended.deleteObject(r -> r.bucket(MinioTestServer.BUCKET).key(t1Prefix + "data/extra.bin"));

      // outside: the neighbour t10 (its location starts with t1's), the bucket root, another prefix
      assertDenied(() -> vended.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(t10Metadata)));
      assertDenied(() -> vended.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(t10Prefix + "data/evil.bin"), RequestBody.fromString("x")));
      assertDenied(() -> vended.putObject(r -> r.bucket(MinioTestServer.BUCKET).key("root.bin"), RequestBody.fromString("x")));
      assertDenied(() -> vended.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(CATALOG + "/sales/t1x"), RequestBody.fromString("x")));
      assertDenied(() -> vended.listObjectsV2(r -> r.bucket(MinioTestServer.BUCKET).prefix(t10Prefix)));
      assertDenied(() -> vended.listObjectsV2(r -> r.bucket(MinioTestServer.BUCKET)));
      assertDenied(() -> vended.deleteObject(r -> r.bucket(MinioTestServer.BUCKET).key(t10Metadata)));
    }
    assertThat(minio.client(AwsBasicCredentials.create(minio.accessKeyId(), minio.secretAccessKey()))
            .listObjectsV2(r -> r.bucket(MinioTestServer.BUCKET).prefix(t10Prefix + "data/evil")).contents())
        .isEmpty();

    // the refresh endpoint vends keys for the same table
    HttpResponse<String> refreshed = RestCalls.get("/v1/" + CATALOG + "/namespaces/sales/tables/t1/credentials", Map.of());
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    LoadCredentialsResponse credentials = LoadCredentialsResponseParser.fromJson(refreshed.body());
    assertThat(credentials.credentials()).hasSize(1);
    try (S3Client vended = minio.client(sessionCredentials(credentials.credentials().get(0).config()))) {
      assertThat(vended.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(t1Metadata)).asByteArray()).isNotEmpty();
      assertDenied(() -> vended.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(t10Metadata)));
    }

    // the config advertises the endpoint
    HttpResponse<String> config = RestCalls.get("/v1/config?warehouse=" + CATALOG, Map.of());
    assertThat(config.body()).contains("GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials");
  }

  @Test
  void readOnlyKeysCannotWrite() {
    // the vendor Floe uses, against the same MinIO, asked for read-only keys
    MinioTestServer minio = FloeTestServer.minio();
    S3Settings settings =
        S3Settings.of(
                "s3://" + MinioTestServer.BUCKET + "/" + CATALOG,
                Map.of(
                    "s3.endpoint", minio.endpoint().toString(),
                    "s3.region", MinioTestServer.REGION,
                    "s3.path-style-access", "true",
                    "s3.sts-enabled", "true",
                    "s3.credentials", "env:" + MinioTestServer.CREDENTIALS_PREFIX))
            .orElseThrow();
    String prefix = CATALOG + "/readonly/t1";
    try (S3Client root = minio.client(AwsBasicCredentials.create(minio.accessKeyId(), minio.secretAccessKey()))) {
      root.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "/data/a.bin"), RequestBody.fromString("a"));
    }
    CatalogStorage storage =
        CatalogStorage.s3(
            CATALOG,
            new InMemoryFileIO(),
            settings,
            StaticCredentialsProvider.create(AwsBasicCredentials.create(minio.accessKeyId(), minio.secretAccessKey())));
    CredentialVendor vendor = storage.vendor().orElseThrow();
    CredentialVendor.VendedCredentials keys =
        vendor.vend(List.of("s3://" + MinioTestServer.BUCKET + "/" + prefix), false);
    try (S3Client readOnly =
        minio.client(AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()))) {
      assertThat(readOnly.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "/data/a.bin")).asUtf8String())
          .isEqualTo("a");
      assertDenied(() -> readOnly.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "/data/b.bin"), RequestBody.fromString("b")));
      assertDenied(() -> readOnly.deleteObject(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "/data/a.bin")));
    }
    vendor.close();
  }

  /**
   * What the keys may do follows the caller's privileges: read-only keys for a caller who may only
   * read the table's data, no keys for one who may only read its metadata.
   */
  @Test
  void vendedKeysFollowTheCallersPrivileges() throws Exception {
    Namespace namespace = Namespace.of("grants");
    TableIdentifier identifier = TableIdentifier.of(namespace, "t");
    try (RESTCatalog catalog = vendingClient()) {
      catalog.createNamespace(namespace);
      IcebergClients.appendRecords(catalog.createTable(identifier, IcebergClients.SCHEMA), IcebergClients.records(0, 3));
    }
    String reader = AccessSetup.principalWithGrants("vend_reader", CATALOG, List.of("grants"), "TABLE_READ_DATA");
    String lister = AccessSetup.principalWithGrants("vend_lister", CATALOG, List.of("grants"), "TABLE_READ_PROPERTIES");
    String path = "/v1/" + CATALOG + "/namespaces/grants/tables/t";

    HttpResponse<String> load =
        RestCalls.get(path, Map.of("Authorization", "Bearer " + reader, "X-Iceberg-Access-Delegation", VENDED));
    assertThat(load.statusCode()).as(load.body()).isEqualTo(200);
    LoadTableResponse response = LoadTableResponseParser.fromJson(load.body());
    MinioTestServer minio = FloeTestServer.minio();
    String prefix = S3Catalogs.keyOf(response.tableMetadata().location()) + "/";
    String metadata = S3Catalogs.keyOf(response.metadataLocation());
    try (S3Client keys = minio.client(sessionCredentials(response.credentials().get(0).config()))) {
      assertThat(keys.getObjectAsBytes(r -> r.bucket(MinioTestServer.BUCKET).key(metadata)).asByteArray()).isNotEmpty();
      assertDenied(() -> keys.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "data/evil.bin"), RequestBody.fromString("x")));
      assertDenied(() -> keys.deleteObject(r -> r.bucket(MinioTestServer.BUCKET).key(metadata)));
    }
    HttpResponse<String> refresh = RestCalls.get(path + "/credentials", Map.of("Authorization", "Bearer " + reader));
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
    try (S3Client keys = minio.client(sessionCredentials(LoadCredentialsResponseParser.fromJson(refresh.body()).credentials().get(0).config()))) {
      assertDenied(() -> keys.putObject(r -> r.bucket(MinioTestServer.BUCKET).key(prefix + "data/evil.bin"), RequestBody.fromString("x")));
    }

    // metadata only: the table loads, but no keys to its files
    assertThat(RestCalls.get(path, Map.of("Authorization", "Bearer " + lister)).statusCode()).isEqualTo(200);
    assertThat(RestCalls.get(path, Map.of("Authorization", "Bearer " + lister, "X-Iceberg-Access-Delegation", VENDED)).statusCode())
        .isEqualTo(403);
    assertThat(RestCalls.get(path + "/credentials", Map.of("Authorization", "Bearer " + lister)).statusCode()).isEqualTo(403);
  }

  @Test
  void aCatalogWithoutStsRefusesVendingOnly() {
    S3Catalogs.create("novending");
    RestCalls.post("/v1/novending/namespaces", "{\"namespace\":[\"ns\"]}", Map.of());
    HttpResponse<String> created =
        RestCalls.post(
            "/v1/novending/namespaces/ns/tables",
            "{\"name\":\"t\",\"schema\":{\"type\":\"struct\",\"fields\":[]}}",
            Map.of("X-Iceberg-Access-Delegation", VENDED));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
    assertThat(RestCalls.error(created).message()).contains("s3.sts-enabled").contains("novending");
    HttpResponse<String> refresh = RestCalls.get("/v1/novending/namespaces/ns/tables/t/credentials", Map.of());
    assertThat(refresh.statusCode()).isIn(400, 404);
  }

  private static AwsSessionCredentials sessionCredentials(Map<String, String> config) {
    return AwsSessionCredentials.create(
        config.get("s3.access-key-id"), config.get("s3.secret-access-key"), config.get("s3.session-token"));
  }

  private static void assertDenied(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
  }
}
