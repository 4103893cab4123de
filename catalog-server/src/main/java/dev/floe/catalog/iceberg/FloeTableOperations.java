package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.storage.TableLocations;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * Table operations over the metastore: a commit writes a new metadata file, then swaps the
 * table's pointer with compare-and-swap in PostgreSQL ({@code UPDATE ... WHERE
 * metadata_location = :expected}); zero rows updated is a {@link CommitFailedException}.
 */
public class FloeTableOperations extends BaseMetastoreTableOperations {
  private final Metastore metastore;
  private final CatalogRecord catalog;
  private final TableIdentifier identifier;
  private final FileIO io;
  private final MetadataCache cache;
  private final LocationPolicy locations;

  FloeTableOperations(
      Metastore metastore,
      CatalogRecord catalog,
      TableIdentifier identifier,
      FileIO io,
      MetadataCache cache,
      LocationPolicy locations) {
    this.metastore = metastore;
    this.catalog = catalog;
    this.identifier = identifier;
    this.io = io;
    this.cache = cache;
    this.locations = locations;
  }

  @Override
  protected String tableName() {
    return catalog.name() + "." + identifier;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<String> location =
        metastore
            .findObject(catalog.id(), identifier)
            .filter(object -> object.kind() == ObjectKind.TABLE)
            .map(CatalogObjectRecord::metadataLocation);
    if (location.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", identifier);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(location.get(), null, 2, path -> cache.table(io, path));
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    // registering an existing metadata file keeps it and writes nothing
    boolean register = base == null && metadata.metadataFileLocation() != null;
    String location = checkLocations(base, metadata, register);
    String newLocation = register ? metadata.metadataFileLocation() : writeMetadata(metadata);
    PointerCommit.commit(
        metastore,
        catalog,
        identifier,
        ObjectKind.TABLE,
        base == null ? null : base.metadataFileLocation(),
        newLocation,
        !register,
        location,
        io);
  }

  /**
   * Before anything is written: the table's location, every path property and (on register) the
   * metadata file lie inside the catalog's allowed roots, and the location overlaps no other
   * table's. Returns the normalized location to store.
   */
  private String checkLocations(TableMetadata base, TableMetadata metadata, boolean register) {
    String location = locations.check(metadata.location(), "table location");
    for (String property : TableLocations.PATH_PROPERTIES) {
      String path = metadata.property(property, null);
      if (path != null) {
        String normalized = locations.check(path, "table property " + property);
        String basePath = base == null ? null : base.property(property, null);
        if (!path.equals(basePath)) {
          // files written there are the table's: signed requests and purges reach them
          metastore
              .findOverlappingTable(catalog.id(), normalized, identifier)
              .ifPresent(
                  other -> {
                    throw new org.apache.iceberg.exceptions.BadRequestException(
                        "Invalid table property %s %s for %s: it overlaps the location of table %s",
                        property, path, identifier, other);
                  });
        }
      }
    }
    if (register) {
      locations.check(metadata.metadataFileLocation(), "metadata file location");
    }
    if (base == null || !base.location().equals(metadata.location())) {
      metastore
          .findOverlappingTable(catalog.id(), location, identifier)
          .ifPresent(
              other -> {
                throw new org.apache.iceberg.exceptions.BadRequestException(
                    "Invalid table location %s for %s: it overlaps the location of table %s",
                    metadata.location(), identifier, other);
              });
    }
    return location;
  }

  private String writeMetadata(TableMetadata metadata) {
    String codec =
        metadata.property(
            TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT);
    String location =
        metadataFileLocation(metadata, MetadataFiles.fileName(currentVersion() + 1, codec));
    String json = TableMetadataParser.toJson(metadata);
    MetadataFiles.write(io, location, json);
    // what a reader of the file would get, so a warm load after this commit reads nothing
    cache.putTable(location, TableMetadataParser.fromJson(location, json));
    return location;
  }


}
