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
 * metadata files). Each method is atomic on its own and
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

  /**
   * Creates a catalog; {@code AlreadyExistsException} if the name is taken. {@code
   * checkAgainst} sees every existing catalog first, under a lock that orders catalog creations on
   * all nodes, and throws to refuse (storage roots that overlap another catalog's).
   */
  CatalogRecord createCatalog(
      String name,
      String storageRoot,
      Map<String, String> properties,
      java.util.function.Consumer<List<CatalogRecord>> checkAgainst);

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

  /**
   * Creates a namespace whose parent (if any) exists, claiming {@code location} (its prefix) for
   * it; {@code ForbiddenException} when the location overlaps what another owns ({@link
   * StorageClaimant.Namespace}).
   */
  void createNamespace(long catalogId, Namespace namespace, Map<String, String> properties, StorageClaim location);

  Optional<NamespaceRecord> findNamespace(long catalogId, Namespace namespace);

  /** Direct children of {@code parent} (the root when empty), in name order. */
  Page<Namespace> listNamespaces(long catalogId, Namespace parent, String pageToken, int pageSize);

  /** Drops an empty namespace; false when it does not exist. */
  boolean dropNamespace(long catalogId, Namespace namespace);

  /**
   * Sets and removes properties in one step; false when the namespace does not exist. With a
   * {@code newLocation}, the namespace must hold no table, view or namespace, and its claim moves
   * there.
   */
  boolean updateNamespaceProperties(
      long catalogId,
      Namespace namespace,
      Map<String, String> updates,
      Set<String> removals,
      Optional<StorageClaim> newLocation);

  // tables and views

  Optional<CatalogObjectRecord> findObject(long catalogId, TableIdentifier identifier);

  Page<TableIdentifier> listObjects(
      long catalogId, Namespace namespace, ObjectKind kind, String pageToken, int pageSize);

  /**
   * Registers a new table or view and claims its storage prefixes, in one transaction; {@code
   * AlreadyExistsException} if the name is taken, {@code ForbiddenException} if a claim overlaps
   * what another owns ({@link StorageClaimant.TableOrView}). The table's staged reservation, if
   * any, is released.
   */
  void createObject(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String metadataLocation,
      String location,
      List<StorageClaim> claims,
      boolean structured);

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
   * {@link #swapMetadataLocation} that also claims {@code newClaims} for the object in the same
   * transaction (a commit that moves its location or sets a path property). The prefixes it
   * owned stay its own: its older snapshots still name files there.
   */
  boolean swapMetadataLocationClaiming(
      long catalogId,
      TableIdentifier identifier,
      ObjectKind kind,
      String expectedMetadataLocation,
      String newMetadataLocation,
      String location,
      List<StorageClaim> newClaims,
      boolean structured);

  /**
   * Reserves the prefixes of a staged table until {@code expiresAt} (replacing an earlier
   * reservation of the same name): vended keys are handed out for them before the table exists.
   */
  void reserveStaged(
      long catalogId, TableIdentifier identifier, List<StorageClaim> claims, boolean structured, Instant expiresAt);

  /** Whether a table, view, staged table or purge of any catalog owns a prefix containing {@code prefix}. */
  boolean isOwnedByObject(String prefix);

  /**
   * The prefixes overlapping {@code roots} that a table, view, staged table or another purge owns
   * (not purge job {@code purgeJobId}): a purge deletes nothing under them.
   */
  List<String> prefixesOwnedBeside(List<String> roots, long purgeJobId);

  /**
   * Removes a table or view of the given kind; returns the metadata location it pointed at when
   * removed, empty when there was none.
   */
  Optional<String> dropObject(long catalogId, TableIdentifier identifier, ObjectKind kind);

  /** Renames a table or view; the target namespace must exist and the target name be free. */
  void renameObject(long catalogId, TableIdentifier from, TableIdentifier to, ObjectKind kind);
}
