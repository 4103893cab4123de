package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A catalog whose object store is down (its endpoint a closed port on loopback): requests that
 * touch storage answer 503 with a message saying so, never 500; requests that do not still work.
 */
class ITS3Outage {
  private static final String CATALOG = "s3down";

  @Test
  void anUnreachableStoreAnswers503() {
    int closedPort = ServerProcess.freePort();
    String body =
        "{\"name\":\"" + CATALOG + "\",\"storage-root\":\"s3://" + S3TestServer.BUCKET + "/" + CATALOG + "\","
            + "\"properties\":{"
            + "\"s3.endpoint\":\"http://127.0.0.1:" + closedPort + "\","
            + "\"s3.region\":\"us-east-1\","
            + "\"s3.path-style-access\":\"true\","
            + "\"s3.credentials\":\"env:" + S3TestServer.CREDENTIALS_PREFIX + "\"}}";
    HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    HttpResponse<String> namespace = RestCalls.post("/v1/" + CATALOG + "/namespaces", "{\"namespace\":[\"ns\"]}", Map.of());
    assertThat(namespace.statusCode()).as("no storage involved").isEqualTo(200);

    long started = System.nanoTime();
    HttpResponse<String> table =
        RestCalls.post(
            "/v1/" + CATALOG + "/namespaces/ns/tables",
            "{\"name\":\"t\",\"schema\":{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"id\",\"type\":\"long\",\"required\":true}]}}",
            Map.of());
    System.out.printf("ITS3Outage: createTable against a closed port answered %d in %d ms%n",
        table.statusCode(), (System.nanoTime() - started) / 1_000_000);
    assertThat(table.statusCode()).as(table.body()).isEqualTo(503);
    assertThat(RestCalls.error(table).type()).isEqualTo("ServiceUnavailableException");
    assertThat(RestCalls.error(table).message()).contains("Object storage unavailable").contains("Connection refused");

    HttpResponse<String> register =
        RestCalls.post(
            "/v1/" + CATALOG + "/namespaces/ns/register",
            "{\"name\":\"r\",\"metadata-location\":\"s3://" + S3TestServer.BUCKET + "/" + CATALOG + "/ns/r/metadata/v1.metadata.json\"}",
            Map.of());
    assertThat(register.statusCode()).as(register.body()).isEqualTo(503);
    assertThat(table.body()).doesNotContain(FloeTestServer.s3().secretAccessKey());
  }
}
