package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** A multi-table commit is all or nothing. */
class ITMultiTableCommit {
  @Test
  void allOrNothing() throws Exception {
    Namespace namespace = Namespace.of("it_multi");
    TableIdentifier first = TableIdentifier.of(namespace, "first");
    TableIdentifier second = TableIdentifier.of(namespace, "second");
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      catalog.createNamespace(namespace);
      catalog.createTable(first, IcebergClients.SCHEMA);
      catalog.createTable(second, IcebergClients.SCHEMA);

      // both changes apply together
      catalog.commitTransaction(
          withProperty(catalog, first, "batch", "1"), withProperty(catalog, second, "batch", "1"));
      assertThat(catalog.loadTable(first).properties()).containsEntry("batch", "1");
      assertThat(catalog.loadTable(second).properties()).containsEntry("batch", "1");

      // a schema change to the second table prepared on metadata that then goes stale
      TableMetadata staleSecond = metadata(catalog, second);
      catalog.loadTable(second).updateSchema().addColumn("concurrent", Types.StringType.get()).commit();
      Schema widened =
          new Schema(
              Types.NestedField.required(1, "id", Types.LongType.get()),
              Types.NestedField.optional(2, "name", Types.StringType.get()),
              Types.NestedField.optional(3, "late", Types.StringType.get()));
      TableCommit staleChange =
          TableCommit.create(second, staleSecond, staleSecond.updateSchema(widened));

      assertThatThrownBy(
              () -> catalog.commitTransaction(withProperty(catalog, first, "batch", "2"), staleChange))
          .isInstanceOf(CommitFailedException.class)
          .hasMessageContaining("Requirement failed");
      assertThat(catalog.loadTable(first).properties())
          .as("the first table's change was rolled back with the second's")
          .containsEntry("batch", "1");
      assertThat(catalog.loadTable(second).schema().findField("late")).isNull();
      assertThat(catalog.loadTable(second).schema().findField("concurrent")).isNotNull();

      catalog.dropTable(first);
      catalog.dropTable(second);
      catalog.dropNamespace(namespace);
    }
  }

  private static TableMetadata metadata(RESTCatalog catalog, TableIdentifier identifier) {
    Table table = catalog.loadTable(identifier);
    return ((BaseTable) table).operations().current();
  }

  private static TableCommit withProperty(
      RESTCatalog catalog, TableIdentifier identifier, String key, String value) {
    TableMetadata base = metadata(catalog, identifier);
    return TableCommit.create(identifier, base, base.replaceProperties(merge(base.properties(), key, value)));
  }

  private static Map<String, String> merge(Map<String, String> properties, String key, String value) {
    java.util.Map<String, String> merged = new java.util.HashMap<>(properties);
    merged.put(key, value);
    return merged;
  }
}
