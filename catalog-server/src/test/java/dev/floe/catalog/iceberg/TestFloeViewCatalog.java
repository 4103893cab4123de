package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.storage.LocalFileIO;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's own view catalog contract run directly against {@link FloeCatalog}. */
class TestFloeViewCatalog extends ViewCatalogTests<FloeCatalog> {
  @TempDir private Path warehouse;
  private FloeCatalog catalog;

  @BeforeEach
  void createCatalog() {
    InMemoryMetastore metastore = new InMemoryMetastore();
    catalog =
        new FloeCatalog(
            metastore,
            metastore.createCatalog(
                "floe_test",
                "file://" + warehouse.toAbsolutePath(),
                // the catalog-level view defaults and overrides ViewCatalogTests expects applied
                Map.of(
                    "view-default.key1", "catalog-default-key1",
                    "view-default.key2", "catalog-default-key2",
                    "view-override.key3", "catalog-override-key3",
                    "view-override.key4", "catalog-override-key4",
                    // ViewCatalogTests places some views under its own /tmp directories
                    LocationPolicy.ALLOWED_LOCATIONS, "file:///tmp",
                    StorageRules.ALLOW_UNSTRUCTURED_LOCATIONS, "true"),
                existing -> {}),
            new LocalFileIO(),
            new MetadataCache(16L << 20, true));
  }

  @Override
  protected FloeCatalog catalog() {
    return catalog;
  }

  @Override
  protected Catalog tableCatalog() {
    return catalog;
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }
}
