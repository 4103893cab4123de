package dev.floe.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.storage.CatalogStorage;
import dev.floe.catalog.storage.LocalFileIO;
import dev.floe.policy.contracts.ContractViolation;
import dev.floe.policy.contracts.SchemaContractViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of commits to existing tables: called with both metadata, and a refusal writes nothing. */
class TestSchemaChangeCheck {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()), Types.NestedField.optional(2, "note", Types.StringType.get()));

  @TempDir private Path warehouse;

  @Test
  void aRefusedCommitWritesNoMetadataFileAndChangesNothing() throws IOException {
    List<String> seen = new ArrayList<>();
    SchemaChangeCheck check =
        (catalog, table, base, updated) -> {
          seen.add(table + ":" + base.schema().columns().size() + "->" + updated.schema().columns().size());
          if (updated.schema().findField("id") == null) {
            throw new SchemaContractViolationException(
                "refused", List.of(new ContractViolation("required-columns", "id", "drops it", "keep it")));
          }
        };
    InMemoryMetastore metastore = new InMemoryMetastore();
    FloeCatalog catalog =
        new FloeCatalog(
            metastore,
            metastore.createCatalog("contracts", "file://" + warehouse.toAbsolutePath(), Map.of(), existing -> {}),
            CatalogStorage.local(new LocalFileIO()),
            new MetadataCache(16L << 20, true),
            null,
            null,
            check,
            CommitObserver.NONE,
            dev.floe.catalog.metastore.PointerCache.disabled());
    catalog.createNamespace(Namespace.of("db"));
    TableIdentifier identifier = TableIdentifier.of("db", "t");
    Table table = catalog.createTable(identifier, SCHEMA);
    assertThat(seen).as("creating a table is not checked").isEmpty();
    long filesBefore = metadataFiles();

    assertThatThrownBy(() -> table.updateSchema().deleteColumn("id").commit()).isInstanceOf(SchemaContractViolationException.class);
    assertThat(metadataFiles()).isEqualTo(filesBefore);
    assertThat(catalog.loadTable(identifier).schema().findField("id")).isNotNull();

    catalog.loadTable(identifier).updateSchema().deleteColumn("note").commit();
    assertThat(seen).containsExactly("db.t:2->1", "db.t:2->1");
    assertThat(metadataFiles()).isEqualTo(filesBefore + 1);
  }

  private long metadataFiles() throws IOException {
    try (Stream<Path> files = Files.walk(warehouse)) {
      return files.filter(path -> path.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }
}
