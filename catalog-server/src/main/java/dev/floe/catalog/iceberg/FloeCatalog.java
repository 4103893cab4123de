package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.storage.LocalFileIO;

import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.PointerCache;
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
  /** Longest part of a name kept in a path segment (plus '-', a hash, and '-' and an id for tables). */
  private static final int MAX_SEGMENT = 100;

  private final Metastore metastore;
  private final CatalogRecord catalog;
  private final CatalogStorage storage;
  private final FileIO io;
  private final MetadataCache cache;
  private final PointerCache pointers;
  private final LocationPolicy locations;
  private final StorageRules rules;
  /** Background purges; without one (unit tests), a purge runs inside the drop. */
  private final PurgeQueue purges;
  /** Checks commits to existing tables (the schema contracts). */
  private final SchemaChangeCheck schemaCheck;
  private final CommitObserver observer;

  /** A catalog on local storage with nothing else around it (unit tests). */
  public FloeCatalog(Metastore metastore, CatalogRecord catalog, FileIO io, MetadataCache cache) {
    this(
        metastore,
        catalog,
        CatalogStorage.local(io),
        cache,
        null,
        null,
        SchemaChangeCheck.NONE,
        CommitObserver.NONE,
        PointerCache.disabled());
  }

  /**
   * @param purges background purges; null (unit tests): a purge runs inside the drop
   * @param dataDirectory the server's data directory (normalized), where nothing but its {@code
   *     warehouse} directory may hold a table's, view's or namespace's files; null for none
   * @param schemaCheck checks every commit to an existing table (the schema contracts)
   * @param observer told of every table commit (the lineage capture)
   * @param pointers the tables' and views' rows for loads, shared by every catalog of the server
   */
  public FloeCatalog(
      Metastore metastore,
      CatalogRecord catalog,
      CatalogStorage storage,
      MetadataCache cache,
      PurgeQueue purges,
      String dataDirectory,
      SchemaChangeCheck schemaCheck,
      CommitObserver observer,
      PointerCache pointers) {
    this.pointers = pointers;
    this.purges = purges;
    this.schemaCheck = schemaCheck;
    this.observer = observer;
    this.metastore = metastore;
    this.catalog = catalog;
    this.storage = storage;
    this.io = storage.io();
    this.cache = cache;
    this.locations =
        new LocationPolicy(
            catalog.storageRoot(), catalog.properties().get(LocationPolicy.ALLOWED_LOCATIONS));
    this.rules =
        new StorageRules(locations, StorageRules.structured(catalog.properties()), this::namespaceLocation, dataDirectory);
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

  /**
   * Checks a change of an existing table as its commit will (the schema contracts), for callers
   * that want every table of a transaction checked before any metadata file is written.
   */
  public void checkTableChange(TableIdentifier identifier, TableMetadata base, TableMetadata updated) {
    schemaCheck.check(catalog, identifier, base, updated);
  }

  /** What the catalog's tables, views and namespaces may claim in storage. */
  public StorageRules rules() {
    return rules;
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
    return new FloeTableOperations(metastore, catalog, identifier, io, cache, rules, schemaCheck, observer, pointers);
  }

  @Override
  protected ViewOperations newViewOps(TableIdentifier identifier) {
    return new FloeViewOperations(metastore, catalog, identifier, io, cache, rules, pointers);
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
    if (segment.length() > MAX_SEGMENT) {
      // file systems refuse names longer than 255 bytes: keep a readable start and a hash
      segment.setLength(MAX_SEGMENT);
      changed = true;
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

  /**
   * The metadata location the metastore holds for a table, through the pointer cache (a load's
   * read, never a commit's); {@link NoSuchTableException} if none.
   */
  private String storedMetadataLocation(TableIdentifier identifier) {
    return pointers
        .find(catalog.id(), identifier, () -> metastore.findObject(catalog.id(), identifier))
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

  /** The table metadata in the file at {@code location}, from memory when cached (no existence check). */
  public TableMetadata metadataAt(String location) {
    return cache.tableWithoutCheck(io, location);
  }

  /**
   * Drops this node's cached pointer of a table or view whose row a transaction of this node
   * changed, once that transaction has ended (the pointer is read from the database again).
   */
  public void forgetPointer(TableIdentifier identifier) {
    pointers.invalidate(catalog.id(), identifier);
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
    pointers.invalidate(catalog.id(), identifier);
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
    try {
      return purges.dropAndPurge(this, identifier, roots).isPresent();
    } finally {
      pointers.invalidate(catalog.id(), identifier);
    }
  }

  private void purge(TableIdentifier identifier, String metadataLocation) {
    TableMetadata metadata;
    try {
      metadata = cache.table(io, metadataLocation);
    } catch (NotFoundException e) {
      LOG.warnf("Purge of %s: metadata file %s is gone, nothing to delete", identifier, metadataLocation);
      return;
    }
    // deletes only inside the table's locations, whatever its manifests name, and nothing a live
    // table or view owns
    List<String> roots = TableLocations.of(metadata);
    List<String> ownedElsewhere = metastore.prefixesOwnedBeside(roots, -1);
    String table = catalog.name() + "." + identifier;
    CatalogUtil.dropTableData(
        storage.bulkDeletes()
            ? ConfinedFileIO.withBulkDeletes(io, roots, ownedElsewhere, table)
            : new ConfinedFileIO(io, roots, ownedElsewhere, table),
        metadata);
    if (io instanceof LocalFileIO) {
      LocalFileIO.deleteEmptyDirectories(metadata.location());
    }
    LOG.infof("Purged the files of table %s.%s", catalog.name(), identifier);
  }

  /**
   * Registers a table from an existing metadata file. The file's location is checked before it
   * is read (inside the catalog's allowed locations, and not inside what another table or view
   * owns), so that registering is no way to read or probe other tables' files; a file that is not
   * table metadata is a 400 that does not echo its content. The table's own locations are then
   * claimed like a created table's.
   */
  @Override
  public org.apache.iceberg.Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
    if (tableExists(identifier)) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("Table already exists: %s", identifier);
    }
    if (viewExists(identifier)) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("View with same name already exists: %s", identifier);
    }
    checkRegistration(identifier, metadataFileLocation);
    TableOperations ops = newTableOps(identifier);
    TableMetadata metadata =
        readForRegistration(metadataFileLocation, () -> org.apache.iceberg.TableMetadataParser.read(io, metadataFileLocation));
    ops.commit(null, metadata);
    return new org.apache.iceberg.BaseTable(ops, catalog.name() + "." + identifier, metricsReporter());
  }

  /** Registers a view from an existing metadata file, checked like {@link #registerTable}. */
  @Override
  public org.apache.iceberg.view.View registerView(TableIdentifier identifier, String metadataFileLocation) {
    if (viewExists(identifier)) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("View already exists: %s", identifier);
    }
    if (tableExists(identifier)) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("Table with same name already exists: %s", identifier);
    }
    checkRegistration(identifier, metadataFileLocation);
    ViewOperations ops = newViewOps(identifier);
    org.apache.iceberg.view.ViewMetadata metadata =
        readForRegistration(
            metadataFileLocation,
            () -> org.apache.iceberg.view.ViewMetadataParser.read(io.newInputFile(metadataFileLocation)));
    ops.commit(null, metadata);
    return new org.apache.iceberg.view.BaseView(ops, catalog.name() + "." + identifier);
  }

  private void checkRegistration(TableIdentifier identifier, String metadataFileLocation) {
    if (metadataFileLocation == null || metadataFileLocation.isBlank()) {
      throw new org.apache.iceberg.exceptions.BadRequestException("Invalid metadata-location: empty");
    }
    if (!namespaceExists(identifier.namespace())) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
    }
    String normalized = rules.checkMetadataFile(metadataFileLocation);
    if (metastore.isOwnedByObject(dev.floe.catalog.metastore.StoragePrefixes.of(normalized))) {
      throw new org.apache.iceberg.exceptions.ForbiddenException(
          "Invalid metadata file location %s for %s: it lies inside storage that belongs to another table or view",
          metadataFileLocation, identifier);
    }
  }

  private static <T> T readForRegistration(String metadataFileLocation, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (NotFoundException e) {
      throw new org.apache.iceberg.exceptions.BadRequestException(
          "Invalid metadata-location %s: there is no file there", metadataFileLocation);
    } catch (RuntimeException e) {
      if (!isNotMetadata(e)) {
        // the store is down, say: answered as such by the error mapping
        throw e;
      }
      // never echo the content: the message of a JSON parser quotes what it read
      LOG.debugf("Registering %s: not valid metadata (%s)", metadataFileLocation, e.getClass().getName());
      throw new org.apache.iceberg.exceptions.BadRequestException(
          "Invalid metadata-location %s: not an Iceberg metadata file", metadataFileLocation);
    }
  }

  /** Whether reading failed on the content (not JSON, not metadata), not on reaching the file. */
  private static boolean isNotMetadata(RuntimeException error) {
    if (error instanceof IllegalArgumentException) {
      return true;
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reserves the locations of a staged table (stage-create) for {@code lifetime}, checked like a
   * created table's: keys or signatures for them are handed out before the table exists.
   */
  public void reserveStagedLocations(TableIdentifier identifier, TableMetadata metadata, java.time.Duration lifetime) {
    metastore.reserveStaged(
        catalog.id(),
        identifier,
        rules.tableClaims(identifier, null, metadata),
        rules.structured(),
        java.time.Instant.now().plus(lifetime));
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
    try {
      metastore.renameObject(catalog.id(), from, to, ObjectKind.TABLE);
    } finally {
      pointers.invalidate(catalog.id(), from);
      pointers.invalidate(catalog.id(), to);
    }
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
    try {
      return metastore.dropObject(catalog.id(), identifier, ObjectKind.VIEW).isPresent();
    } finally {
      pointers.invalidate(catalog.id(), identifier);
    }
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    if (!viewExists(from)) {
      throw new NoSuchViewException("View does not exist: %s", from);
    }
    if (from.equals(to)) {
      return;
    }
    try {
      metastore.renameObject(catalog.id(), from, to, ObjectKind.VIEW);
    } finally {
      pointers.invalidate(catalog.id(), from);
      pointers.invalidate(catalog.id(), to);
    }
  }

  // ---------------------------------------------------------------- namespaces

  /**
   * Creates a namespace that owns its location: the one a client sets (checked against the
   * catalog's rules and what others own), or by default a directory below its parent's location
   * (another, with a random suffix, if that one is taken: a default never fails). The location
   * is stored as the namespace's {@code location} property.
   */
  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    String explicit = metadata.get(LOCATION);
    if (explicit != null) {
      metastore.createNamespace(catalog.id(), namespace, metadata, rules.namespaceClaim(namespace, explicit));
      return;
    }
    String base =
        namespaceLocation(StorageRules.parentOf(namespace))
            + "/"
            + pathSegment(namespace.level(namespace.length() - 1));
    for (int attempt = 0; ; attempt++) {
      String location =
          attempt == 0 ? base : base + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> properties = new java.util.HashMap<>(metadata);
      properties.put(LOCATION, location);
      try {
        metastore.createNamespace(catalog.id(), namespace, properties, rules.namespaceClaim(namespace, location));
        return;
      } catch (org.apache.iceberg.exceptions.ForbiddenException e) {
        if (attempt == 2) {
          throw e;
        }
      }
    }
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

  /**
   * Where a namespace without a stored location (created before namespaces stored theirs) keeps
   * its files: below its parent's location.
   */
  private String defaultNamespaceLocation(Namespace namespace) {
    return namespaceLocation(StorageRules.parentOf(namespace)) + "/" + pathSegment(namespace.level(namespace.length() - 1));
  }

  /**
   * The normalized location of a namespace: its {@code location} property, or the default; the
   * catalog's storage root for the empty namespace. {@link NoSuchNamespaceException} if it does
   * not exist.
   */
  String namespaceLocation(Namespace namespace) {
    if (namespace.isEmpty()) {
      return LocationPolicy.normalize(catalog.storageRoot(), "storage root");
    }
    String stored = storedNamespaceProperties(namespace).get(LOCATION);
    return stored != null && !stored.isBlank()
        ? LocationPolicy.normalize(stored, "namespace location")
        : defaultNamespaceLocation(namespace);
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return metastore.findNamespace(catalog.id(), namespace).isPresent();
  }

  @Override
  public boolean dropNamespace(Namespace namespace) throws NamespaceNotEmptyException {
    return metastore.dropNamespace(catalog.id(), namespace);
  }

  /** Sets properties; a new {@code location} is claimed like at creation, and only while the namespace is empty. */
  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    Optional<dev.floe.catalog.metastore.StorageClaim> newLocation = Optional.empty();
    String location = properties.get(LOCATION);
    if (location != null && !location.equals(storedNamespaceProperties(namespace).get(LOCATION))) {
      newLocation = Optional.of(rules.namespaceClaim(namespace, location));
    }
    if (!metastore.updateNamespaceProperties(catalog.id(), namespace, properties, Set.of(), newLocation)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return true;
  }

  /**
   * Removes properties; removing {@code location} moves an empty namespace back to its default
   * location (it always has one).
   */
  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    Map<String, String> updates = Map.of();
    Set<String> removals = properties;
    Optional<dev.floe.catalog.metastore.StorageClaim> newLocation = Optional.empty();
    if (properties.contains(LOCATION) && storedNamespaceProperties(namespace).containsKey(LOCATION)) {
      String location = defaultNamespaceLocation(namespace);
      if (!location.equals(namespaceLocation(namespace))) {
        newLocation = Optional.of(rules.namespaceClaim(namespace, location));
      }
      updates = Map.of(LOCATION, location);
      removals = new java.util.HashSet<>(properties);
      removals.remove(LOCATION);
    }
    if (!metastore.updateNamespaceProperties(catalog.id(), namespace, updates, removals, newLocation)) {
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
