package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.metastore.NamespaceRecord;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.OwnedPrefix;
import dev.floe.catalog.metastore.Page;
import dev.floe.catalog.metastore.StorageClaim;
import dev.floe.catalog.metastore.StorageClaimant;
import dev.floe.catalog.metastore.StoragePrefixes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

/**
 * A hand-written in-memory {@link Metastore} for unit tests of Floe's catalog logic: the same
 * rules and messages as the PostgreSQL one, one lock for atomicity.
 */
final class InMemoryMetastore implements Metastore {
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, CatalogRecord> catalogs = new TreeMap<>();
  /** catalog id → namespace path → properties */
  private final Map<Long, TreeMap<String, Map<String, String>>> namespaces = new HashMap<>();
  /** catalog id → "namespace path \u0000 name" → object */
  private final Map<Long, TreeMap<String, CatalogObjectRecord>> objects = new HashMap<>();
  /** object id → normalized location */
  private final Map<Long, String> locations = new HashMap<>();
  /** catalog id → namespace path → namespace id */
  private final Map<Long, Map<String, Long>> namespaceIds = new HashMap<>();
  /** the ownership table: every prefix of every catalog, with its owner */
  private final List<OwnedPrefix> owned = new ArrayList<>();
  private final AtomicLong purgeJobs = new AtomicLong();

  private static String key(TableIdentifier identifier) {
    return NamespacePaths.path(identifier.namespace()) + "\u0000" + identifier.name();
  }

  @Override
  public synchronized Optional<CatalogRecord> findCatalog(String name) {
    return Optional.ofNullable(catalogs.get(name));
  }

  @Override
  public synchronized List<CatalogRecord> listCatalogs() {
    return List.copyOf(catalogs.values());
  }

  @Override
  public synchronized CatalogRecord createCatalog(
      String name,
      String storageRoot,
      Map<String, String> properties,
      java.util.function.Consumer<List<CatalogRecord>> checkAgainst) {
    checkAgainst.accept(List.copyOf(catalogs.values()));
    if (catalogs.containsKey(name)) {
      throw new AlreadyExistsException("Catalog already exists: %s", name);
    }
    CatalogRecord record = new CatalogRecord(ids.incrementAndGet(), name, storageRoot, properties);
    catalogs.put(name, record);
    namespaces.put(record.id(), new TreeMap<>());
    namespaceIds.put(record.id(), new HashMap<>());
    objects.put(record.id(), new TreeMap<>());
    return record;
  }

  @Override
  public synchronized Optional<CatalogRecord> updateCatalogProperties(String name, Map<String, String> properties) {
    CatalogRecord record = catalogs.get(name);
    if (record == null) {
      return Optional.empty();
    }
    CatalogRecord updated = new CatalogRecord(record.id(), name, record.storageRoot(), properties);
    catalogs.put(name, updated);
    return Optional.of(updated);
  }

  @Override
  public synchronized boolean dropCatalog(String name) {
    CatalogRecord record = catalogs.get(name);
    if (record == null) {
      return false;
    }
    if (!namespaces.get(record.id()).isEmpty()) {
      throw new dev.floe.catalog.metastore.CatalogNotEmptyException("Catalog %s is not empty: drop its namespaces first", name);
    }
    catalogs.remove(name);
    namespaces.remove(record.id());
    objects.remove(record.id());
    return true;
  }

  @Override
  public synchronized void createNamespace(
      long catalogId, Namespace namespace, Map<String, String> properties, StorageClaim location) {
    TreeMap<String, Map<String, String>> all = namespaces.get(catalogId);
    if (namespace.length() > 1) {
      Namespace parent = Namespace.of(java.util.Arrays.copyOf(namespace.levels(), namespace.length() - 1));
      if (!all.containsKey(NamespacePaths.path(parent))) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
      }
    }
    if (all.containsKey(NamespacePaths.path(namespace))) {
      throw new AlreadyExistsException("Namespace already exists: %s", namespace);
    }
    check(new StorageClaimant.Namespace(null, enclosing(catalogId, StorageRules.parentOf(namespace))), List.of(location), "namespace " + namespace);
    all.put(NamespacePaths.path(namespace), new HashMap<>(properties));
    long id = ids.incrementAndGet();
    namespaceIds.get(catalogId).put(NamespacePaths.path(namespace), id);
    owned.add(new OwnedPrefix(location.prefix(), OwnedPrefix.Kind.NAMESPACE, null, id, null, null));
  }

  private Set<Long> enclosing(long catalogId, Namespace namespace) {
    Set<Long> found = new java.util.HashSet<>();
    for (int length = 1; length <= namespace.length(); length++) {
      Long id = namespaceIds.get(catalogId).get(NamespacePaths.path(Namespace.of(java.util.Arrays.copyOf(namespace.levels(), length))));
      if (id != null) {
        found.add(id);
      }
    }
    return found;
  }

  private void check(StorageClaimant claimant, List<StorageClaim> claims, String subject) {
    for (StorageClaim claim : claims) {
      for (OwnedPrefix existing : owned) {
        if (claimant.conflictsWith(claim.prefix(), existing)) {
          throw new org.apache.iceberg.exceptions.ForbiddenException(
              "Invalid %s %s for %s: it overlaps storage that belongs to another table, view or namespace",
              claim.what(), claim.location(), subject);
        }
      }
    }
  }

  private static String stagedPath(TableIdentifier identifier) {
    return NamespacePaths.path(identifier.namespace()) + NamespacePaths.SEPARATOR + identifier.name();
  }

  @Override
  public synchronized Optional<NamespaceRecord> findNamespace(long catalogId, Namespace namespace) {
    Map<String, String> properties = namespaces.get(catalogId).get(NamespacePaths.path(namespace));
    return properties == null
        ? Optional.empty()
        : Optional.of(new NamespaceRecord(0, catalogId, namespace, properties));
  }

  @Override
  public synchronized Page<Namespace> listNamespaces(long catalogId, Namespace parent, String pageToken, int pageSize) {
    String parentPath = NamespacePaths.path(parent);
    if (!parent.isEmpty() && !namespaces.get(catalogId).containsKey(parentPath)) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
    }
    String after = NamespacePaths.afterName(pageToken);
    List<String> children = new ArrayList<>();
    for (String path : namespaces.get(catalogId).keySet()) {
      if (NamespacePaths.parentPath(NamespacePaths.namespace(path)).equals(parentPath)
          && (after == null || path.compareTo(after) > 0)) {
        children.add(path);
      }
    }
    return page(children, pageSize, NamespacePaths::namespace);
  }

  @Override
  public synchronized boolean dropNamespace(long catalogId, Namespace namespace) {
    String path = NamespacePaths.path(namespace);
    if (!namespaces.get(catalogId).containsKey(path)) {
      return false;
    }
    long contained = objects.get(catalogId).values().stream()
        .filter(object -> object.identifier().namespace().equals(namespace)).count();
    long children = namespaces.get(catalogId).keySet().stream()
        .filter(other -> NamespacePaths.parentPath(NamespacePaths.namespace(other)).equals(path)).count();
    if (contained > 0 || children > 0) {
      throw new NamespaceNotEmptyException("Namespace %s is not empty", namespace);
    }
    namespaces.get(catalogId).remove(path);
    Long id = namespaceIds.get(catalogId).remove(path);
    owned.removeIf(row -> id != null && id.equals(row.namespaceId()));
    return true;
  }

  @Override
  public synchronized boolean updateNamespaceProperties(
      long catalogId,
      Namespace namespace,
      Map<String, String> updates,
      Set<String> removals,
      Optional<StorageClaim> newLocation) {
    Map<String, String> properties = namespaces.get(catalogId).get(NamespacePaths.path(namespace));
    if (properties == null) {
      return false;
    }
    if (newLocation.isPresent()) {
      Long id = namespaceIds.get(catalogId).get(NamespacePaths.path(namespace));
      boolean empty =
          objects.get(catalogId).values().stream().noneMatch(object -> object.identifier().namespace().equals(namespace))
              && namespaces.get(catalogId).keySet().stream()
                  .noneMatch(other -> NamespacePaths.parentPath(NamespacePaths.namespace(other)).equals(NamespacePaths.path(namespace)));
      if (!empty) {
        throw new org.apache.iceberg.exceptions.BadRequestException(
            "Cannot change the location of namespace %s: it is not empty", namespace);
      }
      check(new StorageClaimant.Namespace(id, enclosing(catalogId, StorageRules.parentOf(namespace))), List.of(newLocation.get()), "namespace " + namespace);
      owned.removeIf(row -> id.equals(row.namespaceId()));
      owned.add(new OwnedPrefix(newLocation.get().prefix(), OwnedPrefix.Kind.NAMESPACE, null, id, null, null));
    }
    properties.putAll(updates);
    removals.forEach(properties::remove);
    return true;
  }

  @Override
  public synchronized Optional<CatalogObjectRecord> findObject(long catalogId, TableIdentifier identifier) {
    return Optional.ofNullable(objects.get(catalogId).get(key(identifier)));
  }

  @Override
  public synchronized Page<TableIdentifier> listObjects(
      long catalogId, Namespace namespace, ObjectKind kind, String pageToken, int pageSize) {
    if (!namespaces.get(catalogId).containsKey(NamespacePaths.path(namespace))) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    String after = NamespacePaths.afterName(pageToken);
    List<String> names = new ArrayList<>();
    for (CatalogObjectRecord object : objects.get(catalogId).values()) {
      if (object.kind() == kind
          && object.identifier().namespace().equals(namespace)
          && (after == null || object.identifier().name().compareTo(after) > 0)) {
        names.add(object.identifier().name());
      }
    }
    names.sort(null);
    return page(names, pageSize, name -> TableIdentifier.of(namespace, name));
  }

  @Override
  public synchronized void createObject(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String metadataLocation,
      String location,
      List<StorageClaim> claims,
      boolean structured) {
    if (!namespaces.get(catalogId).containsKey(NamespacePaths.path(identifier.namespace()))) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
    }
    CatalogObjectRecord existing = objects.get(catalogId).get(key(identifier));
    if (existing != null) {
      throw existing.kind() == kind
          ? new AlreadyExistsException("%s already exists: %s", kind == ObjectKind.TABLE ? "Table" : "View", identifier)
          : new AlreadyExistsException("%s with same name already exists: %s",
              existing.kind() == ObjectKind.TABLE ? "Table" : "View", identifier);
    }
    check(
        new StorageClaimant.TableOrView(null, catalogId, stagedPath(identifier), enclosing(catalogId, identifier.namespace()), structured),
        claims,
        identifier.toString());
    CatalogObjectRecord created =
        new CatalogObjectRecord(ids.incrementAndGet(), catalogId, 0, identifier, kind, metadataLocation, null);
    objects.get(catalogId).put(key(identifier), created);
    locations.put(created.id(), location);
    owned.removeIf(row -> stagedPath(identifier).equals(row.stagedPath()));
    for (StorageClaim claim : claims) {
      owned.add(new OwnedPrefix(claim.prefix(), OwnedPrefix.Kind.OBJECT, created.id(), null, null, null));
    }
  }

  @Override
  public synchronized boolean swapMetadataLocation(
      long catalogId, TableIdentifier identifier, ObjectKind kind, String expected, String newLocation, String location) {
    CatalogObjectRecord current = objects.get(catalogId).get(key(identifier));
    if (current == null || current.kind() != kind || !current.metadataLocation().equals(expected)) {
      return false;
    }
    objects.get(catalogId).put(key(identifier), new CatalogObjectRecord(
        current.id(), catalogId, 0, identifier, kind, newLocation, expected));
    locations.put(current.id(), location);
    return true;
  }

  @Override
  public synchronized boolean swapMetadataLocationClaiming(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String expected,
      String newLocation,
      String location,
      List<StorageClaim> newClaims,
      boolean structured) {
    CatalogObjectRecord current = objects.get(catalogId).get(key(identifier));
    if (current == null) {
      return false;
    }
    check(
        new StorageClaimant.TableOrView(current.id(), catalogId, stagedPath(identifier), enclosing(catalogId, identifier.namespace()), structured),
        newClaims,
        identifier.toString());
    if (!swapMetadataLocation(catalogId, identifier, kind, expected, newLocation, location)) {
      return false;
    }
    for (StorageClaim claim : newClaims) {
      owned.add(new OwnedPrefix(claim.prefix(), OwnedPrefix.Kind.OBJECT, current.id(), null, null, null));
    }
    return true;
  }

  @Override
  public synchronized void reserveStaged(
      long catalogId, TableIdentifier identifier, List<StorageClaim> claims, boolean structured, Instant expiresAt) {
    check(
        new StorageClaimant.TableOrView(null, catalogId, stagedPath(identifier), enclosing(catalogId, identifier.namespace()), structured),
        claims,
        identifier.toString());
    owned.removeIf(row -> stagedPath(identifier).equals(row.stagedPath()));
    for (StorageClaim claim : claims) {
      owned.add(new OwnedPrefix(claim.prefix(), OwnedPrefix.Kind.STAGED, null, null, null, stagedPath(identifier)));
    }
  }

  @Override
  public synchronized boolean isOwnedByObject(String prefix) {
    return owned.stream().anyMatch(row -> row.kind() != OwnedPrefix.Kind.NAMESPACE && prefix.startsWith(row.prefix()));
  }

  @Override
  public synchronized List<String> prefixesOwnedBeside(List<String> roots, long purgeJobId) {
    List<String> found = new ArrayList<>();
    for (String root : roots) {
      String prefix = StoragePrefixes.of(root);
      for (OwnedPrefix row : owned) {
        if (row.kind() != OwnedPrefix.Kind.NAMESPACE
            && !Long.valueOf(purgeJobId).equals(row.purgeJobId())
            && StoragePrefixes.overlap(prefix, row.prefix())) {
          found.add(row.prefix());
        }
      }
    }
    return found;
  }

  @Override
  public synchronized Optional<String> dropObject(long catalogId, TableIdentifier identifier, ObjectKind kind) {
    CatalogObjectRecord current = objects.get(catalogId).get(key(identifier));
    if (current == null || current.kind() != kind) {
      return Optional.empty();
    }
    objects.get(catalogId).remove(key(identifier));
    owned.removeIf(row -> Long.valueOf(current.id()).equals(row.objectId()));
    return Optional.of(current.metadataLocation());
  }

  @Override
  public synchronized void renameObject(long catalogId, TableIdentifier from, TableIdentifier to, ObjectKind kind) {
    if (!namespaces.get(catalogId).containsKey(NamespacePaths.path(to.namespace()))) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
    }
    CatalogObjectRecord existing = objects.get(catalogId).get(key(to));
    if (existing != null) {
      throw new AlreadyExistsException("Cannot rename %s to %s. %s already exists",
          from, to, existing.kind() == ObjectKind.TABLE ? "Table" : "View");
    }
    CatalogObjectRecord current = objects.get(catalogId).get(key(from));
    if (current == null || current.kind() != kind) {
      throw kind == ObjectKind.TABLE
          ? new NoSuchTableException("Table does not exist: %s", from)
          : new NoSuchViewException("View does not exist: %s", from);
    }
    objects.get(catalogId).remove(key(from));
    objects.get(catalogId).put(key(to), new CatalogObjectRecord(current.id(), catalogId, 0, to, kind,
        current.metadataLocation(), current.previousMetadataLocation()));
  }

  private static <T> Page<T> page(List<String> names, int pageSize, java.util.function.Function<String, T> convert) {
    boolean more = names.size() > pageSize;
    List<String> items = more ? names.subList(0, pageSize) : names;
    return new Page<>(items.stream().map(convert).toList(),
        more ? NamespacePaths.pageToken(items.get(items.size() - 1)) : null);
  }
}
