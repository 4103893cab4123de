package dev.floe.catalog.handler;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.governance.GovernanceEvaluation;
import dev.floe.catalog.governance.IcebergSchemas;
import dev.floe.catalog.governance.ReadRestrictions;
import dev.floe.catalog.http.IcebergJson;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.metastore.MetricsReportStore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.storage.AccessDelegation;
import dev.floe.catalog.storage.TableStorageConfig;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Function;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadCredentialsResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.rest.responses.RemoteSignResponse;

/**
 * The Iceberg REST catalog's operations, independent of HTTP: each names its {@link Operation}
 * once, authorizes it (with the targets' tags where a rule may need them), runs changes through
 * {@link AuditedChanges} (idempotency and audit with the real outcome), and delegates to Iceberg's
 * {@code CatalogHandlers} over {@link FloeCatalog}. Inputs are decoded requests; outputs are
 * Iceberg's response classes, or an {@link Answer} for changes.
 */
@ApplicationScoped
public class IcebergCatalogHandler {
  /** Every endpoint Floe serves, as advertised by {@code /v1/config}. */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_COMMIT_TRANSACTION,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REGISTER_TABLE,
          Endpoint.V1_REPORT_METRICS,
          Endpoint.V1_LIST_VIEWS,
          Endpoint.V1_LOAD_VIEW,
          Endpoint.V1_VIEW_EXISTS,
          Endpoint.V1_CREATE_VIEW,
          Endpoint.V1_UPDATE_VIEW,
          Endpoint.V1_DELETE_VIEW,
          Endpoint.V1_RENAME_VIEW,
          Endpoint.V1_REGISTER_VIEW);

  /** Also served for catalogs whose files are in S3. */
  static final List<Endpoint> S3_ENDPOINTS = List.of(Endpoint.V1_TABLE_REMOTE_SIGN);

  private final CatalogRegistry registry;
  private final MultiTableCommit transactions;
  private final AuditedChanges changes;
  private final Idempotency idempotency;
  private final MetricsReportStore metricsReports;
  private final RemoteSigningHandler remoteSigning;
  private final AccessGuard guard;
  private final PageTokens pageTokens;
  private final GovernanceEvaluation governance;
  private final Optional<String> signerUri;
  private final int maxPageSize;

  @Inject
  public IcebergCatalogHandler(
      CatalogRegistry registry,
      MultiTableCommit transactions,
      AuditedChanges changes,
      Idempotency idempotency,
      MetricsReportStore metricsReports,
      RemoteSigningHandler remoteSigning,
      AccessGuard guard,
      PageTokens pageTokens,
      GovernanceEvaluation governance,
      FloeConfig config) {
    this.registry = registry;
    this.transactions = transactions;
    this.changes = changes;
    this.idempotency = idempotency;
    this.metricsReports = metricsReports;
    this.remoteSigning = remoteSigning;
    this.guard = guard;
    this.pageTokens = pageTokens;
    this.governance = governance;
    this.signerUri = config.storage().signerUri();
    this.maxPageSize = config.listing().maxPageSize();
  }

  /** The largest page a listing returns. */
  public int maxPageSize() {
    return maxPageSize;
  }

  // ---------------------------------------------------------------- config

  /** The config of catalog {@code warehouse} (the default catalog when none is named). */
  public ConfigResponse config(String warehouse) {
    String name = warehouse == null || warehouse.isBlank() ? registry.defaultCatalogName() : warehouse;
    FloeCatalog catalog = registry.catalog(name);
    guard.authorize(Operation.GET_CONFIG, Target.of(Securable.catalog(catalog.name())));
    List<Endpoint> endpoints = ENDPOINTS;
    if (catalog.storage().s3().isPresent()) {
      endpoints = new ArrayList<>(ENDPOINTS);
      endpoints.addAll(S3_ENDPOINTS);
      if (catalog.storage().vendor().isPresent()) {
        endpoints.add(Endpoint.V1_TABLE_CREDENTIALS);
      }
    }
    return ConfigResponse.builder()
        .withOverride("prefix", catalog.name())
        .withEndpoints(endpoints)
        .withIdempotencyKeyLifetime(idempotency.lifetime().toString())
        .build();
  }

  // ---------------------------------------------------------------- namespaces

  public ListNamespacesResponse listNamespaces(String prefix, Namespace parent, String pageToken, int pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.LIST_NAMESPACES, Target.of(container(catalog, parent)));
    PageTokens.Scope scope = listing(catalog, "namespaces", parent);
    VisiblePages.Filled<Namespace> page =
        visible(
            Operation.LIST_NAMESPACES,
            scope,
            pageToken,
            pageSize,
            (cursor, size) -> catalog.listNamespaces(parent, cursor, size),
            NamespacePaths::path,
            ns -> Target.of(namespaceSecurable(catalog, ns)));
    return ListNamespacesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build();
  }

  public Answer createNamespace(String prefix, CreateNamespaceRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(namespaceSecurable(catalog, request.namespace()));
    guard.authorize(Operation.CREATE_NAMESPACE, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, prefix + "/namespaces", body),
        Operation.CREATE_NAMESPACE,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.createNamespace(catalog, request)));
  }

  public GetNamespaceResponse loadNamespace(String prefix, Namespace namespace) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.LOAD_NAMESPACE, Target.of(namespaceSecurable(catalog, namespace)));
    return CatalogHandlers.loadNamespace(catalog, namespace);
  }

  public void namespaceExists(String prefix, Namespace namespace) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.NAMESPACE_EXISTS, Target.of(namespaceSecurable(catalog, namespace)));
    CatalogHandlers.namespaceExists(catalog, namespace);
  }

  public Answer dropNamespace(String prefix, Namespace namespace, String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(namespaceSecurable(catalog, namespace));
    guard.authorize(Operation.DROP_NAMESPACE, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, null), null),
        Operation.DROP_NAMESPACE,
        List.of(target),
        () -> {
          CatalogHandlers.dropNamespace(catalog, namespace);
          return Answer.noContent();
        });
  }

  public Answer updateNamespaceProperties(
      String prefix, Namespace namespace, UpdateNamespacePropertiesRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(namespaceSecurable(catalog, namespace));
    guard.authorize(Operation.UPDATE_NAMESPACE_PROPERTIES, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, "properties"), body),
        Operation.UPDATE_NAMESPACE_PROPERTIES,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.updateNamespaceProperties(catalog, namespace, request)));
  }

  // ---------------------------------------------------------------- tables

  public ListTablesResponse listTables(String prefix, Namespace namespace, String pageToken, int pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.LIST_TABLES, Target.of(namespaceSecurable(catalog, namespace)));
    PageTokens.Scope scope = listing(catalog, "tables", namespace);
    VisiblePages.Filled<TableIdentifier> page =
        visible(
            Operation.LIST_TABLES,
            scope,
            pageToken,
            pageSize,
            (cursor, size) -> catalog.listTables(namespace, cursor, size),
            TableIdentifier::name,
            id -> Target.of(tableSecurable(catalog, id)));
    return ListTablesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build();
  }

  /**
   * Creates (or stages) a table. Its creator may write its data with the keys it gets (it holds
   * TABLE_CREATE there); vended keys are added after the idempotent part, so that the answer an
   * Idempotency-Key keeps never holds keys.
   */
  public Answer createTable(
      String prefix,
      Namespace namespace,
      CreateTableRequest request,
      String accessDelegation,
      String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = TableIdentifier.of(namespace, request.name());
    Operation operation = request.stageCreate() ? Operation.STAGE_CREATE_TABLE : Operation.CREATE_TABLE;
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorize(operation, target);
    if (request.location() != null) {
      // also for stage-create, which stores nothing yet but hands the location to the client
      catalog.locations().check(request.location(), "table location");
    }
    TableStorageConfig storageConfig = storageConfig(catalog, identifier, accessDelegation, true);
    Answer answer =
        changes.run(
            new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, "tables/" + request.name()), body),
            operation,
            List.of(target),
            () -> {
              if (!request.stageCreate()) {
                return Answer.ok(withConfig(CatalogHandlers.createTable(catalog, namespace, request), storageConfig));
              }
              LoadTableResponse staged = CatalogHandlers.stageTableCreate(catalog, namespace, request);
              // keys and signatures for a staged table's locations go out before it exists: its
              // locations are checked and reserved like a created table's
              catalog.reserveStagedLocations(identifier, staged.tableMetadata(), stagedReservation(catalog));
              return Answer.ok(withConfig(staged, storageConfig));
            });
    return withCredentials(storageConfig, answer);
  }

  /** A table as a conditional load answers it: unchanged, or loaded (cacheable or not). */
  public sealed interface TableLoad {
    /** The client's version is current. */
    record NotModified(String etag) implements TableLoad {}

    /** The table with freshly vended keys: never cached, no entity tag. */
    record Fresh(LoadTableResponse response) implements TableLoad {}

    /**
     * The table's answer at one metadata file, the same for everyone it is given to: {@code
     * cacheKey} names it (catalog, metadata location, snapshot mode, storage-config variant), so
     * that its encoded form can be kept; {@code response} builds it when it is not.
     */
    record Cacheable(String etag, String cacheKey, Supplier<LoadTableResponse> response) implements TableLoad {}

    /**
     * The table with the caller's read restrictions (the Iceberg REST {@code read-restrictions}
     * object, which Iceberg 1.11's response classes do not have): per caller, never cached.
     */
    record Restricted(LoadTableResponse response, ObjectNode readRestrictions) implements TableLoad {}
  }

  /**
   * Loads a table, or answers that the client's version ({@code ifNoneMatch}, a list of entity
   * tags) is current. The same metadata with another storage config is another representation:
   * another tag, another cache key.
   */
  public TableLoad loadTable(
      String prefix, TableIdentifier identifier, SnapshotMode mode, String accessDelegation, String ifNoneMatch) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(tableSecurable(catalog, identifier));
    TableStorageConfig storageConfig = storageConfig(catalog, identifier, accessDelegation, false);
    if (storageConfig.vendsCredentials()) {
      // one decision for the intent (two for a caller who may only read): keys that write when
      // the caller may write the table's data, else keys that read; with the table's tags
      boolean write = guard.permitsWithTags(Operation.LOAD_TABLE_WITH_WRITE_DELEGATION, target);
      if (!write) {
        guard.authorizeWithTags(Operation.LOAD_TABLE_WITH_READ_DELEGATION, List.of(target));
      }
      // no raw data access where a row filter or mask reaches a caller that does not enforce it
      governance.checkRawDataAccess(
          guard.caller(), catalog.name(), identifier, () -> schemaOf(catalog.currentMetadata(identifier)), "vended credentials");
      TableStorageConfig vending = storageConfig(catalog, identifier, accessDelegation, write);
      // fresh keys in every answer: no entity tag, no cached body
      return new TableLoad.Fresh(vending.apply(CatalogHandlers.loadTable(catalog, identifier, mode)));
    }
    guard.authorize(Operation.LOAD_TABLE, target);
    Optional<TableLoad> restricted = restrictedLoad(catalog, identifier, mode, storageConfig);
    if (restricted.isPresent()) {
      return restricted.get();
    }
    String variant = storageConfig.variant();
    // the pointer from memory when the pointer cache holds it: a warm load reads no database
    String location = catalog.currentMetadataLocation(identifier);
    String etag = etag(location, mode, variant);
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      return new TableLoad.NotModified(etag);
    }
    return new TableLoad.Cacheable(
        etag,
        // locations are unique only within a catalog's storage
        catalog.name() + "#" + location + "#" + mode + "#" + variant,
        () -> withConfig(responseAt(catalog, location, mode), storageConfig));
  }

  /** The answer for the table metadata at {@code location} (what {@code CatalogHandlers.loadTable} answers). */
  private static LoadTableResponse responseAt(FloeCatalog catalog, String location, SnapshotMode mode) {
    TableMetadata metadata = catalog.metadataAt(location);
    if (mode == SnapshotMode.REFS) {
      metadata = TableMetadata.buildFrom(metadata).withMetadataLocation(location).suppressHistoricalSnapshots().build();
    }
    return LoadTableResponse.builder().withTableMetadata(metadata).build();
  }

  /**
   * The load of a caller whom row filters or column masks reach on the table: the answer with its
   * read restrictions, and without entity tag (a client's cached unrestricted copy is never
   * confirmed). Empty for everyone else, whose load is unchanged. Fails closed: when governance
   * cannot be evaluated, the table is fully restricted.
   */
  private Optional<TableLoad> restrictedLoad(
      FloeCatalog catalog, TableIdentifier identifier, SnapshotMode mode, TableStorageConfig storageConfig) {
    boolean mayRestrict;
    try {
      mayRestrict = governance.mayRestrict(catalog.name(), identifier);
    } catch (RuntimeException e) {
      mayRestrict = true; // the governance data is unavailable: restrictionsOf fails below, and the load is restricted
    }
    if (!mayRestrict) {
      return Optional.empty();
    }
    TableMetadata current = catalog.currentMetadata(identifier);
    Optional<GovernanceEvaluation.Restricted> restricted;
    try {
      restricted = governance.restrictionsOf(guard.caller(), catalog.name(), identifier, schemaOf(current));
    } catch (RuntimeException e) {
      LoadTableResponse response = CatalogHandlers.loadTable(catalog, identifier, mode);
      return Optional.of(
          new TableLoad.Restricted(withConfig(response, storageConfig), ReadRestrictions.unreadable(catalog.name() + "." + identifier, e)));
    }
    if (restricted.isEmpty()) {
      return Optional.empty();
    }
    LoadTableResponse response = CatalogHandlers.loadTable(catalog, identifier, mode);
    // restrictions name field ids of the schema they were computed on; a column the answer's
    // (newer) schema does not have makes the table fully restricted
    ObjectNode restrictions = ReadRestrictions.toJson(restricted.get(), response.tableMetadata().schema());
    return Optional.of(new TableLoad.Restricted(withConfig(response, storageConfig), restrictions));
  }

  private static dev.floe.policy.governance.TableSchema schemaOf(TableMetadata metadata) {
    return IcebergSchemas.toTableSchema(metadata.schema());
  }

  public void tableExists(String prefix, TableIdentifier identifier) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.TABLE_EXISTS, Target.of(tableSecurable(catalog, identifier)));
    CatalogHandlers.tableExists(catalog, identifier);
  }

  /**
   * Commits changes to a table. Committing a staged create creates the table: it needs what
   * creating it needs and is recorded as such; any other commit is decided with what it changes
   * (data or metadata) and the table's tags.
   */
  public Answer updateTable(
      String prefix, TableIdentifier identifier, UpdateTableRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = TableCommits.target(tableSecurable(catalog, identifier), request);
    Operation operation = TableCommits.createsTable(request) ? Operation.CREATE_TABLE : Operation.UPDATE_TABLE;
    if (operation == Operation.CREATE_TABLE) {
      target = Target.of(target.securable());
      guard.authorize(operation, target);
    } else {
      guard.authorizeWithTags(operation, List.of(target));
    }
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, identifier.namespace(), "tables/" + identifier.name()), body),
        operation,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.updateTable(catalog, identifier, request)));
  }

  /** Drops a table; a purge deletes its data, so rules on its tags apply. */
  public Answer dropTable(String prefix, TableIdentifier identifier, boolean purge, String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    Operation operation = purge ? Operation.PURGE_TABLE : Operation.DROP_TABLE;
    Target target = Target.of(tableSecurable(catalog, identifier));
    if (purge) {
      guard.authorizeWithTags(operation, List.of(target));
    } else {
      guard.authorize(operation, target);
    }
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, identifier.namespace(), "tables/" + identifier.name()), null),
        operation,
        List.of(target),
        () -> {
          if (purge) {
            CatalogHandlers.purgeTable(catalog, identifier);
          } else {
            CatalogHandlers.dropTable(catalog, identifier);
          }
          return Answer.noContent();
        });
  }

  /** Registers a table; like a creator, whoever registers it may write its data with the keys it gets. */
  public Answer registerTable(
      String prefix, Namespace namespace, RegisterTableRequest request, String accessDelegation, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = TableIdentifier.of(namespace, request.name());
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorize(Operation.REGISTER_TABLE, target);
    TableStorageConfig storageConfig = storageConfig(catalog, identifier, accessDelegation, true);
    Answer answer =
        changes.run(
            new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, "tables/" + request.name()), body),
            Operation.REGISTER_TABLE,
            List.of(target),
            () -> Answer.ok(withConfig(CatalogHandlers.registerTable(catalog, namespace, request), storageConfig)));
    return withCredentials(storageConfig, answer);
  }

  /**
   * Signs one S3 request of a remote-signing client for a table, after checking that it touches
   * only that table's files. Reads need READ_DATA, everything else WRITE_DATA, decided before
   * anything about the table is looked at, then again with its tags.
   */
  public RemoteSignResponse sign(String prefix, TableIdentifier identifier, RemoteSignRequest request) {
    FloeCatalog catalog = registry.catalog(prefix);
    boolean read = isRead(request);
    Operation access = read ? Operation.READ_TABLE_DATA : Operation.WRITE_TABLE_DATA;
    guard.authorizeWithTags(access, List.of(Target.of(tableSecurable(catalog, identifier))));
    remoteSigning.settings(catalog);
    TableMetadata metadata = catalog.currentMetadata(identifier);
    governance.checkRawDataAccess(guard.caller(), catalog.name(), identifier, () -> schemaOf(metadata), "remote signing");
    return remoteSigning.sign(catalog, identifier, metadata, request, !read);
  }

  /** Whether a sign request reads (GET, HEAD): signatures of reads may be reused for a while. */
  public static boolean isRead(RemoteSignRequest request) {
    String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
    return method.equals("GET") || method.equals("HEAD");
  }

  /**
   * Keeps an engine's metrics report. The table need not exist (yet): engines report the commit
   * of a staged create before it is visible, so only the namespace is checked.
   */
  public void reportMetrics(String prefix, TableIdentifier identifier, ReportMetricsRequest request) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.REPORT_METRICS, Target.of(tableSecurable(catalog, identifier)));
    CatalogHandlers.namespaceExists(catalog, identifier.namespace());
    metricsReports.save(
        catalog.record().id(),
        identifier,
        request.reportType().name(),
        new String(IcebergJson.write(request), StandardCharsets.UTF_8));
  }

  public Answer renameTable(String prefix, RenameTableRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    List<Target> targets =
        List.of(
            Target.of(tableSecurable(catalog, request.source())),
            Target.of(tableSecurable(catalog, request.destination())));
    guard.authorize(Operation.RENAME_TABLE, targets);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, prefix + "/tables/rename/" + request.source() + "->" + request.destination(), body),
        Operation.RENAME_TABLE,
        targets,
        () -> {
          CatalogHandlers.renameTable(catalog, request);
          return Answer.noContent();
        });
  }

  public Answer commitTransaction(String prefix, CommitTransactionRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    List<Target> targets =
        request.tableChanges().stream()
            .map(change -> TableCommits.target(tableSecurable(catalog, change.identifier()), change))
            .toList();
    guard.authorizeWithTags(Operation.COMMIT_TRANSACTION, targets);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, prefix + "/transactions/commit", body),
        Operation.COMMIT_TRANSACTION,
        targets,
        () -> {
          transactions.commit(catalog, request);
          return Answer.noContent();
        });
  }

  /**
   * Fresh vended keys for a table's files, what Iceberg's clients call to refresh the keys a
   * loadTable gave them.
   */
  public LoadCredentialsResponse loadCredentials(String prefix, TableIdentifier identifier) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorizeWithTags(Operation.READ_TABLE_DATA, List.of(target));
    boolean write = guard.permitsWithTags(Operation.WRITE_TABLE_DATA, target);
    TableMetadata metadata = catalog.currentMetadata(identifier);
    governance.checkRawDataAccess(guard.caller(), catalog.name(), identifier, () -> schemaOf(metadata), "vended credentials");
    return TableStorageConfig.credentials(catalog.name(), catalog.storage(), identifier, metadata, write);
  }

  // ---------------------------------------------------------------- views

  public ListTablesResponse listViews(String prefix, Namespace namespace, String pageToken, int pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.LIST_VIEWS, Target.of(namespaceSecurable(catalog, namespace)));
    PageTokens.Scope scope = listing(catalog, "views", namespace);
    VisiblePages.Filled<TableIdentifier> page =
        visible(
            Operation.LIST_VIEWS,
            scope,
            pageToken,
            pageSize,
            (cursor, size) -> catalog.listViews(namespace, cursor, size),
            TableIdentifier::name,
            id -> Target.of(viewSecurable(catalog, id)));
    return ListTablesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build();
  }

  public Answer createView(String prefix, Namespace namespace, CreateViewRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(viewSecurable(catalog, TableIdentifier.of(namespace, request.name())));
    guard.authorize(Operation.CREATE_VIEW, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, "views/" + request.name()), body),
        Operation.CREATE_VIEW,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.createView(catalog, namespace, request)));
  }

  public LoadViewResponse loadView(String prefix, TableIdentifier identifier) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.LOAD_VIEW, Target.of(viewSecurable(catalog, identifier)));
    return CatalogHandlers.loadView(catalog, identifier);
  }

  public void viewExists(String prefix, TableIdentifier identifier) {
    FloeCatalog catalog = registry.catalog(prefix);
    guard.authorize(Operation.VIEW_EXISTS, Target.of(viewSecurable(catalog, identifier)));
    CatalogHandlers.viewExists(catalog, identifier);
  }

  public Answer replaceView(
      String prefix, TableIdentifier identifier, UpdateTableRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(viewSecurable(catalog, identifier));
    guard.authorize(Operation.REPLACE_VIEW, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, identifier.namespace(), "views/" + identifier.name()), body),
        Operation.REPLACE_VIEW,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.updateView(catalog, identifier, request)));
  }

  public Answer dropView(String prefix, TableIdentifier identifier, String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(viewSecurable(catalog, identifier));
    guard.authorize(Operation.DROP_VIEW, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, identifier.namespace(), "views/" + identifier.name()), null),
        Operation.DROP_VIEW,
        List.of(target),
        () -> {
          CatalogHandlers.dropView(catalog, identifier);
          return Answer.noContent();
        });
  }

  public Answer renameView(String prefix, RenameTableRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    List<Target> targets =
        List.of(
            Target.of(viewSecurable(catalog, request.source())),
            Target.of(viewSecurable(catalog, request.destination())));
    guard.authorize(Operation.RENAME_VIEW, targets);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, prefix + "/views/rename/" + request.source() + "->" + request.destination(), body),
        Operation.RENAME_VIEW,
        targets,
        () -> {
          CatalogHandlers.renameView(catalog, request);
          return Answer.noContent();
        });
  }

  public Answer registerView(
      String prefix, Namespace namespace, RegisterViewRequest request, String idempotencyKey, byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Target target = Target.of(viewSecurable(catalog, TableIdentifier.of(namespace, request.name())));
    guard.authorize(Operation.REGISTER_VIEW, target);
    return changes.run(
        new AuditedChanges.Request(idempotencyKey, resource(prefix, namespace, "views/" + request.name()), body),
        Operation.REGISTER_VIEW,
        List.of(target),
        () -> Answer.ok(CatalogHandlers.registerView(catalog, namespace, request)));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * One page of a listing holding only what the caller may see, filled from as many metastore
   * pages as it takes (one authorizer call each), after the position {@code pageToken} stands for.
   */
  private <T> VisiblePages.Filled<T> visible(
      Operation listing,
      PageTokens.Scope scope,
      String pageToken,
      int pageSize,
      VisiblePages.Source<T> source,
      Function<T, String> position,
      Function<T, Target> toTarget) {
    String after = pageTokens.decode(scope, pageToken).orElse(null);
    return VisiblePages.fill(
        source,
        items -> guard.filter(listing, items, toTarget),
        position,
        NamespacePaths::pageToken,
        after,
        pageSize,
        maxPageSize + 1);
  }

  /** The listing a page token is bound to: the caller, the catalog, what is listed and where. */
  private PageTokens.Scope listing(FloeCatalog catalog, String kind, Namespace parent) {
    return new PageTokens.Scope(
        guard.caller().name(), catalog.record().id(), catalog.name(), kind, NamespacePaths.path(parent));
  }

  private String nextPageToken(PageTokens.Scope scope, VisiblePages.Filled<?> page) {
    return page.nextPosition() == null ? null : pageTokens.encode(scope, page.nextPosition());
  }

  /**
   * How long a staged table's locations stay reserved: at least an hour, and as long as the keys
   * vended for them can live.
   */
  private static Duration stagedReservation(FloeCatalog catalog) {
    int seconds =
        catalog.storage().s3().flatMap(settings -> settings.sts()).map(sts -> sts.durationSeconds()).orElse(0);
    return Duration.ofSeconds(Math.max(3600, seconds));
  }

  private TableStorageConfig storageConfig(
      FloeCatalog catalog, TableIdentifier identifier, String accessDelegation, boolean write) {
    return TableStorageConfig.of(
        catalog.name(), catalog.storage(), identifier, AccessDelegation.parse(accessDelegation), signerUri, write);
  }

  /** The response with the delegation's config, except vended keys, which {@link #withCredentials} adds. */
  private static LoadTableResponse withConfig(LoadTableResponse response, TableStorageConfig config) {
    return config.vendsCredentials() ? response : config.apply(response);
  }

  /**
   * A create or register answer with vended keys added after the idempotent part, so that the
   * answer an Idempotency-Key keeps (in PostgreSQL) never holds keys.
   */
  private static Answer withCredentials(TableStorageConfig config, Answer answer) {
    if (!config.vendsCredentials() || answer.status() != 200 || answer.body() == null) {
      return answer;
    }
    LoadTableResponse parsed = org.apache.iceberg.rest.responses.LoadTableResponseParser.fromJson(answer.text());
    Answer withKeys = Answer.ok(config.apply(parsed));
    return new Answer(withKeys.status(), withKeys.body(), answer.replayed());
  }

  static String etag(String metadataLocation, SnapshotMode mode, String variant) {
    String input = metadataLocation + "#" + mode + (variant.isEmpty() ? "" : "#" + variant);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.trim();
      if (value.startsWith("W/")) {
        value = value.substring(2);
      }
      if (value.equals("*") || value.equals("\"" + etag + "\"") || value.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static Securable container(FloeCatalog catalog, Namespace namespace) {
    return namespace.isEmpty() ? Securable.catalog(catalog.name()) : namespaceSecurable(catalog, namespace);
  }

  private static Securable namespaceSecurable(FloeCatalog catalog, Namespace namespace) {
    return Securable.namespace(catalog.name(), List.of(namespace.levels()));
  }

  private static Securable tableSecurable(FloeCatalog catalog, TableIdentifier identifier) {
    return Securable.table(catalog.name(), List.of(identifier.namespace().levels()), identifier.name());
  }

  private static Securable viewSecurable(FloeCatalog catalog, TableIdentifier identifier) {
    return Securable.view(catalog.name(), List.of(identifier.namespace().levels()), identifier.name());
  }

  private static String resource(String prefix, Namespace namespace, String suffix) {
    String base = prefix + "/namespaces/" + RESTUtil.encodeNamespace(namespace);
    return suffix == null ? base : base + "/" + suffix;
  }
}
