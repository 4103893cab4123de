package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocalFileIO;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestConfinedFileIO {
  @TempDir Path directory;

  @Test
  void deletesOnlyInsideTheTablesLocations() throws Exception {
    Path table = Files.createDirectories(directory.resolve("ns/t1"));
    Path dataPath = Files.createDirectories(directory.resolve("elsewhere/t1-data"));
    Path other = Files.createDirectories(directory.resolve("ns/t1-other"));
    Path inside = Files.writeString(table.resolve("a.parquet"), "a");
    Path insideDataPath = Files.writeString(dataPath.resolve("b.parquet"), "b");
    Path sibling = Files.writeString(other.resolve("c.parquet"), "c");
    Path traversal = Files.writeString(directory.resolve("ns/d.parquet"), "d");
    ConfinedFileIO io =
        new ConfinedFileIO(
            new LocalFileIO(), List.of("file://" + table, "file://" + dataPath), List.of(), "cat.ns.t1");

    CatalogUtil.deleteFiles(
        io,
        List.of(
            "file://" + inside,
            "file://" + insideDataPath,
            "file://" + sibling,
            "file://" + table + "/../d.parquet",
            "/not/a/uri"),
        "data",
        true);

    assertThat(inside).doesNotExist();
    assertThat(insideDataPath).doesNotExist();
    assertThat(sibling).exists();
    assertThat(traversal).exists();
    assertThat(io).isNotInstanceOf(SupportsBulkOperations.class);
  }

  @Test
  void deletesNothingThatAnotherOwnerHoldsInsideTheRoots() throws Exception {
    Path table = Files.createDirectories(directory.resolve("ns/t2"));
    Path owned = Files.createDirectories(directory.resolve("ns/t2/owned-by-another"));
    Path mine = Files.writeString(table.resolve("a.parquet"), "a");
    Path theirs = Files.writeString(owned.resolve("b.parquet"), "b");
    ConfinedFileIO io =
        new ConfinedFileIO(
            new LocalFileIO(),
            List.of("file://" + table),
            List.of(dev.floe.catalog.metastore.StoragePrefixes.of("file://" + owned)),
            "cat.ns.t2");

    CatalogUtil.deleteFiles(io, List.of("file://" + mine, "file://" + theirs), "data", true);

    assertThat(mine).doesNotExist();
    assertThat(theirs).exists();
    assertThat(io.skipped()).isEqualTo(1);
  }
}
