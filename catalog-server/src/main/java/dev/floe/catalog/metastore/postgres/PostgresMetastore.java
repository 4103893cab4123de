package dev.floe.catalog.metastore.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.CatalogNotEmptyException;
import dev.floe.catalog.metastore.CatalogObjectRecord;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.metastore.NamespaceRecord;
import dev.floe.catalog.metastore.ObjectKind;
import dev.floe.catalog.metastore.OwnedPrefix;
import dev.floe.catalog.metastore.Page;
import dev.floe.catalog.metastore.StorageClaim;
import dev.floe.catalog.metastore.StorageClaimant;
import dev.floe.catalog.metastore.StoragePrefixes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

/**
 * {@link Metastore} on PostgreSQL through plain JDBC ({@link Jdbc}).
 *
 * <p>The hot path (loadTable, loadNamespace, listings, create, commit, drop) is single statements:
 * outside a transaction in autocommit, inside one (a multi-table commit) on the transaction's own
 * connection, so they see and join its writes. No JTA transaction per request: that overhead was
 * the bottleneck (in a local wrk run on a busy machine, loadTable of a small table went from about
 * 2,600 to 17,000 requests/s on 2 cores). Methods of several statements that must be atomic
 * (catalogs, namespaces, claims of storage, rename) are {@code @Transactional}: they begin a JTA
 * transaction or join the caller's, and every statement in them runs on its connection.
 */
@ApplicationScoped
public class PostgresMetastore implements Metastore {
  private static final TypeReference<Map<String, String>> PROPERTIES_TYPE = new TypeReference<>() {};
  /** The first key of the advisory locks that order storage claims ("FLOE" in ASCII). */
  private static final int CLAIM_LOCK_CLASS = 0x464C4F45;
  private static final String CATALOG_COLUMNS = "id, name, storage_root, properties";

  private final Jdbc jdbc;

  @Inject
  public PostgresMetastore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  // ---------------------------------------------------------------- catalogs

  @Override
  public Optional<CatalogRecord> findCatalog(String name) {
    return jdbc.optional(
        "SELECT " + CATALOG_COLUMNS + " FROM catalogs WHERE name = ?",
        statement -> statement.setString(1, name),
        PostgresMetastore::catalog);
  }

  @Override
  public List<CatalogRecord> listCatalogs() {
    return jdbc.list("SELECT " + CATALOG_COLUMNS + " FROM catalogs ORDER BY name", Jdbc.Parameters.NONE, PostgresMetastore::catalog);
  }

  private static CatalogRecord catalog(ResultSet row) throws SQLException {
    return new CatalogRecord(row.getLong(1), row.getString(2), row.getString(3), fromJson(row.getString(4)));
  }

  @Override
  @Transactional
  public CatalogRecord createCatalog(
      String name, String storageRoot, Map<String, String> properties, Consumer<List<CatalogRecord>> checkAgainst) {
    // one catalog creation at a time on all nodes, so that two overlapping roots cannot both pass
    jdbc.list("SELECT pg_advisory_xact_lock(?, 0)", statement -> statement.setInt(1, CLAIM_LOCK_CLASS), row -> 1);
    checkAgainst.accept(listCatalogs());
    int inserted =
        jdbc.update(
            "INSERT INTO catalogs (name, storage_root, properties) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            statement -> {
              statement.setString(1, name);
              statement.setString(2, storageRoot);
              statement.setString(3, toJson(properties));
            });
    if (inserted == 0) {
      throw new AlreadyExistsException("Catalog already exists: %s", name);
    }
    return findCatalog(name).orElseThrow();
  }

  @Override
  public Optional<CatalogRecord> updateCatalogProperties(String name, Map<String, String> properties) {
    return jdbc.writeReturning(
        "UPDATE catalogs SET properties = ?, updated_at = now() WHERE name = ? RETURNING " + CATALOG_COLUMNS,
        statement -> {
          statement.setString(1, toJson(properties));
          statement.setString(2, name);
        },
        PostgresMetastore::catalog);
  }

  @Override
  @Transactional
  public boolean dropCatalog(String name) {
    // the row lock makes a concurrent namespace creation (whose foreign key check takes a share
    // lock on the catalog row) either finish first, and be seen below, or fail after the drop
    Optional<Long> id =
        jdbc.optional(
            "SELECT id FROM catalogs WHERE name = ? FOR UPDATE",
            statement -> statement.setString(1, name),
            row -> row.getLong(1));
    if (id.isEmpty()) {
      return false;
    }
    if (jdbc.exists("SELECT 1 FROM namespaces WHERE catalog_id = ? LIMIT 1", statement -> statement.setLong(1, id.get()))) {
      throw new CatalogNotEmptyException("Catalog %s is not empty: drop its namespaces first", name);
    }
    jdbc.update("DELETE FROM catalogs WHERE id = ?", statement -> statement.setLong(1, id.get()));
    return true;
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  @Transactional
  public void createNamespace(
      long catalogId, Namespace namespace, Map<String, String> properties, StorageClaim location) {
    if (namespace.length() > 1) {
      Namespace parent = parentOf(namespace);
      if (namespaceId(catalogId, parent).isEmpty()) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
      }
    }
    StorageClaimant claimant =
        new StorageClaimant.Namespace(null, enclosingNamespaceIds(catalogId, parentOf(namespace)));
    checkClaims(claimant, List.of(location), "namespace " + namespace);
    Optional<Long> id =
        jdbc.writeReturning(
            "INSERT INTO namespaces (catalog_id, path, parent_path, properties) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (catalog_id, path) DO NOTHING RETURNING id",
            statement -> {
              statement.setLong(1, catalogId);
              statement.setString(2, NamespacePaths.path(namespace));
              statement.setString(3, NamespacePaths.parentPath(namespace));
              statement.setString(4, toJson(properties));
            },
            row -> row.getLong(1));
    if (id.isEmpty()) {
      throw new AlreadyExistsException("Namespace already exists: %s", namespace);
    }
    insertPrefixes(catalogId, OwnedPrefix.Kind.NAMESPACE, id.get(), List.of(location));
  }

  private static Namespace parentOf(Namespace namespace) {
    return namespace.length() <= 1
        ? Namespace.empty()
        : Namespace.of(Arrays.copyOf(namespace.levels(), namespace.length() - 1));
  }

  @Override
  public Optional<NamespaceRecord> findNamespace(long catalogId, Namespace namespace) {
    return jdbc.optional(
        "SELECT id, properties FROM namespaces WHERE catalog_id = ? AND path = ?",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(namespace));
        },
        row -> new NamespaceRecord(row.getLong(1), catalogId, namespace, fromJson(row.getString(2))));
  }

  private Optional<Long> namespaceId(long catalogId, Namespace namespace) {
    return findNamespace(catalogId, namespace).map(NamespaceRecord::id);
  }

  @Override
  public Page<Namespace> listNamespaces(long catalogId, Namespace parent, String pageToken, int pageSize) {
    String after = NamespacePaths.afterName(pageToken);
    String parentPath = NamespacePaths.path(parent);
    if (!parent.isEmpty() && namespaceId(catalogId, parent).isEmpty()) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
    }
    List<String> paths =
        jdbc.list(
            "SELECT path FROM namespaces WHERE catalog_id = ? AND parent_path = ? AND path > ?"
                + " ORDER BY path LIMIT ?",
            statement -> {
              statement.setLong(1, catalogId);
              statement.setString(2, parentPath);
              statement.setString(3, after == null ? "" : after);
              statement.setInt(4, pageSize + 1);
            },
            row -> row.getString(1));
    return page(paths, pageSize, NamespacePaths::namespace, path -> path);
  }

  @Override
  @Transactional
  public boolean dropNamespace(long catalogId, Namespace namespace) {
    Optional<Long> id = namespaceId(catalogId, namespace);
    if (id.isEmpty()) {
      return false;
    }
    // lock the namespace row so that no table is created in it while we check it is empty
    jdbc.list("SELECT id FROM namespaces WHERE id = ? FOR UPDATE", statement -> statement.setLong(1, id.get()), row -> 1);
    long objects = countObjects(id.get());
    long children = countChildren(catalogId, namespace);
    if (objects > 0 || children > 0) {
      throw new NamespaceNotEmptyException(
          "Namespace %s is not empty: it contains %d table(s) or view(s) and %d namespace(s)",
          namespace, objects, children);
    }
    return jdbc.update("DELETE FROM namespaces WHERE id = ?", statement -> statement.setLong(1, id.get())) > 0;
  }

  private long countObjects(long namespaceId) {
    return jdbc.single(
        "SELECT count(*) FROM catalog_objects WHERE namespace_id = ?",
        statement -> statement.setLong(1, namespaceId),
        row -> row.getLong(1));
  }

  private long countChildren(long catalogId, Namespace namespace) {
    return jdbc.single(
        "SELECT count(*) FROM namespaces WHERE catalog_id = ? AND parent_path = ?",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(namespace));
        },
        row -> row.getLong(1));
  }

  @Override
  @Transactional
  public boolean updateNamespaceProperties(
      long catalogId,
      Namespace namespace,
      Map<String, String> updates,
      Set<String> removals,
      Optional<StorageClaim> newLocation) {
    Optional<NamespaceRecord> locked =
        jdbc.optional(
            "SELECT id, properties FROM namespaces WHERE catalog_id = ? AND path = ? FOR UPDATE",
            statement -> {
              statement.setLong(1, catalogId);
              statement.setString(2, NamespacePaths.path(namespace));
            },
            row -> new NamespaceRecord(row.getLong(1), catalogId, namespace, fromJson(row.getString(2))));
    if (locked.isEmpty()) {
      return false;
    }
    if (newLocation.isPresent()) {
      moveNamespaceLocation(catalogId, namespace, locked.get().id(), newLocation.get());
    }
    Map<String, String> properties = new TreeMap<>(locked.get().properties());
    properties.putAll(updates);
    removals.forEach(properties::remove);
    jdbc.update(
        "UPDATE namespaces SET properties = ?, updated_at = now() WHERE catalog_id = ? AND path = ?",
        statement -> {
          statement.setString(1, toJson(properties));
          statement.setLong(2, catalogId);
          statement.setString(3, NamespacePaths.path(namespace));
        });
    return true;
  }

  /** Moves an empty namespace's claim to {@code location} (the row is locked by the caller). */
  private void moveNamespaceLocation(long catalogId, Namespace namespace, long id, StorageClaim location) {
    long objects = countObjects(id);
    long children = countChildren(catalogId, namespace);
    if (objects > 0 || children > 0) {
      throw new BadRequestException(
          "Cannot change the location of namespace %s: it is not empty (its tables, views and namespaces stay where they are)",
          namespace);
    }
    StorageClaimant claimant = new StorageClaimant.Namespace(id, enclosingNamespaceIds(catalogId, parentOf(namespace)));
    checkClaims(claimant, List.of(location), "namespace " + namespace);
    jdbc.update("DELETE FROM storage_prefixes WHERE namespace_id = ?", statement -> statement.setLong(1, id));
    insertPrefixes(catalogId, OwnedPrefix.Kind.NAMESPACE, id, List.of(location));
  }

  // ---------------------------------------------------------------- tables and views

  @Override
  public Optional<CatalogObjectRecord> findObject(long catalogId, TableIdentifier identifier) {
    return jdbc.optional(
        "SELECT id, namespace_id, kind, metadata_location, previous_metadata_location"
            + " FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ?",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(identifier.namespace()));
          statement.setString(3, identifier.name());
        },
        row ->
            new CatalogObjectRecord(
                row.getLong(1),
                catalogId,
                row.getLong(2),
                identifier,
                ObjectKind.valueOf(row.getString(3)),
                row.getString(4),
                row.getString(5)));
  }

  /**
   * One round trip: the namespace's row joined to one page of its objects (index-only on
   * {@code catalog_objects_namespace}); no row means no such namespace, a row without a name an
   * empty page.
   */
  @Override
  public Page<TableIdentifier> listObjects(
      long catalogId, Namespace namespace, ObjectKind kind, String pageToken, int pageSize) {
    String after = NamespacePaths.afterName(pageToken);
    List<Optional<String>> rows =
        jdbc.list(
            "SELECT o.name FROM namespaces n LEFT JOIN LATERAL"
                + " (SELECT name FROM catalog_objects WHERE namespace_id = n.id AND kind = ? AND name > ?"
                + " ORDER BY name LIMIT ?) o ON true"
                + " WHERE n.catalog_id = ? AND n.path = ? ORDER BY o.name",
            statement -> {
              statement.setString(1, kind.name());
              statement.setString(2, after == null ? "" : after);
              statement.setInt(3, pageSize + 1);
              statement.setLong(4, catalogId);
              statement.setString(5, NamespacePaths.path(namespace));
            },
            row -> Optional.ofNullable(row.getString(1)));
    if (rows.isEmpty()) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    List<String> names = rows.stream().flatMap(Optional::stream).toList();
    return page(names, pageSize, name -> TableIdentifier.of(namespace, name), name -> name);
  }

  @Override
  @Transactional
  public void createObject(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String metadataLocation,
      String location,
      List<StorageClaim> claims,
      boolean structured) {
    Optional<Long> id;
    try {
      StorageClaimant claimant =
          new StorageClaimant.TableOrView(
              null, catalogId, stagedPath(identifier), enclosingNamespaceIds(catalogId, identifier.namespace()), structured);
      checkClaims(claimant, claims, kindName(kind) + " " + identifier);
      id =
          jdbc.writeReturning(
              "INSERT INTO catalog_objects (catalog_id, namespace_id, namespace_path, name, kind,"
                  + " metadata_location, location)"
                  + " SELECT catalog_id, id, path, ?, ?, ?, ? FROM namespaces"
                  + " WHERE catalog_id = ? AND path = ?"
                  + " ON CONFLICT (catalog_id, namespace_path, name) DO NOTHING RETURNING id",
              statement -> {
                statement.setString(1, identifier.name());
                statement.setString(2, kind.name());
                statement.setString(3, metadataLocation);
                statement.setString(4, location);
                statement.setLong(5, catalogId);
                statement.setString(6, NamespacePaths.path(identifier.namespace()));
              },
              row -> row.getLong(1));
      if (id.isPresent()) {
        insertPrefixes(catalogId, OwnedPrefix.Kind.OBJECT, id.get(), claims);
        releaseStaged(catalogId, identifier);
      }
    } catch (DatabaseException.ForeignKeyViolation e) {
      // the namespace was dropped while we inserted
      throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
    }
    if (id.isEmpty()) {
      if (findNamespace(catalogId, identifier.namespace()).isEmpty()) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
      }
      throw alreadyExists(catalogId, identifier, kind);
    }
  }

  private static String kindName(ObjectKind kind) {
    return kind == ObjectKind.TABLE ? "table" : "view";
  }

  private AlreadyExistsException alreadyExists(long catalogId, TableIdentifier identifier, ObjectKind requested) {
    ObjectKind existing = findObject(catalogId, identifier).map(CatalogObjectRecord::kind).orElse(requested);
    if (existing == requested) {
      return new AlreadyExistsException(
          "%s already exists: %s", requested == ObjectKind.TABLE ? "Table" : "View", identifier);
    }
    return new AlreadyExistsException(
        "%s with same name already exists: %s", existing == ObjectKind.TABLE ? "Table" : "View", identifier);
  }

  @Override
  public boolean swapMetadataLocation(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String expectedMetadataLocation,
      String newMetadataLocation,
      String location) {
    return jdbc.update(
            "UPDATE catalog_objects SET metadata_location = ?, previous_metadata_location = ?,"
                + " location = ?, commit_count = commit_count + 1, updated_at = now()"
                + " WHERE catalog_id = ? AND namespace_path = ? AND name = ? AND kind = ?"
                + " AND metadata_location = ?",
            statement -> {
              statement.setString(1, newMetadataLocation);
              statement.setString(2, expectedMetadataLocation);
              statement.setString(3, location);
              statement.setLong(4, catalogId);
              statement.setString(5, NamespacePaths.path(identifier.namespace()));
              statement.setString(6, identifier.name());
              statement.setString(7, kind.name());
              statement.setString(8, expectedMetadataLocation);
            })
        == 1;
  }

  @Override
  @Transactional
  public boolean swapMetadataLocationClaiming(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String expectedMetadataLocation,
      String newMetadataLocation,
      String location,
      List<StorageClaim> newClaims,
      boolean structured) {
    Optional<CatalogObjectRecord> object = findObject(catalogId, identifier).filter(found -> found.kind() == kind);
    if (object.isEmpty()) {
      return false;
    }
    long objectId = object.get().id();
    StorageClaimant claimant =
        new StorageClaimant.TableOrView(
            objectId, catalogId, stagedPath(identifier), enclosingNamespaceIds(catalogId, identifier.namespace()), structured);
    checkClaims(claimant, newClaims, kindName(kind) + " " + identifier);
    if (!swapMetadataLocation(catalogId, identifier, kind, expectedMetadataLocation, newMetadataLocation, location)) {
      return false;
    }
    Set<String> owned =
        new HashSet<>(
            jdbc.list(
                "SELECT prefix FROM storage_prefixes WHERE object_id = ?",
                statement -> statement.setLong(1, objectId),
                row -> row.getString(1)));
    List<StorageClaim> added = new ArrayList<>();
    for (StorageClaim claim : newClaims) {
      if (owned.add(claim.prefix())) {
        added.add(claim);
      }
    }
    insertPrefixes(catalogId, OwnedPrefix.Kind.OBJECT, objectId, added);
    return true;
  }

  @Override
  @Transactional
  public void reserveStaged(
      long catalogId, TableIdentifier identifier, List<StorageClaim> claims, boolean structured, Instant expiresAt) {
    StorageClaimant claimant =
        new StorageClaimant.TableOrView(
            null, catalogId, stagedPath(identifier), enclosingNamespaceIds(catalogId, identifier.namespace()), structured);
    checkClaims(claimant, claims, "table " + identifier);
    releaseStaged(catalogId, identifier);
    jdbc.batch(
        "INSERT INTO storage_prefixes (prefix, owner_kind, catalog_id, staged_path, expires_at)"
            + " VALUES (?, 'STAGED', ?, ?, ?)",
        claims,
        (statement, claim) -> {
          statement.setString(1, claim.prefix());
          statement.setLong(2, catalogId);
          statement.setString(3, stagedPath(identifier));
          statement.setTimestamp(4, Timestamp.from(expiresAt));
        });
  }

  @Override
  public boolean isOwnedByObject(String prefix) {
    return jdbc.exists(
        "SELECT 1 FROM storage_prefixes WHERE prefix = ANY(?) AND owner_kind <> 'NAMESPACE'"
            + " AND (expires_at IS NULL OR expires_at > now()) LIMIT 1",
        statement -> statement.setArray(1, Jdbc.textArray(statement, StoragePrefixes.ancestorsAndSelf(prefix))));
  }

  @Override
  public List<String> prefixesOwnedBeside(List<String> roots, long purgeJobId) {
    Set<String> found = new TreeSet<>();
    for (String root : roots) {
      String prefix = StoragePrefixes.of(root);
      found.addAll(
          jdbc.list(
              "SELECT prefix FROM storage_prefixes WHERE (prefix = ANY(?) OR (prefix >= ? AND prefix < ?))"
                  + " AND owner_kind <> 'NAMESPACE' AND purge_job_id IS DISTINCT FROM ?"
                  + " AND (expires_at IS NULL OR expires_at > now())",
              statement -> {
                statement.setArray(1, Jdbc.textArray(statement, StoragePrefixes.ancestorsAndSelf(prefix)));
                statement.setString(2, prefix);
                statement.setString(3, StoragePrefixes.upperBound(prefix));
                statement.setLong(4, purgeJobId);
              },
              row -> row.getString(1)));
    }
    return List.copyOf(found);
  }

  /**
   * Takes the claim locks of the claims' storage authorities (in a fixed order, held until the
   * transaction ends, on every node alike), then refuses the first claim that overlaps what
   * another owns. The message names the location at fault, never the owner.
   */
  private void checkClaims(StorageClaimant claimant, List<StorageClaim> claims, String subject) {
    Set<String> authorities = new TreeSet<>();
    for (StorageClaim claim : claims) {
      authorities.add(StoragePrefixes.authority(claim.prefix()));
    }
    for (String authority : authorities) {
      jdbc.list(
          "SELECT pg_advisory_xact_lock(?, hashtext(?))",
          statement -> {
            statement.setInt(1, CLAIM_LOCK_CLASS);
            statement.setString(2, authority);
          },
          row -> 1);
    }
    for (StorageClaim claim : claims) {
      List<OwnedPrefix> overlapping =
          jdbc.list(
              "SELECT prefix, owner_kind, object_id, namespace_id, purge_job_id, staged_path FROM storage_prefixes"
                  + " WHERE (prefix = ANY(?) OR (prefix >= ? AND prefix < ?))"
                  + " AND (expires_at IS NULL OR expires_at > now())",
              statement -> {
                statement.setArray(1, Jdbc.textArray(statement, StoragePrefixes.ancestorsAndSelf(claim.prefix())));
                statement.setString(2, claim.prefix());
                statement.setString(3, StoragePrefixes.upperBound(claim.prefix()));
              },
              row ->
                  new OwnedPrefix(
                      row.getString(1),
                      OwnedPrefix.Kind.valueOf(row.getString(2)),
                      Jdbc.nullableLong(row, 3),
                      Jdbc.nullableLong(row, 4),
                      Jdbc.nullableLong(row, 5),
                      row.getString(6)));
      for (OwnedPrefix owned : overlapping) {
        if (claimant.conflictsWith(claim.prefix(), owned)) {
          throw new ForbiddenException(
              "Invalid %s %s for %s: it overlaps storage that belongs to another table, view or namespace",
              claim.what(), claim.location(), subject);
        }
      }
    }
  }

  private void insertPrefixes(long catalogId, OwnedPrefix.Kind kind, long ownerId, List<StorageClaim> claims) {
    String column = kind == OwnedPrefix.Kind.OBJECT ? "object_id" : "namespace_id";
    Set<String> prefixes = new java.util.LinkedHashSet<>();
    for (StorageClaim claim : claims) {
      prefixes.add(claim.prefix());
    }
    jdbc.batch(
        "INSERT INTO storage_prefixes (prefix, owner_kind, catalog_id, " + column + ") VALUES (?, ?, ?, ?)",
        prefixes,
        (statement, prefix) -> {
          statement.setString(1, prefix);
          statement.setString(2, kind.name());
          statement.setLong(3, catalogId);
          statement.setLong(4, ownerId);
        });
  }

  private void releaseStaged(long catalogId, TableIdentifier identifier) {
    jdbc.update(
        "DELETE FROM storage_prefixes WHERE catalog_id = ? AND staged_path = ?",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, stagedPath(identifier));
        });
  }

  /** How a staged table is named in the ownership table. */
  private static String stagedPath(TableIdentifier identifier) {
    return NamespacePaths.path(identifier.namespace()) + NamespacePaths.SEPARATOR + identifier.name();
  }

  /** The ids of {@code namespace} and its ancestors that exist. */
  private Set<Long> enclosingNamespaceIds(long catalogId, Namespace namespace) {
    List<String> paths = new ArrayList<>();
    for (int length = 1; length <= namespace.length(); length++) {
      paths.add(NamespacePaths.path(Namespace.of(Arrays.copyOf(namespace.levels(), length))));
    }
    if (paths.isEmpty()) {
      return new HashSet<>();
    }
    return new HashSet<>(
        jdbc.list(
            "SELECT id FROM namespaces WHERE catalog_id = ? AND path = ANY(?)",
            statement -> {
              statement.setLong(1, catalogId);
              statement.setArray(2, Jdbc.textArray(statement, paths));
            },
            row -> row.getLong(1)));
  }

  @Override
  public Optional<String> dropObject(long catalogId, TableIdentifier identifier, ObjectKind kind) {
    return jdbc.writeReturning(
        "DELETE FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ?"
            + " AND kind = ? RETURNING metadata_location",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(identifier.namespace()));
          statement.setString(3, identifier.name());
          statement.setString(4, kind.name());
        },
        row -> row.getString(1));
  }

  @Override
  @Transactional
  public void renameObject(long catalogId, TableIdentifier from, TableIdentifier to, ObjectKind kind) {
    Long namespaceId =
        namespaceId(catalogId, to.namespace())
            .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace()));
    Optional<CatalogObjectRecord> existing = findObject(catalogId, to);
    if (existing.isPresent()) {
      throw new AlreadyExistsException(
          "Cannot rename %s to %s. %s already exists",
          from, to, existing.get().kind() == ObjectKind.TABLE ? "Table" : "View");
    }
    int updated =
        jdbc.update(
            "UPDATE catalog_objects SET namespace_id = ?, namespace_path = ?, name = ?, updated_at = now()"
                + " WHERE catalog_id = ? AND namespace_path = ? AND name = ? AND kind = ?",
            statement -> {
              statement.setLong(1, namespaceId);
              statement.setString(2, NamespacePaths.path(to.namespace()));
              statement.setString(3, to.name());
              statement.setLong(4, catalogId);
              statement.setString(5, NamespacePaths.path(from.namespace()));
              statement.setString(6, from.name());
              statement.setString(7, kind.name());
            });
    if (updated == 0) {
      throw kind == ObjectKind.TABLE
          ? new NoSuchTableException("Table does not exist: %s", from)
          : new NoSuchViewException("View does not exist: %s", from);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static <T> Page<T> page(
      List<String> names, int pageSize, Function<String, T> convert, Function<String, String> key) {
    boolean more = names.size() > pageSize;
    List<String> items = more ? names.subList(0, pageSize) : names;
    String next = more ? NamespacePaths.pageToken(key.apply(items.get(items.size() - 1))) : null;
    return new Page<>(items.stream().map(convert).toList(), next);
  }

  static String toJson(Map<String, String> properties) {
    try {
      return FloeJson.mapper().writeValueAsString(new TreeMap<>(properties));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize properties", e);
    }
  }

  static Map<String, String> fromJson(String json) {
    try {
      return FloeJson.mapper().readValue(json, PROPERTIES_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored properties are not valid JSON", e);
    }
  }
}
