package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.ObjectKind;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.jboss.logging.Logger;

/**
 * Table operations over the metastore: a commit writes a new metadata file, then swaps the
 * table's pointer with compare-and-swap in PostgreSQL ({@code UPDATE ... WHERE
 * metadata_location = :expected}); zero rows updated is a {@link CommitFailedException}.
 */
public class FloeTableOperations extends BaseMetastoreTableOperations {
  private static final Logger LOG = Logger.getLogger(FloeTableOperations.class);

  private final Metastore metastore;
  private final CatalogRecord catalog;
  private final TableIdentifier identifier;
  private final FileIO io;
  private final MetadataCache cache;

  FloeTableOperations(
      Metastore metastore,
      CatalogRecord catalog,
      TableIdentifier identifier,
      FileIO io,
      MetadataCache cache) {
    this.metastore = metastore;
    this.catalog = catalog;
    this.identifier = identifier;
    this.io = io;
    this.cache = cache;
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
    refreshFromMetadataLocation(location.get(), null, 2, this::loadMetadata);
  }

  /**
   * Metadata from the cache when there (after checking, without reading it, that the file is
   * still there: a table whose metadata file was deleted out of band must fail loudly), else
   * read and cached.
   */
  private TableMetadata loadMetadata(String location) {
    TableMetadata cached = cache.cachedTable(location);
    if (cached != null) {
      if (cache.verifyFileExists() && !io.newInputFile(location).exists()) {
        throw new NotFoundException("Failed to open input stream for file: %s", location);
      }
      return cached;
    }
    return cache.table(location, path -> TableMetadataParser.read(io, path));
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    boolean newTable = base == null;
    String newLocation;
    if (newTable && metadata.metadataFileLocation() != null) {
      // registering an existing metadata file: keep it, write nothing
      newLocation = metadata.metadataFileLocation();
    } else {
      newLocation = writeMetadata(metadata);
    }

    boolean committed = false;
    try {
      if (newTable) {
        metastore.createObject(
            catalog.id(), identifier, ObjectKind.TABLE, newLocation, metadata.location());
      } else if (!metastore.swapMetadataLocation(
          catalog.id(),
          identifier,
          ObjectKind.TABLE,
          base.metadataFileLocation(),
          newLocation,
          metadata.location())) {
        throw new CommitFailedException(
            "Cannot commit %s: its metadata location is no longer %s (another commit came first)",
            identifier, base.metadataFileLocation());
      }
      committed = true;
    } catch (CommitFailedException | AlreadyExistsException | NoSuchNamespaceException e) {
      throw e;
    } catch (RuntimeException e) {
      // the database may or may not have applied the swap: never clean up in this case
      committed = true;
      throw new CommitStateUnknownException(e);
    } finally {
      if (!committed && !newLocation.equals(metadata.metadataFileLocation())) {
        deleteQuietly(newLocation);
      }
    }
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

  private void deleteQuietly(String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not delete uncommitted metadata file %s", location);
    }
  }
}
