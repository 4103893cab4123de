package dev.floe.lineage.resolve;

import static java.util.Objects.requireNonNull;

import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tables by the locations they own, in memory: a location belongs to the table with the longest
 * owned prefix it lies under, comparing whole path segments ({@code s3://b/t1} does not own {@code
 * s3://b/t10}).
 */
public final class LocationIndex implements Function<String, Optional<CatalogTable>> {
  private final Map<String, CatalogTable> tablesByPrefix;

  public LocationIndex(Map<String, CatalogTable> tablesByLocation) {
    requireNonNull(tablesByLocation, "tablesByLocation is null");
    Map<String, CatalogTable> normalized = new HashMap<>();
    tablesByLocation.forEach(
        (location, table) -> {
          CatalogTable previous =
              normalized.put(
                  StorageLocations.normalize(location), requireNonNull(table, "table is null"));
          if (previous != null && !previous.equals(table)) {
            throw new IllegalArgumentException(
                "location " + location + " is owned by both " + previous + " and " + table);
          }
        });
    this.tablesByPrefix = Map.copyOf(normalized);
  }

  @Override
  public Optional<CatalogTable> apply(String location) {
    String candidate = StorageLocations.normalize(location);
    while (true) {
      CatalogTable table = tablesByPrefix.get(candidate);
      if (table != null) {
        return Optional.of(table);
      }
      int slash = candidate.lastIndexOf('/');
      if (slash <= 0 || candidate.startsWith("//", slash - 1) || candidate.charAt(slash - 1) == ':') {
        // nothing left above the bucket or host
        return Optional.empty();
      }
      candidate = candidate.substring(0, slash);
    }
  }
}
