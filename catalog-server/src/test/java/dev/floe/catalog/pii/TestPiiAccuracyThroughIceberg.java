package dev.floe.catalog.pii;

import dev.floe.catalog.it.IcebergClients;
import dev.floe.policy.pii.PiiAccuracy;
import dev.floe.policy.pii.PiiClassifier;
import dev.floe.policy.pii.PiiDatasetGenerator;
import dev.floe.policy.pii.PiiDatasetGenerator.LabelledColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The accuracy test again, but each labelled column is first written as an Iceberg table (one
 * Parquet data file) and read back by the {@link TableSampler} through Iceberg's generic reader,
 * so the classifier sees values as the reader returns them.
 */
class TestPiiAccuracyThroughIceberg {
  private static final int ROWS = 200;

  @Test
  void precisionAndRecallThroughTheParquetReader() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("accuracy", Map.of());
    Namespace namespace = Namespace.of("pii");
    catalog.createNamespace(namespace);
    PiiClassifier classifier = PiiAccuracy.classifierAsOf(PiiDatasetGenerator.TODAY);
    TableSampler sampler = new TableSampler(classifier, TableSampler.DEFAULT_MAXIMUM_ROWS);
    PiiAccuracy accuracy = new PiiAccuracy(classifier.threshold());

    long start = System.nanoTime();
    int index = 0;
    for (LabelledColumn column : new PiiDatasetGenerator(ROWS).generate()) {
      Type type = icebergType(column.type());
      Schema schema = new Schema(Types.NestedField.optional(1, column.name(), type));
      Table table = catalog.createTable(TableIdentifier.of(namespace, "column_" + index++), schema);
      List<Record> records = new ArrayList<>();
      for (Object value : column.values()) {
        GenericRecord record = GenericRecord.create(schema);
        record.set(0, convert(value, type));
        records.add(record);
      }
      IcebergClients.appendRecords(table, records);
      TableSampler.Result result = sampler.classify(table, List.of(column.name()));
      accuracy.record(column, result.proposals().get(column.name()));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.print(accuracy.table("PII classifier accuracy through Iceberg tables and the Parquet reader, "
        + ROWS + " rows a column, " + millis + " ms (writing included)"));
    accuracy.assertMeetsMinimums();
  }

  private static Type icebergType(String type) {
    return switch (type) {
      case "string" -> Types.StringType.get();
      case "long" -> Types.LongType.get();
      case "date" -> Types.DateType.get();
      case "timestamp" -> Types.TimestampType.withoutZone();
      case "decimal(10,2)" -> Types.DecimalType.of(10, 2);
      default -> throw new IllegalArgumentException("no Iceberg type for " + type);
    };
  }

  private static Object convert(Object value, Type type) {
    if (value == null) {
      return null;
    }
    if (type instanceof Types.DecimalType decimal) {
      return new BigDecimal(value.toString()).setScale(decimal.scale(), RoundingMode.HALF_UP);
    }
    return value;
  }
}
