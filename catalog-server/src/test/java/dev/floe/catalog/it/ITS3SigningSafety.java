package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.ImmutableRemoteSignRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequestParser;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;
import org.apache.iceberg.rest.responses.RemoteSignResponse;
import org.apache.iceberg.rest.responses.RemoteSignResponseParser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sign endpoint signs only what a table may touch: every request below goes to the real
 * server; the ones it signs are then sent to the real S3 server to show the signature is good.
 */
class ITS3SigningSafety {
  private static final String CATALOG = "s3safety";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String endpoint;
  private static Table first;
  private static Table second;
  private static Table odd;

  @BeforeAll
  static void createTables() throws Exception {
    S3Catalogs.create(CATALOG);
    endpoint = FloeTestServer.s3().endpoint().toString();
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(CATALOG)) {
      catalog.createNamespace(Namespace.of("ns"));
      first = catalog.createTable(TableIdentifier.of("ns", "first"), IcebergClients.SCHEMA);
      second = catalog.createTable(TableIdentifier.of("ns", "second"), IcebergClients.SCHEMA);
      odd = catalog.createTable(TableIdentifier.of("ns", "it's*"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(first, IcebergClients.records(0, 3));
      IcebergClients.appendRecords(second, IcebergClients.records(0, 3));
    }
  }

  @Test
  void signsTheTablesOwnObjectsWithWorkingSignatures() {
    String metadata = first.io().newInputFile(((org.apache.iceberg.BaseTable) first).operations().current().metadataFileLocation()).location();
    String url = url(metadata);
    HttpResponse<String> signed = sign("first", "GET", url, Map.of(), null);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    assertThat(signed.headers().firstValue("Cache-Control")).contains("private");
    RemoteSignResponse response = RemoteSignResponseParser.fromJson(signed.body());
    assertThat(response.headers().toString())
        .doesNotContain(FloeTestServer.s3().secretAccessKey())
        .contains("AWS4-HMAC-SHA256");

    // the signature works against the real S3 server, and only for what was signed
    assertThat(send("GET", response).statusCode()).isEqualTo(200);
    HttpResponse<String> unsigned = send("GET", url, Map.of());
    assertThat(unsigned.statusCode()).isEqualTo(403);

    // the odd-named table signs its own objects too
    String oddMetadata = ((org.apache.iceberg.BaseTable) odd).operations().current().metadataFileLocation();
    HttpResponse<String> oddSigned = sign("it%27s*", "HEAD", url(oddMetadata), Map.of(), null);
    assertThat(oddSigned.statusCode()).as(oddSigned.body()).isEqualTo(200);
    assertThat(send("HEAD", RemoteSignResponseParser.fromJson(oddSigned.body())).statusCode()).isEqualTo(200);
  }

  /** Signing follows the caller's privileges: reads with TABLE_READ_DATA, writes with TABLE_WRITE_DATA. */
  @Test
  void signsOnlyWhatTheCallerMayDo() {
    String reader = AccessSetup.principalWithGrants("sign_reader", CATALOG, List.of("ns"), "TABLE_READ_DATA");
    String lister = AccessSetup.principalWithGrants("sign_lister", CATALOG, List.of("ns"), "TABLE_READ_PROPERTIES");
    String metadata = url(((org.apache.iceberg.BaseTable) first).operations().current().metadataFileLocation());
    String newFile = url(first.location() + "/data/reader.parquet");
    String path = "/v1/" + CATALOG + "/namespaces/ns/tables/first/sign";

    HttpResponse<String> read = RestCalls.post(path, signBody("GET", metadata, null), Map.of("Authorization", "Bearer " + reader));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(send("GET", RemoteSignResponseParser.fromJson(read.body())).statusCode()).isEqualTo(200);
    HttpResponse<String> write = RestCalls.post(path, signBody("PUT", newFile, null), Map.of("Authorization", "Bearer " + reader));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
    HttpResponse<String> delete = RestCalls.post(path, signBody("DELETE", metadata, null), Map.of("Authorization", "Bearer " + reader));
    assertThat(delete.statusCode()).isEqualTo(403);
    // metadata only: no signature for its files at all
    assertThat(RestCalls.post(path, signBody("GET", metadata, null), Map.of("Authorization", "Bearer " + lister)).statusCode())
        .isEqualTo(403);
    // nothing on the table: it does not exist as far as the caller knows
    String nobody = AccessSetup.principalWithGrants("sign_nobody", CATALOG, List.of("elsewhere"), "TABLE_READ_DATA");
    HttpResponse<String> hidden = RestCalls.post(path, signBody("GET", metadata, null), Map.of("Authorization", "Bearer " + nobody));
    assertThat(hidden.statusCode()).isEqualTo(404);
  }

  @Test
  void refusesEverythingOutsideTheTable() {
    String firstUrl = url(first.location());
    String secondUrl = url(second.location());
    String bucketUrl = endpoint + "/" + S3TestServer.BUCKET;
    String secondKey = S3Catalogs.keyOf(second.location());
    String firstKey = S3Catalogs.keyOf(first.location());
    SoftAssertions soft = new SoftAssertions();
    for (String[] request :
        new String[][] {
          {"first", "GET", secondUrl + "/metadata/x.metadata.json", "outside the locations"},
          {"first", "PUT", secondUrl + "/data/evil.parquet", "outside the locations"},
          {"first", "DELETE", secondUrl + "/data/x.parquet", "outside the locations"},
          {"first", "GET", endpoint + "/" + S3TestServer.OTHER_BUCKET + "/" + firstKey + "/data/x.parquet", "outside the locations"},
          {"first", "GET", firstUrl + "/../" + secondKey.substring(secondKey.lastIndexOf('/') + 1) + "/data/x", "'..'"},
          {"first", "GET", firstUrl + "/%2e%2e/" + secondKey.substring(secondKey.lastIndexOf('/') + 1) + "/data/x", "'..'"},
          {"first", "GET", firstUrl + "/data%2F..%2F..%2Fsecond/x", "encoded '/'"},
          {"first", "GET", firstUrl + "//data/x.parquet", "empty"},
          {"first", "GET", firstUrl + "/data/x.parquet?x-id=DeleteObjects", "x-id=DeleteObjects"},
          {"first", "POST", firstUrl + "/data/x.parquet?delete", "delete"},
          {"first", "PUT", firstUrl + "/data/x.parquet?acl", "acl"},
          {"first", "GET", bucketUrl + "?list-type=2&prefix=" + secondKey + "/", "outside the locations"},
          {"first", "GET", bucketUrl + "?list-type=2&prefix=" + firstKey, "outside the locations"},
          {"first", "GET", "http://127.0.0.2:1/" + S3TestServer.BUCKET + "/" + firstKey + "/x", "endpoint"},
          {"it%27s*", "GET", firstUrl + "/data/x.parquet", "outside the locations"},
        }) {
      HttpResponse<String> response = sign(request[0], request[1], request[2], Map.of(), null);
      soft.assertThat(response.statusCode()).as("%s %s: %s", request[1], request[2], response.body()).isEqualTo(403);
      if (response.statusCode() == 403) {
        soft.assertThat(RestCalls.error(response).message()).as(request[2]).contains(request[3]);
      }
    }
    // copy from another table, and a batch delete with a key of another table
    soft.assertThat(
            sign("first", "PUT", firstUrl + "/data/copy.parquet",
                Map.of("x-amz-copy-source", List.of(S3TestServer.BUCKET + "/" + secondKey + "/data/x.parquet")), null)
                .statusCode())
        .isEqualTo(403);
    String deleteBody =
        "<Delete><Object><Key>" + firstKey + "/data/a.parquet</Key></Object><Object><Key>" + secondKey
            + "/data/b.parquet</Key></Object></Delete>";
    soft.assertThat(sign("first", "POST", bucketUrl + "?delete", Map.of(), deleteBody).statusCode()).isEqualTo(403);
    // a table that does not exist, a malformed URI
    soft.assertThat(sign("missing", "GET", firstUrl + "/data/x", Map.of(), null).statusCode()).isEqualTo(404);
    soft.assertThat(sign("first", "GET", firstUrl + "/data/%zz", Map.of(), null).statusCode()).isEqualTo(400);
    soft.assertAll();
  }

  @Test
  void answersAccessDelegationPerRequest() {
    String path = "/v1/" + CATALOG + "/namespaces/ns/tables/first";
    HttpResponse<String> plain = RestCalls.get(path, Map.of());
    HttpResponse<String> signing = RestCalls.get(path, Map.of("X-Iceberg-Access-Delegation", "remote-signing"));
    HttpResponse<String> plainAgain = RestCalls.get(path, Map.of());
    assertThat(List.of(plain.statusCode(), signing.statusCode(), plainAgain.statusCode())).containsOnly(200);
    LoadTableResponse withoutConfig = LoadTableResponseParser.fromJson(plain.body());
    LoadTableResponse withConfig = LoadTableResponseParser.fromJson(signing.body());
    assertThat(withoutConfig.config()).isEmpty();
    assertThat(LoadTableResponseParser.fromJson(plainAgain.body()).config()).as("no config served from the cache").isEmpty();
    assertThat(withConfig.config())
        .containsEntry("s3.remote-signing-enabled", "true")
        .containsEntry("s3.endpoint", endpoint)
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("client.region", FloeTestServer.s3().region())
        .containsEntry("signer.endpoint", "v1/" + CATALOG + "/namespaces/ns/tables/first/sign")
        .containsEntry("s3.signer.endpoint", "v1/" + CATALOG + "/namespaces/ns/tables/first/sign")
        .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key", "s3.session-token");
    assertThat(signing.body()).doesNotContain(FloeTestServer.s3().secretAccessKey());
    assertThat(plain.headers().firstValue("ETag")).isNotEqualTo(signing.headers().firstValue("ETag"));

    HttpResponse<String> vended = RestCalls.get(path, Map.of("X-Iceberg-Access-Delegation", "vended-credentials"));
    assertThat(vended.statusCode()).as(vended.body()).isEqualTo(400);
    assertThat(RestCalls.error(vended).message()).contains("s3.sts-enabled").contains(CATALOG);
    HttpResponse<String> both =
        RestCalls.get(path, Map.of("X-Iceberg-Access-Delegation", "vended-credentials,remote-signing"));
    assertThat(both.statusCode()).isEqualTo(200);
    HttpResponse<String> unknown = RestCalls.get(path, Map.of("X-Iceberg-Access-Delegation", "magic"));
    assertThat(unknown.statusCode()).isEqualTo(400);

    HttpResponse<String> config = RestCalls.get("/v1/config?warehouse=" + CATALOG, Map.of());
    assertThat(config.body()).contains("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/sign");
    assertThat(RestCalls.get("/v1/config?warehouse=lakehouse", Map.of()).body())
        .as("a local catalog has nothing to sign")
        .doesNotContain("/sign");
    // the local-warehouse catalog has nothing to delegate and nothing to sign
    HttpResponse<String> local =
        RestCalls.post("/v1/lakehouse/namespaces/ns/tables/x/sign", signBody("GET", "http://127.0.0.1/x/y", null), Map.of());
    assertThat(local.statusCode()).isEqualTo(400);
    assertThat(RestCalls.error(local).message()).contains("not in S3");
    HttpResponse<String> localLoad =
        RestCalls.get("/v1/lakehouse/namespaces/no_such_ns/tables/x", Map.of("X-Iceberg-Access-Delegation", "vended-credentials"));
    assertThat(localLoad.statusCode()).as("a local catalog ignores delegation").isEqualTo(404);
  }

  @Test
  void theServerLogNeverHoldsTheKeys() throws IOException {
    assertThat(sign("first", "GET", url(second.location()) + "/data/x", Map.of(), null).statusCode()).isEqualTo(403);
    assertThat(sign("first", "GET", url(first.location()) + "/data/x", Map.of(), null).statusCode()).isEqualTo(200);
    String log = java.nio.file.Files.readString(FloeTestServer.workDir().resolve("floe-server.log"));
    assertThat(log).contains("Refused to sign").doesNotContain(FloeTestServer.s3().secretAccessKey());
  }

  // ---------------------------------------------------------------- helpers

  private static String url(String s3Location) {
    return endpoint + "/" + s3Location.substring("s3://".length());
  }

  private static HttpResponse<String> sign(
      String table, String method, String uri, Map<String, List<String>> headers, String body) {
    return RestCalls.post(
        "/v1/" + CATALOG + "/namespaces/ns/tables/" + table + "/sign", signBody(method, uri, headers, body), Map.of());
  }

  private static String signBody(String method, String uri, String body) {
    return signBody(method, uri, Map.of(), body);
  }

  private static String signBody(String method, String uri, Map<String, List<String>> headers, String body) {
    if (uri.contains("%zz")) {
      // java.net.URI refuses it, so write the JSON by hand
      return "{\"region\":\"us-east-1\",\"method\":\"" + method + "\",\"uri\":\"" + uri + "\",\"headers\":{}}";
    }
    return RemoteSignRequestParser.toJson(
        ImmutableRemoteSignRequest.builder()
            .region(FloeTestServer.s3().region())
            .method(method)
            .uri(URI.create(uri))
            .headers(headers)
            .body(body)
            .provider("s3")
            .build());
  }

  private static HttpResponse<String> send(String method, RemoteSignResponse signed) {
    Map<String, String> headers = new java.util.HashMap<>();
    signed.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    return send(method, signed.uri().toString(), headers);
  }

  private static HttpResponse<String> send(String method, String uri, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(
        (name, value) -> {
          // set by the HTTP client itself
          if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
            builder.header(name, value);
          }
        });
    try {
      return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
