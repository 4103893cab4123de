import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.*;
import org.apache.iceberg.catalog.*;
import org.apache.iceberg.data.*;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.*;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * Writes table sales.customers (500 rows: e-mail addresses, phone numbers, version strings) into a
 * running Floe, for the README's PII detection example. Run with the server's own libraries:
 * java -cp "catalog-server/target/quarkus-app/lib/main/*" scripts/PiiExampleData.java URI client_id:client_secret
 */
public class PiiExampleData {
  public static void main(String[] args) throws Exception {
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "contact", Types.StringType.get()),
        Types.NestedField.optional(3, "reach", Types.StringType.get()),
        Types.NestedField.optional(4, "app_version", Types.StringType.get()));
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("floe", Map.of("uri", args[0], "warehouse", "lakehouse", "credential", args[1],
        "oauth2-server-uri", args[0] + "/v1/oauth/tokens", "scope", "PRINCIPAL_ROLE:ALL"));
    if (!catalog.namespaceExists(Namespace.of("sales"))) {
      // the README runs this after its worked example, which created it
      catalog.createNamespace(Namespace.of("sales"));
    }
    Table table = catalog.createTable(TableIdentifier.of("sales", "customers"), schema);
    List<Record> records = new ArrayList<>();
    for (int id = 0; id < 500; id++) {
      GenericRecord record = GenericRecord.create(schema);
      record.setField("id", (long) id);
      record.setField("contact", "customer" + id + "@example.com");
      record.setField("reach", String.format("+1 (415) %03d-%04d", 200 + id % 700, id % 10000));
      record.setField("app_version", "2." + (id % 7) + "." + (id % 11) + ".1");
      records.add(record);
    }
    OutputFile file = table.io().newOutputFile(table.locationProvider().newDataLocation("data-" + UUID.randomUUID() + ".parquet"));
    DataWriter<Record> writer = Parquet.writeData(file).schema(schema).createWriterFunc(GenericParquetWriter::create)
        .overwrite().withSpec(PartitionSpec.unpartitioned()).build();
    try (writer) {
      records.forEach(writer::write);
    }
    table.newAppend().appendFile(writer.toDataFile()).commit();
    catalog.close();
    System.out.println("wrote 500 rows to sales.customers");
  }
}
