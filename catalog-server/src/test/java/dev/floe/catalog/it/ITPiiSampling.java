package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.pii.TableSampler;
import dev.floe.policy.pii.PiiClassifier;
import dev.floe.policy.pii.PiiKind;
import dev.floe.policy.pii.Proposal;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A table written by Iceberg's Java client into a running Floe server is sampled through Iceberg's
 * generic Parquet reader and classified.
 */
class ITPiiSampling {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "reach", Types.StringType.get()),
      Types.NestedField.optional(3, "client_ip", Types.StringType.get()),
      Types.NestedField.optional(4, "agent_version", Types.StringType.get()));

  @Test
  void samplesATableOfTheServer() throws Exception {
    Namespace namespace = Namespace.of("it_pii");
    TableIdentifier identifier = TableIdentifier.of(namespace, "visits");
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(namespace);
      Table created = catalog.createTable(identifier, SCHEMA);
      for (int file = 0; file < 3; file++) {
        List<Record> records = new ArrayList<>();
        for (int row = 0; row < 1000; row++) {
          int id = file * 1000 + row;
          GenericRecord record = GenericRecord.create(SCHEMA);
          record.setField("id", (long) id);
          record.setField("reach", String.format("+1 (415) %03d-%04d", 200 + id % 700, id % 10000));
          record.setField("client_ip", "198.51." + (id % 256) + "." + (1 + id % 250));
          record.setField("agent_version", "2." + (id % 7) + "." + (id % 11) + ".1");
          records.add(record);
        }
        IcebergClients.appendRecords(created, records);
      }

      Table table = catalog.loadTable(identifier);
      TableSampler.Result result = new TableSampler(PiiClassifier.defaults(), TableSampler.DEFAULT_MAXIMUM_ROWS)
          .classify(table, List.of());

      assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
      assertThat(result.sampledRows()).isEqualTo(TableSampler.DEFAULT_MAXIMUM_ROWS);
      assertThat(kinds(result, "reach")).containsExactly(PiiKind.PHONE);
      assertThat(kinds(result, "client_ip")).containsExactly(PiiKind.IP_ADDRESS);
      assertThat(kinds(result, "agent_version")).isEmpty();
      assertThat(kinds(result, "id")).isEmpty();

      catalog.dropTable(identifier, true);
      catalog.dropNamespace(namespace);
    }
  }

  private static List<PiiKind> kinds(TableSampler.Result result, String column) {
    return result.proposals().get(column).stream().map(Proposal::kind).toList();
  }
}
