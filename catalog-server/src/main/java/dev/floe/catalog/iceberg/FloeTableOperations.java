package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.PointerCache;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.StorageClaim;
import java.util.List;
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
  private final StorageRules rules;
  private final SchemaChangeCheck schemaCheck;
  private final CommitObserver observer;
  private final PointerCache pointers;

  FloeTableOperations(
      Metastore metastore,
      CatalogRecord catalog,
      TableIdentifier identifier,
      FileIO io,
      MetadataCache cache,
      StorageRules rules,
      SchemaChangeCheck schemaCheck,
      CommitObserver observer,
      PointerCache pointers) {
    this.pointers = pointers;
    this.metastore = metastore;
    this.catalog = catalog;
    this.identifier = identifier;
    this.io = io;
    this.cache = cache;
    this.rules = rules;
    this.schemaCheck = schemaCheck;
    this.observer = observer;
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

  /**
   * Before anything is written: the table's location and every path property are checked
   * against the catalog's rules ({@link StorageRules}); what the commit newly claims is claimed
   * with the pointer change, in one transaction, where an overlap with what another owns refuses
   * it. A change of an existing table is first checked by the {@link SchemaChangeCheck} (the
   * schema contracts): a refusal writes nothing. The {@link CommitObserver} hears of the commit
   * once the pointer is swapped.
   */
  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    if (base != null) {
      schemaCheck.check(catalog, identifier, base, metadata);
    }
    // registering an existing metadata file keeps it and writes nothing
    boolean register = base == null && metadata.metadataFileLocation() != null;
    List<StorageClaim> claims = rules.tableClaims(identifier, base, metadata);
    if (register) {
      rules.checkMetadataFile(metadata.metadataFileLocation());
    }
    String location = LocationPolicy.normalize(metadata.location(), "table location");
    String newLocation = register ? metadata.metadataFileLocation() : writeMetadata(metadata);
    String baseLocation = base == null ? null : base.metadataFileLocation();
    try {
      PointerCommit.commit(
          metastore, catalog, identifier, ObjectKind.TABLE, baseLocation, newLocation, !register, location, claims, rules.structured(), io);
    } finally {
      // committed or not, this node reads the pointer from the database again
      pointers.invalidate(catalog.id(), identifier);
    }
    // the object committed, as a reader of its file would get it (no parse of what was written);
    // the version it replaced leaves the cache
    TableMetadata committed =
        register ? metadata : TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(newLocation).build();
    cache.putCommitted(newLocation, committed, baseLocation);
    observer.committed(catalog, identifier, base, metadata, newLocation);
  }

  private String writeMetadata(TableMetadata metadata) {
    String codec =
        metadata.property(
            TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT);
    String location =
        metadataFileLocation(metadata, MetadataFiles.fileName(currentVersion() + 1, codec));
    MetadataFiles.write(io, location, TableMetadataParser.toJson(metadata));
    return location;
  }


}
