package dev.floe.catalog.governance;

import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** Iceberg schemas as the governance model sees them: the top-level columns with field ids. */
public final class IcebergSchemas {
  private IcebergSchemas() {}

  /** The top-level columns of {@code schema}, with their field ids, names and Iceberg types. */
  public static TableSchema toTableSchema(Schema schema) {
    List<SchemaColumn> columns =
        schema.columns().stream().map(IcebergSchemas::column).toList();
    return new TableSchema(columns);
  }

  private static SchemaColumn column(Types.NestedField field) {
    return new SchemaColumn(field.fieldId(), field.name(), field.type().toString());
  }
}
