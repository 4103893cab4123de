package dev.floe.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/** Iceberg's own Java REST client, as Spark and Flink use it, pointed at a Floe server. */
public final class IcebergClients {
  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  private IcebergClients() {}

  public static RESTCatalog catalog(String catalogUri) {
    return catalog(catalogUri, Map.of());
  }

  public static RESTCatalog catalog(String catalogUri, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>();
    properties.put("uri", catalogUri);
    properties.put("warehouse", "lakehouse");
    // the root principal's client credentials unless the test brings its own identity
    if (!extra.containsKey("token")) {
      properties.put("credential", FloeTestServer.ROOT_CREDENTIAL);
      properties.put("oauth2-server-uri", catalogUri + "/v1/oauth/tokens");
      properties.put("scope", "PRINCIPAL_ROLE:ALL");
    }
    properties.putAll(extra);
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("floe", properties);
    return catalog;
  }

  /** Writes {@code records} to a real Parquet data file of {@code table} and appends it. */
  public static void appendRecords(Table table, List<Record> records) {
    OutputFile file =
        table.io().newOutputFile(table.locationProvider().newDataLocation(
            "data-" + java.util.UUID.randomUUID() + ".parquet"));
    try {
      DataWriter<Record> writer =
          Parquet.writeData(file)
              .schema(table.schema())
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .withSpec(PartitionSpec.unpartitioned())
              .build();
      try (writer) {
        records.forEach(writer::write);
      }
      table.newAppend().appendFile(writer.toDataFile()).commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Record> records(long fromId, int count) {
    List<Record> records = new ArrayList<>();
    for (long id = fromId; id < fromId + count; id++) {
      GenericRecord record = GenericRecord.create(SCHEMA);
      record.setField("id", id);
      record.setField("name", "row-" + id);
      records.add(record);
    }
    return records;
  }

  public static List<Record> readAll(Table table) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> iterable = IcebergGenerics.read(table).build()) {
      iterable.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** A data file entry that no one reads: enough for commit tests. */
  public static DataFile fakeDataFile(String path) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(path)
        .withFormat(org.apache.iceberg.FileFormat.PARQUET)
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }
}
