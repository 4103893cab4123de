package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;

import dev.floe.catalog.metastore.StorageClaim;
import dev.floe.catalog.metastore.StoragePrefixes;
import dev.floe.catalog.storage.TableLocations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewProperties;

/**
 * What a table, view or namespace of one catalog claims in storage, checked before anything is
 * stored, signed or vended: every location and path property lies inside the catalog's allowed
 * roots ({@link LocationPolicy}) and, unless the catalog allows unstructured locations, under the
 * location of the object's namespace (a namespace's under its parent's). Whether a claim overlaps
 * what another owns is decided by the metastore, across all catalogs, when the claim is stored.
 */
public final class StorageRules {
  /**
   * Catalog property: {@code true} lets tables, views and namespaces be placed anywhere inside
   * the catalog's allowed locations, not only under their namespace's location. Overlaps are
   * refused either way.
   */
  public static final String ALLOW_UNSTRUCTURED_LOCATIONS = "allow-unstructured-locations";

  /** Where a namespace's files go: its stored {@code location} property, or a default. */
  @FunctionalInterface
  interface NamespaceLocations {
    /** The normalized location of {@code namespace}; the catalog's storage root for the empty one. */
    String of(Namespace namespace);
  }

  private final LocationPolicy locations;
  private final boolean structured;
  private final NamespaceLocations namespaceLocations;
  /** The server's data directory (its embedded PostgreSQL, root credentials); null for none. */
  private final String dataDirectory;

  StorageRules(LocationPolicy locations, boolean structured, NamespaceLocations namespaceLocations, String dataDirectory) {
    this.locations = locations;
    this.structured = structured;
    this.namespaceLocations = namespaceLocations;
    this.dataDirectory = dataDirectory;
  }

  /**
   * The normalized location, if it lies inside the catalog's allowed roots and keeps clear of the
   * server's data directory: nothing may hold or sit inside it, but for its {@code warehouse}
   * directory (the default catalog's root). A catalog root may contain the data directory (say
   * {@code file:///tmp} with the data directory below it); its tables still cannot reach it.
   */
  private String check(String location, String what) {
    String normalized = locations.check(location, what);
    if (dataDirectory != null
        && StoragePrefixes.overlap(StoragePrefixes.of(normalized), StoragePrefixes.of(dataDirectory))
        && !LocationPolicy.isAtOrUnder(normalized, dataDirectory + "/warehouse")) {
      throw new ForbiddenException(
          "Invalid %s %s: it overlaps the server's data directory %s (only its warehouse directory may hold files)",
          what, location, dataDirectory);
    }
    return normalized;
  }

  static boolean structured(Map<String, String> catalogProperties) {
    return !Boolean.parseBoolean(catalogProperties.getOrDefault(ALLOW_UNSTRUCTURED_LOCATIONS, "false"));
  }

  public boolean structured() {
    return structured;
  }

  /**
   * The claims of {@code metadata} that {@code base} (null for a new table) did not already
   * make: its location and every path property, each checked against the catalog's rules.
   */
  List<StorageClaim> tableClaims(TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
    Map<String, StorageClaim> claims = tableLocations(identifier, metadata);
    if (base != null) {
      for (String prefix : tablePrefixes(base)) {
        claims.remove(prefix);
      }
    }
    return List.copyOf(claims.values());
  }

  /** The claims of a view's location and metadata path that {@code base} did not already make. */
  List<StorageClaim> viewClaims(TableIdentifier identifier, ViewMetadata base, ViewMetadata metadata) {
    Map<String, StorageClaim> claims = new LinkedHashMap<>();
    add(claims, identifier, "view location", metadata.location());
    String metadataPath = metadata.properties().get(ViewProperties.WRITE_METADATA_LOCATION);
    if (metadataPath != null) {
      add(claims, identifier, "view property " + ViewProperties.WRITE_METADATA_LOCATION, metadataPath);
    }
    if (base != null) {
      claims.remove(prefix(base.location()));
      String basePath = base.properties().get(ViewProperties.WRITE_METADATA_LOCATION);
      if (basePath != null) {
        claims.remove(prefix(basePath));
      }
    }
    return List.copyOf(claims.values());
  }

  /**
   * The claim of a namespace's location: inside the catalog's roots and, when structured, below
   * its parent's location.
   */
  StorageClaim namespaceClaim(Namespace namespace, String location) {
    String normalized = check(location, "namespace location");
    if (structured) {
      Namespace parent = parentOf(namespace);
      String parentLocation = namespaceLocations.of(parent);
      if (!LocationPolicy.isAtOrUnder(normalized, parentLocation) || normalized.equals(parentLocation)) {
        throw new ForbiddenException(
            "Invalid namespace location %s for %s: it must lie below the location of %s (%s); catalog property %s=true lifts this",
            location, namespace, parent.isEmpty() ? "the catalog" : "namespace " + parent, parentLocation, ALLOW_UNSTRUCTURED_LOCATIONS);
      }
    }
    return new StorageClaim(StoragePrefixes.of(normalized), "namespace location", location);
  }

  /** Checks a metadata file a client asks to register: inside the catalog's allowed roots. */
  String checkMetadataFile(String metadataFileLocation) {
    return check(metadataFileLocation, "metadata file location");
  }

  private Map<String, StorageClaim> tableLocations(TableIdentifier identifier, TableMetadata metadata) {
    Map<String, StorageClaim> claims = new LinkedHashMap<>();
    add(claims, identifier, "table location", metadata.location());
    for (String property : TableLocations.PATH_PROPERTIES) {
      String path = metadata.property(property, null);
      if (path != null && !path.isBlank()) {
        add(claims, identifier, "table property " + property, path);
      }
    }
    return claims;
  }

  private static List<String> tablePrefixes(TableMetadata metadata) {
    List<String> prefixes = new ArrayList<>();
    for (String root : TableLocations.of(metadata)) {
      prefixes.add(StoragePrefixes.of(root));
    }
    return prefixes;
  }

  private void add(Map<String, StorageClaim> claims, TableIdentifier identifier, String what, String location) {
    String normalized = check(location, what);
    if (structured) {
      String namespaceLocation = namespaceLocations.of(identifier.namespace());
      if (!LocationPolicy.isAtOrUnder(normalized, namespaceLocation) || normalized.equals(namespaceLocation)) {
        throw new ForbiddenException(
            "Invalid %s %s for %s: it must lie below the location of namespace %s (%s); catalog property %s=true lifts this",
            what, location, identifier, identifier.namespace(), namespaceLocation, ALLOW_UNSTRUCTURED_LOCATIONS);
      }
    }
    claims.putIfAbsent(StoragePrefixes.of(normalized), new StorageClaim(StoragePrefixes.of(normalized), what, location));
  }

  private static String prefix(String location) {
    return StoragePrefixes.of(LocationPolicy.normalize(location, "location"));
  }

  static Namespace parentOf(Namespace namespace) {
    return namespace.length() <= 1
        ? Namespace.empty()
        : Namespace.of(java.util.Arrays.copyOf(namespace.levels(), namespace.length() - 1));
  }
}
