package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.storage.LocalFileIO;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.CatalogTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg's own catalog contract ({@code CatalogTests}) run directly against {@link FloeCatalog}
 * over an in-memory metastore and the local file IO: the catalog logic without HTTP or
 * PostgreSQL (the REST Compatibility Kit covers those).
 */
class TestFloeCatalog extends CatalogTests<FloeCatalog> {
  @TempDir private Path warehouse;
  private FloeCatalog catalog;

  @BeforeEach
  void createCatalog() {
    // the catalog-level table defaults and overrides that CatalogTests expects to see applied
    catalog =
        newCatalog(
            "floe_test",
            Map.of(
                "table-default.default-key1", "catalog-default-key1",
                "table-default.default-key2", "catalog-default-key2",
                "table-override.override-key3", "catalog-override-key3",
                "table-override.override-key4", "catalog-override-key4"));
  }

  private FloeCatalog newCatalog(String name) {
    return newCatalog(name, Map.of());
  }

  /** Catalog properties such as {@code table-default.*} apply to the tables it creates. */
  private FloeCatalog newCatalog(String name, Map<String, String> properties) {
    InMemoryMetastore metastore = new InMemoryMetastore();
    return new FloeCatalog(
        metastore,
        metastore.createCatalog(name, "file://" + warehouse.toAbsolutePath(), withTmp(properties), existing -> {}),
        new LocalFileIO(),
        new MetadataCache(16L << 20, true));
  }

  /** CatalogTests places some tables under file:/tmp: allow it, as an operator would. */
  private static Map<String, String> withTmp(Map<String, String> properties) {
    Map<String, String> all = new java.util.HashMap<>(properties);
    all.put(LocationPolicy.ALLOWED_LOCATIONS, "file:///tmp");
    // and anywhere there, not only below the namespace's location
    all.put(StorageRules.ALLOW_UNSTRUCTURED_LOCATIONS, "true");
    return all;
  }

  @Override
  protected FloeCatalog catalog() {
    return catalog;
  }

  @Override
  protected FloeCatalog initCatalog(String catalogName, Map<String, String> additionalProperties) {
    return newCatalog(catalogName, additionalProperties);
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }

  @Override
  protected boolean supportsNestedNamespaces() {
    return true;
  }

  @Override
  protected boolean supportsNamesWithSlashes() {
    return true;
  }
}
