package dev.floe.catalog.metastore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Persistence of the catalog: catalogs, namespaces, tables and views (pointers to their current
 * metadata files), idempotency records and metrics reports. Each method is atomic on its own and
 * joins the caller's transaction when there is one (a multi-table commit).
 *
 * <p>Errors a client can cause are thrown as Iceberg exceptions ({@code AlreadyExistsException},
 * {@code NoSuchNamespaceException}, {@code NamespaceNotEmptyException}) with the messages Iceberg's
 * own catalogs use.
 */
public interface Metastore {
  // catalogs

  Optional<CatalogRecord> findCatalog(String name);

  List<CatalogRecord> listCatalogs();

  /** Creates a catalog; {@code AlreadyExistsException} if the name is taken. */
  CatalogRecord createCatalog(String name, String storageRoot, Map<String, String> properties);

  /**
   * Replaces a catalog's properties; returns the updated catalog, empty when it does not exist.
   * The storage root never changes.
   */
  Optional<CatalogRecord> updateCatalogProperties(String name, Map<String, String> properties);

  /**
   * Drops a catalog that holds no namespace (with its catalog roles and grants); false when it
   * does not exist, {@link CatalogNotEmptyException} when it holds a namespace.
   */
  boolean dropCatalog(String name);

  // namespaces

  /** Creates a namespace whose parent (if any) exists. */
  void createNamespace(long catalogId, Namespace namespace, Map<String, String> properties);

  Optional<NamespaceRecord> findNamespace(long catalogId, Namespace namespace);

  /** Direct children of {@code parent} (the root when empty), in name order. */
  Page<Namespace> listNamespaces(long catalogId, Namespace parent, String pageToken, int pageSize);

  /** Drops an empty namespace; false when it does not exist. */
  boolean dropNamespace(long catalogId, Namespace namespace);

  /** Sets and removes properties in one step; false when the namespace does not exist. */
  boolean updateNamespaceProperties(
      long catalogId, Namespace namespace, Map<String, String> updates, Set<String> removals);

  // tables and views

  Optional<CatalogObjectRecord> findObject(long catalogId, TableIdentifier identifier);

  Page<TableIdentifier> listObjects(
      long catalogId, Namespace namespace, ObjectKind kind, String pageToken, int pageSize);

  /** Registers a new table or view; {@code AlreadyExistsException} if the name is taken. */
  void createObject(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String metadataLocation,
      String location);

  /**
   * Compare-and-swap of the metadata pointer: succeeds only if the current pointer is {@code
   * expectedMetadataLocation}.
   */
  boolean swapMetadataLocation(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String expectedMetadataLocation,
      String newMetadataLocation,
      String location);

  /**
   * A table other than {@code excluding} whose location equals {@code location}, lies under it
   * or contains it (locations normalized, compared by path segments).
   */
  Optional<TableIdentifier> findOverlappingTable(
      long catalogId, String location, TableIdentifier excluding);

  /**
   * Removes a table or view of the given kind; returns the metadata location it pointed at when
   * removed, empty when there was none.
   */
  Optional<String> dropObject(long catalogId, TableIdentifier identifier, ObjectKind kind);

  /** Renames a table or view; the target namespace must exist and the target name be free. */
  void renameObject(long catalogId, TableIdentifier from, TableIdentifier to, ObjectKind kind);

  // idempotency

  /**
   * Claims {@code key} of {@code principal} for a request: returns empty when the claim succeeded
   * (the caller runs the request), or that principal's record already there. Keys are scoped per
   * principal: another principal's record with the same key is never seen.
   */
  Optional<IdempotencyRecord> claimIdempotencyKey(
      String principal, String key, String operation, String resource, Instant expiresAt);

  void completeIdempotencyKey(String principal, String key, int httpStatus, String responseBody);

  void releaseIdempotencyKey(String principal, String key);

  int deleteExpiredIdempotencyKeys(Instant now);

  // metrics reports

  void saveMetricsReport(long catalogId, TableIdentifier table, String reportType, String report);

  List<Map<String, Object>> listMetricsReports(long catalogId, TableIdentifier table, int limit);
}
