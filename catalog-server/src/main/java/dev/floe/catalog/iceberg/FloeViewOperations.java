package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.PointerCache;
import dev.floe.catalog.metastore.StorageClaim;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;
import org.apache.iceberg.view.ViewProperties;

/** View operations over the metastore, with the same compare-and-swap as tables. */
public class FloeViewOperations extends BaseViewOperations {
  private final Metastore metastore;
  private final CatalogRecord catalog;
  private final TableIdentifier identifier;
  private final FileIO io;
  private final MetadataCache cache;
  private final StorageRules rules;
  private final PointerCache pointers;

  FloeViewOperations(
      Metastore metastore,
      CatalogRecord catalog,
      TableIdentifier identifier,
      FileIO io,
      MetadataCache cache,
      StorageRules rules,
      PointerCache pointers) {
    this.pointers = pointers;
    this.metastore = metastore;
    this.catalog = catalog;
    this.identifier = identifier;
    this.io = io;
    this.cache = cache;
    this.rules = rules;
  }

  @Override
  protected String viewName() {
    return catalog.name() + "." + identifier;
  }

  @Override
  protected FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<String> location =
        metastore
            .findObject(catalog.id(), identifier)
            .filter(object -> object.kind() == ObjectKind.VIEW)
            .map(CatalogObjectRecord::metadataLocation);
    if (location.isEmpty()) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchViewException("View does not exist: %s", identifier);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(location.get(), null, 2, path -> cache.view(io, path));
  }

  @Override
  protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
    boolean register = base == null && metadata.metadataFileLocation() != null;
    // checked, then claimed with the pointer change (see FloeTableOperations)
    List<StorageClaim> claims = rules.viewClaims(identifier, base, metadata);
    if (register) {
      rules.checkMetadataFile(metadata.metadataFileLocation());
    }
    String location = LocationPolicy.normalize(metadata.location(), "view location");
    String newLocation = register ? metadata.metadataFileLocation() : writeMetadata(metadata, base);
    try {
      PointerCommit.commit(
          metastore,
          catalog,
          identifier,
          ObjectKind.VIEW,
          base == null ? null : base.metadataFileLocation(),
          newLocation,
          !register,
          location,
          claims,
          rules.structured(),
          io);
    } finally {
      pointers.invalidate(catalog.id(), identifier);
    }
  }

  private String writeMetadata(ViewMetadata metadata, ViewMetadata base) {
    String codec =
        metadata
            .properties()
            .getOrDefault(
                ViewProperties.METADATA_COMPRESSION, ViewProperties.METADATA_COMPRESSION_DEFAULT);
    String fileName = MetadataFiles.fileName(currentVersion() + 1, codec);
    String metadataPath = metadata.properties().get(ViewProperties.WRITE_METADATA_LOCATION);
    String location =
        metadataPath != null
            ? stripTrailingSlash(metadataPath) + "/" + fileName
            : stripTrailingSlash(metadata.location()) + "/metadata/" + fileName;
    String json = ViewMetadataParser.toJson(metadata);
    MetadataFiles.write(io, location, json);
    cache.putCommitted(location, ViewMetadataParser.fromJson(location, json), base == null ? null : base.metadataFileLocation());
    return location;
  }

  private static String stripTrailingSlash(String path) {
    String result = path;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
