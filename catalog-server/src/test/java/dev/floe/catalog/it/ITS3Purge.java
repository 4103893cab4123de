package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Drop with purge in the background, on S3 (S3Proxy): the drop answers at once, the purge job
 * shows its progress in the management API, deletes the table's files (also one its metadata does
 * not name) and leaves a neighbouring table whose location starts with the same string alone.
 */
class ITS3Purge {
  private static final String CATALOG = "s3purge";
  private static final Namespace NAMESPACE = Namespace.of("ns");

  @BeforeAll
  static void createCatalog() {
    S3Catalogs.create(CATALOG);
  }

  @Test
  void purgeDeletesTheTableAndSparesItsNeighbour() throws Exception {
    S3TestServer s3 = FloeTestServer.s3();
    String base = "s3://" + S3TestServer.BUCKET + "/" + CATALOG + "/ns/";
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(CATALOG)) {
      catalog.createNamespace(NAMESPACE);
      Table t1 = catalog.buildTable(TableIdentifier.of(NAMESPACE, "t1"), IcebergClients.SCHEMA).withLocation(base + "t1").create();
      Table t10 = catalog.buildTable(TableIdentifier.of(NAMESPACE, "t10"), IcebergClients.SCHEMA).withLocation(base + "t10").create();
      for (int i = 0; i < 3; i++) {
        IcebergClients.appendRecords(t1, IcebergClients.records(i * 10, 10));
      }
      IcebergClients.appendRecords(t10, IcebergClients.records(0, 7));
      // a file no metadata names (a failed writer's leftover): the purge sweeps it too
      String orphan = CATALOG + "/ns/t1/data/orphan.parquet";
      s3.client().putObject(r -> r.bucket(S3TestServer.BUCKET).key(orphan), RequestBody.fromString("x"));

      List<String> t1Keys = s3.keys(S3TestServer.BUCKET, CATALOG + "/ns/t1/");
      List<String> t10Keys = s3.keys(S3TestServer.BUCKET, CATALOG + "/ns/t10/");
      assertThat(t1Keys).contains(orphan).hasSizeGreaterThan(10);
      assertThat(t10Keys).isNotEmpty();

      long dropStarted = System.nanoTime();
      assertThat(catalog.dropTable(TableIdentifier.of(NAMESPACE, "t1"), true)).isTrue();
      long dropMillis = (System.nanoTime() - dropStarted) / 1_000_000;
      assertThat(catalog.tableExists(TableIdentifier.of(NAMESPACE, "t1"))).isFalse();

      long purgeStarted = System.nanoTime();
      JsonNode job = Purges.awaitDone(CATALOG, "ns.t1", Duration.ofSeconds(60));
      System.out.printf(
          "ITS3Purge: drop answered in %d ms; purge of %d objects done %d ms later (job %s)%n",
          dropMillis, t1Keys.size(), (System.nanoTime() - purgeStarted) / 1_000_000, job);
      assertThat(job.get("files-deleted").asLong()).isGreaterThanOrEqualTo(t1Keys.size());
      assertThat(job.get("attempts").asInt()).isEqualTo(1);
      assertThat(job.get("location").asText()).isEqualTo(base + "t1");
      assertThat(job.get("finished-at").isNull()).isFalse();

      assertThat(s3.keys(S3TestServer.BUCKET, CATALOG + "/ns/t1/")).isEmpty();
      assertThat(s3.keys(S3TestServer.BUCKET, CATALOG + "/ns/t10/")).containsExactlyInAnyOrderElementsOf(t10Keys);
      assertThat(IcebergClients.readAll(catalog.loadTable(TableIdentifier.of(NAMESPACE, "t10")))).hasSize(7);
    }
  }

  @Test
  void purgesOfAnUnknownCatalogAre404() {
    HttpResponse<String> response = RestCalls.getFromServer("/api/management/v1/catalogs/nosuchcatalog/purges");
    assertThat(response.statusCode()).isEqualTo(404);
    HttpResponse<String> bad = RestCalls.getFromServer("/api/management/v1/catalogs/" + CATALOG + "/purges?limit=0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("limit");
  }
}
