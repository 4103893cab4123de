package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A catalog on a real S3-compatible server (S3Proxy, or Garage through scripts/garage-test.sh):
 * Iceberg's Java client without S3 keys of its own creates, writes (Parquet) and reads tables
 * through Floe's remote signing; a purge deletes the table's objects and nothing else.
 */
class ITS3RemoteSigning {
  private static final String CATALOG = "s3signing";
  private static final Namespace NAMESPACE = Namespace.of("sales");

  @BeforeAll
  static void createCatalog() {
    S3Catalogs.create(CATALOG);
  }

  @Test
  void writesAndReadsThroughRemoteSigning() throws Exception {
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(CATALOG)) {
      catalog.createNamespace(NAMESPACE);
      TableIdentifier identifier = TableIdentifier.of(NAMESPACE, "orders");
      Table table = catalog.createTable(identifier, IcebergClients.SCHEMA);
      assertThat(table.location()).startsWith("s3://" + S3TestServer.BUCKET + "/" + CATALOG + "/sales/orders-");
      assertThat(table.io().properties())
          .containsEntry("s3.remote-signing-enabled", "true")
          .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key");

      IcebergClients.appendRecords(table, IcebergClients.records(0, 100));
      IcebergClients.appendRecords(table, IcebergClients.records(100, 50));

      Table loaded = catalog.loadTable(identifier);
      List<Record> rows = IcebergClients.readAll(loaded);
      assertThat(rows).hasSize(150);
      assertThat(rows.stream().map(row -> (Long) row.getField("id")).sorted().toList())
          .isEqualTo(java.util.stream.LongStream.range(0, 150).boxed().toList());

      String prefix = S3Catalogs.keyOf(loaded.location()) + "/";
      List<String> keys = FloeTestServer.s3().keys(S3TestServer.BUCKET, prefix);
      assertThat(keys).anyMatch(key -> key.startsWith(prefix + "data/") && key.endsWith(".parquet"));
      assertThat(keys).anyMatch(key -> key.startsWith(prefix + "metadata/") && key.endsWith(".metadata.json"));
    }
  }

  @Test
  void tableNamesWithQuotesAndStarsWorkAndStayInTheirLocation() {
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(CATALOG)) {
      Namespace namespace = Namespace.of("odd'names*");
      catalog.createNamespace(namespace);
      TableIdentifier identifier = TableIdentifier.of(namespace, "it's*a table");
      Table table = catalog.createTable(identifier, IcebergClients.SCHEMA);
      IcebergClients.appendRecords(table, IcebergClients.records(0, 10));
      assertThat(IcebergClients.readAll(catalog.loadTable(identifier))).hasSize(10);
      // the odd characters never reach the object keys
      assertThat(table.location()).doesNotContain("'").doesNotContain("*").doesNotContain(" ");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void purgeDeletesTheTablesObjectsAndNothingElse() throws Exception {
    S3TestServer s3 = FloeTestServer.s3();
    try (RESTCatalog catalog = S3Catalogs.remoteSigningClient(CATALOG)) {
      Namespace namespace = Namespace.of("purge");
      catalog.createNamespace(namespace);
      Table keep = catalog.createTable(TableIdentifier.of(namespace, "keep"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(keep, IcebergClients.records(0, 5));
      keep.refresh();
      Table doomed = catalog.createTable(TableIdentifier.of(namespace, "doomed"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(doomed, IcebergClients.records(0, 5));
      // a commit that claims another table's data file: the purge must not delete it
      DataFile stolen = keep.currentSnapshot().addedDataFiles(keep.io()).iterator().next();
      doomed.newAppend().appendFile(stolen).commit();

      // bystanders: next to the table, in the catalog root, in another bucket
      String doomedKey = S3Catalogs.keyOf(doomed.location());
      String sibling = doomedKey + "-sibling/file.txt";
      s3.client().putObject(r -> r.bucket(S3TestServer.BUCKET).key(sibling), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      s3.client().putObject(r -> r.bucket(S3TestServer.OTHER_BUCKET).key(doomedKey + "/data/x.parquet"), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      List<String> before = s3.keys(S3TestServer.BUCKET, "");
      List<String> doomedKeys = s3.keys(S3TestServer.BUCKET, doomedKey + "/");
      assertThat(doomedKeys).isNotEmpty();

      assertThat(catalog.dropTable(TableIdentifier.of(namespace, "doomed"), true)).isTrue();
      com.fasterxml.jackson.databind.JsonNode job = Purges.awaitDone(CATALOG, "purge.doomed", java.time.Duration.ofSeconds(60));
      assertThat(job.get("files-deleted").asLong()).isEqualTo(doomedKeys.size());
      // the manifest's entry for the other table's file was refused
      assertThat(job.get("files-skipped").asLong()).isEqualTo(1);

      List<String> after = s3.keys(S3TestServer.BUCKET, "");
      assertThat(after).as("the purged table's objects are gone").noneMatch(key -> key.startsWith(doomedKey + "/"));
      List<String> expected = new java.util.ArrayList<>(before);
      expected.removeAll(doomedKeys);
      assertThat(after).as("nothing outside its location was deleted").containsExactlyInAnyOrderElementsOf(expected);
      assertThat(after).contains(S3Catalogs.keyOf(stolen.location()), sibling);
      assertThat(s3.keys(S3TestServer.OTHER_BUCKET, doomedKey + "/")).hasSize(1);
      assertThat(IcebergClients.readAll(catalog.loadTable(TableIdentifier.of(namespace, "keep")))).hasSize(5);
    }
  }
}
