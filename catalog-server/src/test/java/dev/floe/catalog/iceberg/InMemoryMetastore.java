package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.IdempotencyRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.metastore.NamespaceRecord;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.Page;
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
 * rules and messages as the PostgreSQL one, one lock for atomicity. Idempotency and metrics
 * reports are not needed by the catalog and are not kept.
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
  public synchronized CatalogRecord createCatalog(String name, String storageRoot, Map<String, String> properties) {
    if (catalogs.containsKey(name)) {
      throw new AlreadyExistsException("Catalog already exists: %s", name);
    }
    CatalogRecord record = new CatalogRecord(ids.incrementAndGet(), name, storageRoot, properties);
    catalogs.put(name, record);
    namespaces.put(record.id(), new TreeMap<>());
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
  public synchronized void createNamespace(long catalogId, Namespace namespace, Map<String, String> properties) {
    TreeMap<String, Map<String, String>> all = namespaces.get(catalogId);
    if (namespace.length() > 1) {
      Namespace parent = Namespace.of(java.util.Arrays.copyOf(namespace.levels(), namespace.length() - 1));
      if (!all.containsKey(NamespacePaths.path(parent))) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
      }
    }
    if (all.putIfAbsent(NamespacePaths.path(namespace), new HashMap<>(properties)) != null) {
      throw new AlreadyExistsException("Namespace already exists: %s", namespace);
    }
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
    return true;
  }

  @Override
  public synchronized boolean updateNamespaceProperties(
      long catalogId, Namespace namespace, Map<String, String> updates, Set<String> removals) {
    Map<String, String> properties = namespaces.get(catalogId).get(NamespacePaths.path(namespace));
    if (properties == null) {
      return false;
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
      long catalogId, TableIdentifier identifier, ObjectKind kind, String metadataLocation, String location) {
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
    CatalogObjectRecord created =
        new CatalogObjectRecord(ids.incrementAndGet(), catalogId, 0, identifier, kind, metadataLocation, null);
    objects.get(catalogId).put(key(identifier), created);
    locations.put(created.id(), location);
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
  public synchronized Optional<TableIdentifier> findOverlappingTable(
      long catalogId, String location, TableIdentifier excluding) {
    for (CatalogObjectRecord object : objects.get(catalogId).values()) {
      String other = locations.get(object.id());
      if (object.kind() == ObjectKind.TABLE && !object.identifier().equals(excluding) && other != null
          && (LocationPolicy.isAtOrUnder(location, other) || LocationPolicy.isAtOrUnder(other, location))) {
        return Optional.of(object.identifier());
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<String> dropObject(long catalogId, TableIdentifier identifier, ObjectKind kind) {
    CatalogObjectRecord current = objects.get(catalogId).get(key(identifier));
    if (current == null || current.kind() != kind) {
      return Optional.empty();
    }
    objects.get(catalogId).remove(key(identifier));
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

  @Override
  public Optional<IdempotencyRecord> claimIdempotencyKey(
      String principal, String key, String operation, String resource, Instant expiresAt) {
    throw new UnsupportedOperationException("idempotency is not part of the catalog unit tests");
  }

  @Override
  public void completeIdempotencyKey(String principal, String key, int httpStatus, String responseBody) {
    throw new UnsupportedOperationException("idempotency is not part of the catalog unit tests");
  }

  @Override
  public void releaseIdempotencyKey(String principal, String key) {
    throw new UnsupportedOperationException("idempotency is not part of the catalog unit tests");
  }

  @Override
  public int deleteExpiredIdempotencyKeys(Instant now) {
    return 0;
  }

  @Override
  public void saveMetricsReport(long catalogId, TableIdentifier table, String reportType, String report) {}

  @Override
  public List<Map<String, Object>> listMetricsReports(long catalogId, TableIdentifier table, int limit) {
    return List.of();
  }

  private static <T> Page<T> page(List<String> names, int pageSize, java.util.function.Function<String, T> convert) {
    boolean more = names.size() > pageSize;
    List<String> items = more ? names.subList(0, pageSize) : names;
    return new Page<>(items.stream().map(convert).toList(),
        more ? NamespacePaths.pageToken(items.get(items.size() - 1)) : null);
  }
}
