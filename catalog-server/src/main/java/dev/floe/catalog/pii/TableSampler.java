package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.pii.ColumnSample;
import dev.floe.policy.pii.PiiClassifier;
import dev.floe.policy.pii.Proposal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Samples up to a number of rows of a table's current snapshot through Iceberg's generic reader,
 * reading only the columns asked for and stopping (closing the open file) once it has enough,
 * and hands the sample to the PII classifier. The sampled values stay inside this class: they
 * are not logged, stored or returned; what comes out is counts and proposals.
 */
public final class TableSampler {
  public static final int DEFAULT_MAXIMUM_ROWS = 2000;

  /**
   * What sampling a table found.
   *
   * @param snapshotId the snapshot sampled, or -1 for a table without one
   * @param sampledRows how many rows were read
   * @param proposals per column name (top-level columns of primitive types only), the classifier's
   *     proposals, possibly none
   */
  public record Result(long snapshotId, int sampledRows, Map<String, List<Proposal>> proposals) {
    public Result {
      requireNonNull(proposals, "proposals is null");
      proposals = Map.copyOf(proposals);
    }
  }

  private final PiiClassifier classifier;
  private final int maximumRows;

  public TableSampler(PiiClassifier classifier, int maximumRows) {
    this.classifier = requireNonNull(classifier, "classifier is null");
    if (maximumRows < 1) {
      throw new IllegalArgumentException("maximumRows must be at least 1, got " + maximumRows);
    }
    this.maximumRows = maximumRows;
  }

  /**
   * Samples and classifies the named top-level columns, or every top-level primitive column when
   * {@code columnNames} is empty. Columns of nested types are skipped.
   */
  public Result classify(Table table, List<String> columnNames) {
    requireNonNull(table, "table is null");
    requireNonNull(columnNames, "columnNames is null");
    Schema schema = table.schema();
    List<Types.NestedField> columns = new ArrayList<>();
    if (columnNames.isEmpty()) {
      for (Types.NestedField field : schema.columns()) {
        if (field.type().isPrimitiveType()) {
          columns.add(field);
        }
      }
    } else {
      for (String name : columnNames) {
        Types.NestedField field = schema.findField(name);
        if (field == null || schema.columns().stream().noneMatch(column -> column.fieldId() == field.fieldId())) {
          throw new IllegalArgumentException("table " + table.name() + " has no top-level column " + name);
        }
        if (field.type().isPrimitiveType()) {
          columns.add(field);
        }
      }
    }
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null || columns.isEmpty()) {
      Map<String, List<Proposal>> none = new LinkedHashMap<>();
      for (Types.NestedField column : columns) {
        none.put(column.name(), classifier.classify(sample(column, List.of())));
      }
      return new Result(snapshot == null ? -1 : snapshot.snapshotId(), 0, none);
    }

    List<List<Object>> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Types.NestedField column : columns) {
      values.add(new ArrayList<>());
      names.add(column.name());
    }
    int rows = 0;
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).select(names).build()) {
      for (Record record : records) {
        for (int i = 0; i < names.size(); i++) {
          values.get(i).add(record.getField(names.get(i)));
        }
        rows++;
        if (rows >= maximumRows) {
          break;
        }
      }
    } catch (IOException e) {
      // the message names the table, never a value
      throw new UncheckedIOException("cannot sample table " + table.name(), e);
    }

    Map<String, List<Proposal>> proposals = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      proposals.put(names.get(i), classifier.classify(sample(columns.get(i), values.get(i))));
      values.get(i).clear();
    }
    return new Result(snapshot.snapshotId(), rows, proposals);
  }

  private static ColumnSample sample(Types.NestedField column, List<Object> values) {
    Type type = column.type();
    return new ColumnSample(column.name(), type.toString(), values);
  }
}
