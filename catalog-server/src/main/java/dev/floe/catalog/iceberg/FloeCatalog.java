package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespaceRecord;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.Page;
import dev.floe.catalog.storage.CatalogStorage;
import dev.floe.catalog.storage.TableLocations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.apache.iceberg.view.ViewOperations;
import org.jboss.logging.Logger;

/**
 * Floe's Iceberg catalog for one warehouse: namespaces, tables and views in the metastore,
 * metadata files through the catalog's {@link FileIO}. The REST layer drives it through Iceberg's
 * {@code CatalogHandlers}.
 */
public class FloeCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces {
  private static final Logger LOG = Logger.getLogger(FloeCatalog.class);
  private static final int LIST_ALL_PAGE = 1000;
  private static final String LOCATION = "location";

  private final Metastore metastore;
  private final CatalogRecord catalog;
  private final CatalogStorage storage;
  private final FileIO io;
  private final MetadataCache cache;
  private final LocationPolicy locations;
  /** Background purges; without one (unit tests), a purge runs inside the drop. */
  private final PurgeQueue purges;

  public FloeCatalog(Metastore metastore, CatalogRecord catalog, FileIO io, MetadataCache cache) {
    this(metastore, catalog, CatalogStorage.local(io), cache);
  }

  public FloeCatalog(
      Metastore metastore, CatalogRecord catalog, CatalogStorage storage, MetadataCache cache) {
    this(metastore, catalog, storage, cache, null);
  }

  public FloeCatalog(
      Metastore metastore, CatalogRecord catalog, CatalogStorage storage, MetadataCache cache, PurgeQueue purges) {
    this.purges = purges;
    this.metastore = metastore;
    this.catalog = catalog;
    this.storage = storage;
    this.io = storage.io();
    this.cache = cache;
    this.locations =
        new LocationPolicy(
            catalog.storageRoot(), catalog.properties().get(LocationPolicy.ALLOWED_LOCATIONS));
    initialize(catalog.name(), catalog.properties());
  }

  public CatalogRecord record() {
    return catalog;
  }

  public FileIO io() {
    return io;
  }

  /** Where the catalog keeps its files, and its S3 settings if they are in S3. */
  public CatalogStorage storage() {
    return storage;
  }

  public LocationPolicy locations() {
    return locations;
  }

  @Override
  public String name() {
    return catalog.name();
  }

  /**
   * The catalog's properties: {@code table-default.*} and {@code table-override.*} apply to the
   * tables it creates, as in Iceberg's own catalogs.
   */
  @Override
  protected Map<String, String> properties() {
    return catalog.properties();
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new FloeTableOperations(metastore, catalog, identifier, io, cache, locations);
  }

  @Override
  protected ViewOperations newViewOps(TableIdentifier identifier) {
    return new FloeViewOperations(metastore, catalog, identifier, io, cache, locations);
  }

  /**
   * {@code <namespace location>/<table>-<random id>}: unique, so that a table created under the
   * name of a renamed or dropped one never shares its directory.
   */
  @Override
  protected String defaultWarehouseLocation(TableIdentifier identifier) {
    String namespaceLocation = storedNamespaceProperties(identifier.namespace()).get(LOCATION);
    String base =
        namespaceLocation != null && !namespaceLocation.isBlank()
            ? stripTrailingSlash(namespaceLocation)
            : defaultNamespaceLocation(identifier.namespace());
    return base
        + "/"
        + pathSegment(identifier.name())
        + "-"
        + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * A name as one path segment: kept when it is made of letters, digits, {@code . _ -}; otherwise
   * the other characters become {@code _} and a hash of the name keeps it apart from others.
   */
  static String pathSegment(String name) {
    StringBuilder segment = new StringBuilder(name.length());
    boolean changed = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || (c == '.' && i > 0)) {
        segment.append(c);
      } else {
        segment.append('_');
        changed = true;
      }
    }
    if (changed || segment.isEmpty()) {
      segment.append('-').append(shortHash(name));
    }
    return segment.toString();
  }

  private static String shortHash(String name) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String stripTrailingSlash(String path) {
    String result = path;
    while (result.endsWith("/") && result.length() > 1) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  // ---------------------------------------------------------------- tables

  /** The metadata location the metastore holds for a table; {@link NoSuchTableException} if none. */
  private String storedMetadataLocation(TableIdentifier identifier) {
    return metastore
        .findObject(catalog.id(), identifier)
        .filter(object -> object.kind() == ObjectKind.TABLE)
        .map(dev.floe.catalog.metastore.CatalogObjectRecord::metadataLocation)
        .orElseThrow(() -> new NoSuchTableException("Table does not exist: %s", identifier));
  }

  /**
   * The location of a table's current metadata file, without loading it (for conditional
   * requests); {@link NoSuchTableException} if there is no such table, {@link NotFoundException}
   * if its metadata file is gone.
   */
  public String currentMetadataLocation(TableIdentifier identifier) {
    String location = storedMetadataLocation(identifier);
    cache.checkExists(io, location);
    return location;
  }

  /**
   * The current metadata of a table, from memory when cached (no existence check of the file);
   * {@link NoSuchTableException} if there is no such table.
   */
  public TableMetadata currentMetadata(TableIdentifier identifier) {
    String location = storedMetadataLocation(identifier);
    return cache.tableWithoutCheck(io, location);
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return listAll(token -> listTables(namespace, token, LIST_ALL_PAGE));
  }

  public Page<TableIdentifier> listTables(Namespace namespace, String pageToken, int pageSize) {
    return metastore.listObjects(catalog.id(), namespace, ObjectKind.TABLE, pageToken, pageSize);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    if (purge && purges != null) {
      return dropAndPurgeLater(identifier);
    }
    Optional<String> dropped = metastore.dropObject(catalog.id(), identifier, ObjectKind.TABLE);
    if (dropped.isEmpty()) {
      return false;
    }
    if (purge) {
      purge(identifier, dropped.get());
    }
    return true;
  }

  /**
   * Drops the table and records the purge of its files in one step; a background worker deletes
   * them ({@link PurgeQueue}). The roots are those of its current metadata (none when it cannot be
   * read: then the location the catalog stored for the table).
   */
  private boolean dropAndPurgeLater(TableIdentifier identifier) {
    Optional<dev.floe.catalog.metastore.CatalogObjectRecord> object =
        metastore.findObject(catalog.id(), identifier).filter(found -> found.kind() == ObjectKind.TABLE);
    if (object.isEmpty()) {
      return false;
    }
    List<String> roots;
    try {
      roots = TableLocations.of(cache.table(io, object.get().metadataLocation()));
    } catch (NotFoundException e) {
      // the worker falls back to the location the catalog stored for the table
      roots = List.of();
    }
    return purges.dropAndPurge(this, identifier, roots).isPresent();
  }

  private void purge(TableIdentifier identifier, String metadataLocation) {
    TableMetadata metadata;
    try {
      metadata = cache.table(io, metadataLocation);
    } catch (NotFoundException e) {
      LOG.warnf("Purge of %s: metadata file %s is gone, nothing to delete", identifier, metadataLocation);
      return;
    }
    // deletes only inside the table's locations, whatever its manifests name
    List<String> roots = TableLocations.of(metadata);
    String table = catalog.name() + "." + identifier;
    CatalogUtil.dropTableData(
        storage.bulkDeletes()
            ? ConfinedFileIO.withBulkDeletes(io, roots, table)
            : new ConfinedFileIO(io, roots, table),
        metadata);
    if (io instanceof LocalFileIO) {
      LocalFileIO.deleteEmptyDirectories(metadata.location());
    }
    LOG.infof("Purged the files of table %s.%s", catalog.name(), identifier);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    if (from.equals(to)) {
      if (!tableExists(from)) {
        throw new NoSuchTableException("Table does not exist: %s", from);
      }
      return;
    }
    if (!tableExists(from)) {
      throw new NoSuchTableException("Table does not exist: %s", from);
    }
    metastore.renameObject(catalog.id(), from, to, ObjectKind.TABLE);
  }

  // ---------------------------------------------------------------- views

  @Override
  public List<TableIdentifier> listViews(Namespace namespace) {
    return listAll(token -> listViews(namespace, token, LIST_ALL_PAGE));
  }

  public Page<TableIdentifier> listViews(Namespace namespace, String pageToken, int pageSize) {
    return metastore.listObjects(catalog.id(), namespace, ObjectKind.VIEW, pageToken, pageSize);
  }

  @Override
  public boolean dropView(TableIdentifier identifier) {
    return metastore.dropObject(catalog.id(), identifier, ObjectKind.VIEW).isPresent();
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    if (!viewExists(from)) {
      throw new NoSuchViewException("View does not exist: %s", from);
    }
    if (from.equals(to)) {
      return;
    }
    metastore.renameObject(catalog.id(), from, to, ObjectKind.VIEW);
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    metastore.createNamespace(catalog.id(), namespace, metadata);
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    return listAll(token -> listNamespaces(namespace, token, LIST_ALL_PAGE));
  }

  public Page<Namespace> listNamespaces(Namespace parent, String pageToken, int pageSize) {
    return metastore.listNamespaces(catalog.id(), parent, pageToken, pageSize);
  }

  /**
   * A namespace's properties; {@code location} is always there: the one set by a client, or
   * where Floe puts the namespace's tables by default (engines such as Trino derive table
   * locations from it).
   */
  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    Map<String, String> stored = storedNamespaceProperties(namespace);
    if (stored.containsKey(LOCATION)) {
      return stored;
    }
    Map<String, String> properties = new java.util.HashMap<>(stored);
    properties.put(LOCATION, defaultNamespaceLocation(namespace));
    return java.util.Collections.unmodifiableMap(properties);
  }

  private Map<String, String> storedNamespaceProperties(Namespace namespace) {
    return metastore
        .findNamespace(catalog.id(), namespace)
        .map(NamespaceRecord::properties)
        .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", namespace));
  }

  private String defaultNamespaceLocation(Namespace namespace) {
    StringBuilder location = new StringBuilder(stripTrailingSlash(catalog.storageRoot()));
    for (String level : namespace.levels()) {
      location.append('/').append(pathSegment(level));
    }
    return location.toString();
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return metastore.findNamespace(catalog.id(), namespace).isPresent();
  }

  @Override
  public boolean dropNamespace(Namespace namespace) throws NamespaceNotEmptyException {
    return metastore.dropNamespace(catalog.id(), namespace);
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    if (!metastore.updateNamespaceProperties(catalog.id(), namespace, properties, Set.of())) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return true;
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    if (!metastore.updateNamespaceProperties(catalog.id(), namespace, Map.of(), properties)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return true;
  }

  private static <T> List<T> listAll(java.util.function.Function<String, Page<T>> pages) {
    List<T> all = new ArrayList<>();
    String token = null;
    do {
      Page<T> page = pages.apply(token);
      all.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return all;
  }
}
