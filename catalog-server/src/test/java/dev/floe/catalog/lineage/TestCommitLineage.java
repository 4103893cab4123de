package dev.floe.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TestCommitLineage {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static final TableIdentifier TABLE = TableIdentifier.of(Namespace.of("sales", "eu"), "orders");
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void aTrinoCommitJoinsTheRunTrinosListenerNamesAfterTheQuery() {
    TableMetadata base = empty();
    TableMetadata committed = withSnapshot(base, Map.of("trino_query_id", "20261130_120000_00001_abcde"));
    LineageStore.CommitReport report = CommitLineage.report("lakehouse", TABLE, base, committed, "file:/m/2.json", "trino_engine", AT);
    assertThat(report.table()).isEqualTo(new CatalogTable("lakehouse", List.of("sales", "eu"), "orders"));
    assertThat(report.snapshotId()).isEqualTo(committed.currentSnapshot().snapshotId());
    assertThat(report.engine()).contains("trino");
    assertThat(report.engineRun()).contains("20261130_120000_00001_abcde");
    // the listener's run id: a name-based UUID of the query id
    assertThat(report.engineRunId())
        .contains(UUID.nameUUIDFromBytes("20261130_120000_00001_abcde".getBytes(StandardCharsets.UTF_8)));
    assertThat(report.committedBy()).isEqualTo("trino_engine");
  }

  @Test
  void aSparkCommitKeepsItsApplicationIdAsAHintOnly() {
    TableMetadata base = empty();
    LineageStore.CommitReport report =
        CommitLineage.report("lakehouse", TABLE, base, withSnapshot(base, Map.of("spark.app.id", "local-1234")), "file:/m/2.json", "spark", AT);
    assertThat(report.engine()).contains("spark");
    assertThat(report.engineRun()).contains("local-1234");
    assertThat(report.engineRunId()).isEmpty();
  }

  @Test
  void aCommitThatMakesNoNewSnapshotHasNoSnapshotAndNoHints() {
    TableMetadata withData = withSnapshot(empty(), Map.of("trino_query_id", "q1"));
    TableMetadata propertiesOnly = TableMetadata.buildFrom(withData).setProperties(Map.of("owner", "x")).build();
    LineageStore.CommitReport report = CommitLineage.report("lakehouse", TABLE, withData, propertiesOnly, "file:/m/3.json", "alice", AT);
    assertThat(report.snapshotId()).isNull();
    assertThat(report.engine()).isEmpty();
    assertThat(report.engineRunId()).isEmpty();
  }

  @Test
  void aCreateWithoutDataIsAPlainCommitOfTheCreator() {
    LineageStore.CommitReport report = CommitLineage.report("lakehouse", TABLE, null, empty(), "file:/m/1.json", "alice", AT);
    assertThat(report.snapshotId()).isNull();
    assertThat(report.engineRun()).isEmpty();
  }

  private static TableMetadata empty() {
    return TableMetadata.newTableMetadata(SCHEMA, PartitionSpec.unpartitioned(), SortOrder.unsorted(), "file:/w/sales/eu/orders", Map.of());
  }

  /** {@code base} with a new current snapshot whose summary holds {@code summary}, made by Iceberg's own append. */
  private static TableMetadata withSnapshot(TableMetadata base, Map<String, String> summary) {
    try (InMemoryCatalog catalog = new InMemoryCatalog()) {
      catalog.initialize("test", Map.of());
      catalog.createNamespace(TABLE.namespace());
      Table table = catalog.registerTable(TABLE, write(base));
      AppendFiles append =
          table.newAppend()
              .appendFile(
                  DataFiles.builder(PartitionSpec.unpartitioned())
                      .withPath("file:/w/sales/eu/orders/data/a.parquet")
                      .withFileSizeInBytes(10)
                      .withRecordCount(1)
                      .build());
      summary.forEach(append::set);
      append.commit();
      return ((HasTableOperations) table).operations().current();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code metadata} in a file of the in-memory file system (shared by every InMemoryFileIO). */
  private static String write(TableMetadata metadata) {
    String location = "file:/w/sales/eu/orders/metadata/" + UUID.randomUUID() + ".metadata.json";
    TableMetadataParser.write(metadata, new InMemoryFileIO().newOutputFile(location));
    return location;
  }
}
