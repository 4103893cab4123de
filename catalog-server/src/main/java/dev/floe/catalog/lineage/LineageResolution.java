package dev.floe.catalog.lineage;

import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.metastore.StoragePrefixes;
import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.lineage.resolve.DatasetResolver;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The {@link DatasetResolver} of this server: Trino catalogs and Iceberg namespaces as configured
 * ({@code floe.lineage.trino-catalogs}, {@code floe.lineage.iceberg-namespaces}), storage
 * locations through the storage ownership table (the table whose location holds the path, the
 * longest owned prefix winning).
 */
@ApplicationScoped
public class LineageResolution {
  private final DatasetResolver resolver;
  private final Jdbc jdbc;

  @Inject
  public LineageResolution(LineageConfig config, LineageStore store) {
    this.jdbc = store.jdbc();
    this.resolver =
        new DatasetResolver(
            pairs("floe.lineage.trino-catalogs", config.trinoCatalogs()),
            pairs("floe.lineage.iceberg-namespaces", config.icebergNamespaces()),
            this::tableAt);
  }

  public DatasetResolver resolver() {
    return resolver;
  }

  /** The table whose location holds {@code location} (in the lineage library's spelling), if any. */
  Optional<CatalogTable> tableAt(String location) {
    String normalized;
    try {
      normalized = LocationPolicy.normalize(location, "dataset location");
    } catch (BadRequestException e) {
      return Optional.empty();
    }
    String prefix = StoragePrefixes.of(normalized);
    return jdbc.optional(
        "SELECT c.name, o.namespace_path, o.name FROM storage_prefixes p"
            + " JOIN catalog_objects o ON o.id = p.object_id JOIN catalogs c ON c.id = o.catalog_id"
            + " WHERE p.prefix = ANY(?) AND p.owner_kind = 'OBJECT' AND o.kind = 'TABLE'"
            + " ORDER BY length(p.prefix) DESC LIMIT 1",
        statement -> statement.setArray(1, Jdbc.textArray(statement, StoragePrefixes.ancestorsAndSelf(prefix))),
        row ->
            new CatalogTable(
                row.getString(1), Arrays.asList(NamespacePaths.namespace(row.getString(2)).levels()), row.getString(3)));
  }

  /** {@code a=b,c=d} as a map; the server refuses to start on anything else. */
  static Map<String, String> pairs(String setting, Optional<String> value) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (value.isEmpty() || value.get().isBlank()) {
      return pairs;
    }
    for (String pair : value.get().split(",")) {
      String trimmed = pair.trim();
      int equals = trimmed.indexOf('=');
      if (equals <= 0 || equals == trimmed.length() - 1) {
        throw new IllegalStateException(setting + " must be comma-separated name=floe-catalog pairs, got '" + trimmed + "'");
      }
      String key = trimmed.substring(0, equals).trim();
      if (pairs.put(key, trimmed.substring(equals + 1).trim()) != null) {
        throw new IllegalStateException(setting + " names '" + key + "' twice");
      }
    }
    return pairs;
  }
}
