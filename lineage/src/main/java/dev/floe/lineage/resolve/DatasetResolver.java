package dev.floe.lineage.resolve;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.event.DatasetRef;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.lineage.resolve.ResolvedDataset.External;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps the names engines give datasets in OpenLineage events to Floe catalog tables:
 *
 * <ul>
 *   <li>Trino: namespace {@code trino://host:port}, name {@code catalog.schema.table}; the Trino
 *       catalog is looked up in a configured map to a Floe catalog.
 *   <li>Iceberg REST: namespace the catalog URI or warehouse as configured, name {@code
 *       namespace.table} (a multi-level namespace has several dots).
 *   <li>Storage: namespace {@code s3://bucket}, {@code hdfs://host:port}, {@code file}, …; the
 *       location goes to a function the caller supplies (for instance a {@link LocationIndex}).
 * </ul>
 *
 * Anything else, and any name these rules cannot place, is an {@link External} dataset under the
 * engine's own naming. Names are compared exactly as sent.
 */
public final class DatasetResolver {
  private final Map<String, String> floeCatalogByTrinoCatalog;
  private final Map<String, String> floeCatalogByIcebergNamespace;
  private final Function<String, Optional<CatalogTable>> tableAtLocation;

  /**
   * @param floeCatalogByTrinoCatalog Trino catalog name to Floe catalog name
   * @param floeCatalogByIcebergNamespace OpenLineage namespace of an Iceberg REST catalog (its URI or
   *     warehouse, as engines report it) to Floe catalog name
   * @param tableAtLocation the table owning a normalized storage location, if any
   */
  public DatasetResolver(
      Map<String, String> floeCatalogByTrinoCatalog,
      Map<String, String> floeCatalogByIcebergNamespace,
      Function<String, Optional<CatalogTable>> tableAtLocation) {
    this.floeCatalogByTrinoCatalog =
        Map.copyOf(requireNonNull(floeCatalogByTrinoCatalog, "floeCatalogByTrinoCatalog is null"));
    this.floeCatalogByIcebergNamespace =
        withoutTrailingSlashes(
            requireNonNull(floeCatalogByIcebergNamespace, "floeCatalogByIcebergNamespace is null"));
    this.tableAtLocation = requireNonNull(tableAtLocation, "tableAtLocation is null");
  }

  public ResolvedDataset resolve(DatasetRef dataset) {
    requireNonNull(dataset, "dataset is null");
    return resolveTable(dataset)
        .<ResolvedDataset>map(table -> table)
        .orElseGet(() -> new External(dataset.namespace(), dataset.name()));
  }

  private Optional<CatalogTable> resolveTable(DatasetRef dataset) {
    String namespace = dataset.namespace();
    if (namespace.startsWith("trino://")) {
      return trinoTable(dataset.name());
    }
    String floeCatalog = floeCatalogByIcebergNamespace.get(stripTrailingSlashes(namespace));
    if (floeCatalog != null) {
      return table(floeCatalog, dataset.name().split("\\.", -1));
    }
    return StorageLocations.fromDataset(namespace, dataset.name()).flatMap(tableAtLocation);
  }

  private Optional<CatalogTable> trinoTable(String name) {
    String[] parts = name.split("\\.", -1);
    if (parts.length != 3) {
      // catalog.schema.table is the only shape; names with dots in them are ambiguous
      return Optional.empty();
    }
    String floeCatalog = floeCatalogByTrinoCatalog.get(parts[0]);
    if (floeCatalog == null) {
      return Optional.empty();
    }
    return table(floeCatalog, Arrays.copyOfRange(parts, 1, 3));
  }

  private static Optional<CatalogTable> table(String catalog, String[] namespaceAndName) {
    if (namespaceAndName.length < 2 || Arrays.stream(namespaceAndName).anyMatch(String::isEmpty)) {
      return Optional.empty();
    }
    int last = namespaceAndName.length - 1;
    return Optional.of(
        new CatalogTable(
            catalog, List.of(Arrays.copyOfRange(namespaceAndName, 0, last)), namespaceAndName[last]));
  }

  private static Map<String, String> withoutTrailingSlashes(Map<String, String> catalogs) {
    Map<String, String> copy = new HashMap<>();
    catalogs.forEach((namespace, catalog) -> copy.put(stripTrailingSlashes(namespace), catalog));
    return Map.copyOf(copy);
  }

  private static String stripTrailingSlashes(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(0, end);
  }
}
