package dev.floe.catalog.iceberg;

import dev.floe.catalog.storage.LocationPolicy;
import dev.floe.catalog.storage.LocalFileIO;

import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.EntityNames;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.PointerCache;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.storage.CatalogStorage;
import dev.floe.catalog.storage.CredentialsReference;
import dev.floe.catalog.storage.S3Settings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.jboss.logging.Logger;

/**
 * The catalogs (warehouses) Floe serves, each as a {@link FloeCatalog}; creates the default
 * catalog on first start.
 */
@ApplicationScoped
public class CatalogRegistry {
  private static final Logger LOG = Logger.getLogger(CatalogRegistry.class);

  private final Metastore metastore;
  private final FloeConfig config;
  private final FileIO localFileIO = new LocalFileIO();
  private final Map<String, FloeCatalog> catalogs = new ConcurrentHashMap<>();
  private final Function<String, String> environment;
  /** Background purges of dropped tables. */
  private final PurgeQueue purges;
  /** Checks every commit to an existing table (the schema contracts). */
  private final SchemaChangeCheck schemaCheck;
  /** Told of every table commit (the lineage capture). */
  private final CommitObserver observer;
  /** Tables' and views' rows for loads, shared by every catalog. */
  private final PointerCache pointers;
  /** Parsed metadata files, one budget for every catalog. */
  private final MetadataCache metadata;

  /**
   * @param purges background purges of dropped tables
   * @param schemaCheck checks every commit to an existing table (the schema contracts)
   * @param observer told of every table commit (the lineage capture)
   * @param pointerCaching the tables' and views' rows for loads, shared by every catalog
   */
  @Inject
  public CatalogRegistry(
      Metastore metastore,
      FloeConfig config,
      PurgeQueue purges,
      SchemaChangeCheck schemaCheck,
      CommitObserver observer,
      PointerCaching pointerCaching) {
    this.environment = System::getenv;
    this.pointers = pointerCaching.cache();
    this.metadata =
        new MetadataCache(config.metadataCache().maxBytes().asLongValue(), config.metadataCache().verifyFileExists());
    this.purges = purges;
    this.schemaCheck = schemaCheck;
    this.observer = observer;
    this.metastore = metastore;
    this.config = config;
    config
        .storage()
        .signerUri()
        .ifPresent(
            uri -> {
              if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
                throw new IllegalStateException(
                    "Invalid floe.storage.signer-uri " + uri + ": must be an absolute http(s) URI");
              }
            });
  }

  void createDefaultCatalog(@Observes StartupEvent event) {
    String name = config.defaultCatalog().name();
    if (metastore.findCatalog(name).isPresent()) {
      return;
    }
    String root =
        config
            .defaultCatalog()
            .storageRoot()
            .orElseGet(
                () ->
                    "file://"
                        + Path.of(config.dataDir()).toAbsolutePath().normalize().resolve("warehouse"));
    Map<String, String> properties = new java.util.HashMap<>();
    config.defaultCatalog().allowedLocations().ifPresent(extra -> properties.put(LocationPolicy.ALLOWED_LOCATIONS, extra));
    if (config.defaultCatalog().allowUnstructuredLocations()) {
      properties.put(StorageRules.ALLOW_UNSTRUCTURED_LOCATIONS, "true");
    }
    try {
      create(name, root, properties);
      LOG.infof("Created catalog %s with storage root %s", name, root);
    } catch (AlreadyExistsException e) {
      // another Floe node created it at the same moment
    }
  }

  /** The catalog a request's prefix or warehouse names; 400 for a name no catalog can have. */
  public FloeCatalog catalog(String name) {
    FloeCatalog catalog = catalogs.get(name);
    if (catalog != null) {
      return catalog;
    }
    ControlCharacters.refuse(name, "catalog name");
    CatalogRecord record =
        metastore
            .findCatalog(name)
            .orElseThrow(() -> new NoSuchWarehouseException("Warehouse does not exist: %s", name));
    return catalogs.computeIfAbsent(name, ignored -> newCatalog(record));
  }

  public Optional<CatalogRecord> find(String name) {
    ControlCharacters.refuse(name, "catalog name");
    return metastore.findCatalog(name);
  }

  public List<CatalogRecord> list() {
    return metastore.listCatalogs();
  }

  public CatalogRecord create(String name, String storageRoot, Map<String, String> properties) {
    EntityNames.check(name, "catalog");
    if (storageRoot == null || !(storageRoot.startsWith("file:/") || S3Settings.isS3(storageRoot))) {
      throw new BadRequestException(
          "Invalid storage root %s for catalog %s: must be an absolute file: location or s3://bucket/prefix",
          storageRoot, name);
    }
    Map<String, String> checked = properties == null ? Map.of() : properties;
    // refuse roots that could never be matched safely before storing them
    LocationPolicy policy = new LocationPolicy(storageRoot, checked.get(LocationPolicy.ALLOWED_LOCATIONS));
    Optional<S3Settings> s3 = S3Settings.of(storageRoot, checked);
    for (String root : policy.roots()) {
      if (s3.isPresent() != S3Settings.isS3(root)) {
        throw new BadRequestException(
            "Invalid catalog property %s: %s is not on the same storage as the storage root %s",
            LocationPolicy.ALLOWED_LOCATIONS, root, storageRoot);
      }
      if (s3.isPresent()) {
        S3Settings.bucketOf(root, LocationPolicy.ALLOWED_LOCATIONS);
      }
    }
    if (s3.isPresent()) {
      try {
        s3.get().credentials().resolve(environment);
      } catch (CredentialsReference.MissingCredentialsException e) {
        throw new BadRequestException(
            "Invalid catalog property %s for catalog %s: %s", S3Settings.CREDENTIALS, name, e.getMessage());
      }
    }
    return metastore.createCatalog(
        name,
        LocationPolicy.normalize(storageRoot, "storage root"),
        checked,
        existing -> checkRootsApart(name, policy.roots(), existing));
  }

  /**
   * A catalog's roots (storage root and allowed locations) overlap no other catalog's and stay
   * out of the server's data directory (its embedded PostgreSQL and root credentials), except the
   * default warehouse directory inside it: otherwise a table of one catalog could sit on another's
   * files, and a purge could delete them.
   */
  private void checkRootsApart(String name, List<String> roots, List<CatalogRecord> existing) {
    if (existing.stream().anyMatch(other -> other.name().equals(name))) {
      // the name is the conflict, whatever the roots
      throw new AlreadyExistsException("Catalog already exists: %s", name);
    }
    String dataDirectory = dataDirectory();
    String warehouse = dataDirectory + "/warehouse";
    for (String root : roots) {
      // a root around the data directory is allowed: StorageRules keeps every table out of it
      if (LocationPolicy.isAtOrUnder(root, dataDirectory) && !LocationPolicy.isAtOrUnder(root, warehouse)) {
        throw new BadRequestException(
            "Invalid storage root or allowed location %s for catalog %s: it lies inside the server's data directory"
                + " (only %s and below may hold a catalog's files)",
            root, name, warehouse);
      }
      for (CatalogRecord other : existing) {
        LocationPolicy otherRoots =
            new LocationPolicy(other.storageRoot(), other.properties().get(LocationPolicy.ALLOWED_LOCATIONS));
        for (String otherRoot : otherRoots.roots()) {
          if (dev.floe.catalog.metastore.StoragePrefixes.overlap(
              dev.floe.catalog.metastore.StoragePrefixes.of(root), dev.floe.catalog.metastore.StoragePrefixes.of(otherRoot))) {
            throw new BadRequestException(
                "Invalid storage root or allowed location %s for catalog %s: it overlaps the storage of another catalog",
                root, name);
          }
        }
      }
    }
  }

  /**
   * Properties fixed at creation: where tables may live and how storage is reached. Changing them
   * under existing tables could strand or expose their files.
   */
  public static boolean isStorageProperty(String key) {
    return key.equals(LocationPolicy.ALLOWED_LOCATIONS)
        || key.equals(StorageRules.ALLOW_UNSTRUCTURED_LOCATIONS)
        || key.startsWith("s3.");
  }

  /**
   * Sets and removes properties of a catalog other than its storage settings ({@link
   * #isStorageProperty}); returns the updated catalog.
   */
  public CatalogRecord updateProperties(String name, Map<String, String> updates, java.util.Set<String> removals) {
    for (String key : updates.keySet()) {
      if (isStorageProperty(key)) {
        throw new BadRequestException(
            "Invalid catalog property %s: storage settings are fixed when the catalog is created", key);
      }
    }
    for (String key : removals) {
      if (isStorageProperty(key)) {
        throw new BadRequestException(
            "Invalid removal of catalog property %s: storage settings are fixed when the catalog is created", key);
      }
      if (updates.containsKey(key)) {
        throw new BadRequestException("Catalog property %s is both updated and removed", key);
      }
    }
    CatalogRecord current =
        metastore.findCatalog(name).orElseThrow(() -> new NoSuchWarehouseException("Warehouse does not exist: %s", name));
    Map<String, String> properties = new java.util.TreeMap<>(current.properties());
    properties.putAll(updates);
    removals.forEach(properties::remove);
    CatalogRecord updated =
        metastore
            .updateCatalogProperties(name, properties)
            .orElseThrow(() -> new NoSuchWarehouseException("Warehouse does not exist: %s", name));
    catalogs.remove(name);
    return updated;
  }

  /** Drops a catalog without namespaces; 404 when it does not exist, 409 when it is not empty. */
  public void drop(String name) {
    Optional<Long> id = metastore.findCatalog(name).map(CatalogRecord::id);
    boolean dropped = metastore.dropCatalog(name);
    id.ifPresent(pointers::invalidateCatalog);
    if (!dropped) {
      throw new NoSuchWarehouseException("Warehouse does not exist: %s", name);
    }
    catalogs.remove(name);
  }

  /** The server's data directory as a normalized location. */
  private String dataDirectory() {
    return LocationPolicy.normalize("file://" + Path.of(config.dataDir()).toAbsolutePath().normalize(), "data directory");
  }

  public String defaultCatalogName() {
    return config.defaultCatalog().name();
  }

  /**
   * The metadata cache scoped to one catalog: locations are only unique within a catalog's storage
   * (two S3 catalogs on different endpoints may use the same s3:// path).
   */
  private MetadataCache metadataCacheOf(CatalogRecord record) {
    return metadata.scoped(record.id());
  }

  private FloeCatalog newCatalog(CatalogRecord record) {
    if (!S3Settings.isS3(record.storageRoot())) {
      return new FloeCatalog(
          metastore, record, CatalogStorage.local(localFileIO), metadataCacheOf(record), purges, dataDirectory(), schemaCheck, observer, pointers);
    }
    CatalogStorage storage;
    try {
      storage = CatalogStorage.of(record.name(), record.storageRoot(), record.properties(), environment);
    } catch (RuntimeException e) {
      // the settings were valid at creation: this node's environment lacks what they refer to
      LOG.errorf("Catalog %s cannot reach its storage: %s", record.name(), e.getMessage());
      throw new ServiceUnavailableException(
          "Catalog %s cannot reach its storage: %s", record.name(), e.getMessage());
    }
    return new FloeCatalog(metastore, record, storage, metadataCacheOf(record), purges, dataDirectory(), schemaCheck, observer, pointers);
  }
}
