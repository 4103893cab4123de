package dev.floe.catalog.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.it.IcebergClients;
import dev.floe.policy.pii.PiiClassifier;
import dev.floe.policy.pii.PiiKind;
import dev.floe.policy.pii.Proposal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Samples real Parquet data files written by Iceberg's Java client, read back by its generic reader. */
class TestTableSampler {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "contact", Types.StringType.get()),
      Types.NestedField.optional(3, "customer", Types.StringType.get()),
      Types.NestedField.optional(4, "date_of_birth", Types.DateType.get()),
      Types.NestedField.optional(5, "comment", Types.StringType.get()),
      Types.NestedField.optional(6, "tags", Types.ListType.ofOptional(7, Types.StringType.get())));

  private static final String[] GIVEN = {"Mary", "John", "Priya", "Lukas", "Sofia", "Omar"};
  private static final String[] FAMILY = {"Smith", "Weber", "Sharma", "Rossi", "Khan", "Nguyen"};

  private Table table;

  @BeforeEach
  void createTable() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("crm"));
    table = catalog.createTable(TableIdentifier.of("crm", "customers"), SCHEMA);
  }

  private static List<Record> customers(long fromId, int count) {
    List<Record> records = new ArrayList<>();
    for (long id = fromId; id < fromId + count; id++) {
      int i = (int) id;
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.setField("id", id);
      record.setField("contact", id % 10 == 0 ? null : GIVEN[i % 6].toLowerCase() + "." + id + "@example.com");
      record.setField("customer", GIVEN[i % 6] + " " + FAMILY[(i / 6) % 6]);
      record.setField("date_of_birth", LocalDate.of(1950 + i % 50, 1 + i % 12, 1 + i % 28));
      record.setField("comment", "order " + id + " shipped");
      record.setField("tags", List.of("a"));
      records.add(record);
    }
    return records;
  }

  @Test
  void samplesTheCurrentSnapshotUpToTheLimitAndProposesTags() {
    IcebergClients.appendRecords(table, customers(0, 300));
    IcebergClients.appendRecords(table, customers(300, 300));

    TableSampler.Result result = new TableSampler(PiiClassifier.defaults(), 250).classify(table, List.of());

    assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(result.sampledRows()).isEqualTo(250);
    // the list column is not sampled
    assertThat(result.proposals()).containsOnlyKeys("id", "contact", "customer", "date_of_birth", "comment");
    assertThat(kinds(result.proposals().get("contact"))).containsExactly(PiiKind.EMAIL);
    assertThat(result.proposals().get("contact").getFirst().sampledValues()).isEqualTo(225);
    assertThat(kinds(result.proposals().get("customer"))).containsExactly(PiiKind.PERSON_NAME);
    assertThat(kinds(result.proposals().get("date_of_birth"))).containsExactly(PiiKind.DATE_OF_BIRTH);
    assertThat(result.proposals().get("id")).isEmpty();
    assertThat(result.proposals().get("comment")).isEmpty();
    assertThat(result.toString()).doesNotContain("@example.com").doesNotContain("Smith");
  }

  @Test
  void stopsBeforeTheFilesItDoesNotNeed() throws Exception {
    for (int file = 0; file < 3; file++) {
      IcebergClients.appendRecords(table, customers(file * 300L, 300));
    }
    // one manifest: its files are planned in one order (several manifests are read in parallel,
    // in no fixed order), the same for this listing and for the sampler's read
    table.rewriteManifests().clusterBy(file -> "all").commit();
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    }
    assertThat(files).hasSize(3);
    // the reader opens files in scan order: with the later ones gone, reading any of them would fail
    table.io().deleteFile(files.get(1));
    table.io().deleteFile(files.get(2));

    TableSampler.Result result = new TableSampler(PiiClassifier.defaults(), 300).classify(table, List.of("contact"));

    assertThat(result.sampledRows()).isEqualTo(300);
    assertThatThrownBy(() -> new TableSampler(PiiClassifier.defaults(), 301).classify(table, List.of("contact")))
        .as("the proof that the deleted files would have been read")
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void readsOnlyTheNamedColumns() {
    IcebergClients.appendRecords(table, customers(0, 50));

    TableSampler.Result result = new TableSampler(PiiClassifier.defaults(), 2000).classify(table, List.of("contact"));

    assertThat(result.sampledRows()).isEqualTo(50);
    assertThat(result.proposals()).containsOnlyKeys("contact");
    assertThatThrownBy(() -> new TableSampler(PiiClassifier.defaults(), 10).classify(table, List.of("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void aTableWithoutSnapshotHasNothingToSample() {
    TableSampler.Result result = new TableSampler(PiiClassifier.defaults(), 10).classify(table, List.of("contact"));

    assertThat(result.snapshotId()).isEqualTo(-1);
    assertThat(result.sampledRows()).isZero();
    assertThat(result.proposals().get("contact")).isEmpty();
  }

  private static List<PiiKind> kinds(List<Proposal> proposals) {
    return proposals.stream().map(Proposal::kind).toList();
  }
}
