package dev.floe.catalog.rest;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.metastore.MetricsReportStore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.storage.AccessDelegation;
import dev.floe.catalog.storage.TableStorageConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
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
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.RemoteSignResponse;

/**
 * The Iceberg REST catalog API (spec of Iceberg 1.11) under {@code /api/catalog}. Parses paths
 * and bodies into Iceberg's own request classes, delegates to Iceberg's {@code CatalogHandlers}
 * over {@link FloeCatalog}, and encodes Iceberg's response classes.
 */
@Path("/api/catalog/v1")
public class IcebergRestResource {
  /** Every endpoint this resource really serves, as advertised by {@code /v1/config}. */
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
  private final IcebergCatalogService service;
  private final Idempotency idempotency;
  private final MetricsReportStore metricsReports;
  private final RemoteSigningHandler remoteSigning;
  private final AccessGuard guard;
  private final PageTokens pageTokens;
  private final Optional<String> signerUri;
  private final int maxPageSize;
  /**
   * Serialized loadTable bodies by metadata location and snapshot mode (both immutable), and, when
   * the client asked for access delegation, the storage config the body carries (which names the
   * table): one request's delegation config is never served to another.
   */
  private final Cache<String, byte[]> loadTableBodies =
      Caffeine.newBuilder()
          .maximumWeight(64L * 1024 * 1024)
          .<String, byte[]>weigher((key, body) -> body.length + key.length())
          .build();

  @Inject
  public IcebergRestResource(
      CatalogRegistry registry,
      IcebergCatalogService service,
      Idempotency idempotency,
      MetricsReportStore metricsReports,
      RemoteSigningHandler remoteSigning,
      AccessGuard guard,
      PageTokens pageTokens,
      FloeConfig config) {
    this.registry = registry;
    this.service = service;
    this.idempotency = idempotency;
    this.metricsReports = metricsReports;
    this.remoteSigning = remoteSigning;
    this.guard = guard;
    this.pageTokens = pageTokens;
    this.signerUri = config.storage().signerUri();
    this.maxPageSize = config.listing().maxPageSize();
  }

  // ---------------------------------------------------------------- config

  @GET
  @Path("config")
  public Response config(@QueryParam("warehouse") String warehouse) {
    ControlCharacters.refuse(warehouse, "warehouse");
    String name = warehouse == null || warehouse.isBlank() ? registry.defaultCatalogName() : warehouse;
    FloeCatalog catalog = registry.catalog(name);
    guard.authorize(Operation.GET_CONFIG, Target.of(Securable.catalog(catalog.name())));
    List<Endpoint> endpoints = ENDPOINTS;
    if (catalog.storage().s3().isPresent()) {
      endpoints = new java.util.ArrayList<>(ENDPOINTS);
      endpoints.addAll(S3_ENDPOINTS);
      if (catalog.storage().vendor().isPresent()) {
        endpoints.add(Endpoint.V1_TABLE_CREDENTIALS);
      }
    }
    ConfigResponse config =
        ConfigResponse.builder()
            .withOverride("prefix", catalog.name())
            .withEndpoints(endpoints)
            .withIdempotencyKeyLifetime(idempotency.lifetime().toString())
            .build();
    return ok(config);
  }

  // ---------------------------------------------------------------- namespaces

  @GET
  @Path("{prefix}/namespaces")
  public Response listNamespaces(
      @PathParam("prefix") String prefix,
      @QueryParam("parent") String parent,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace parentNamespace =
        parent == null || parent.isEmpty() ? Namespace.empty() : parentNamespace(parent);
    guard.authorize(Operation.LIST_NAMESPACES, Target.of(container(catalog, parentNamespace)));
    PageTokens.Scope scope = listing(catalog, "namespaces", parentNamespace);
    VisiblePages.Filled<Namespace> page =
        visible(
            Operation.LIST_NAMESPACES,
            scope,
            pageToken,
            PageSizes.iceberg(pageToken, pageSize, maxPageSize),
            (cursor, size) -> catalog.listNamespaces(parentNamespace, cursor, size),
            NamespacePaths::path,
            ns -> Target.of(namespaceSecurable(catalog, ns)));
    return ok(ListNamespacesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build());
  }

  @POST
  @Path("{prefix}/namespaces")
  public Response createNamespace(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    CreateNamespaceRequest request = IcebergJson.parseRequest(body, CreateNamespaceRequest.class);
    Identifiers.checkNamespace(request.namespace());
    Target target = Target.of(namespaceSecurable(catalog, request.namespace()));
    guard.authorize(Operation.CREATE_NAMESPACE, target);
    return idempotent(
        idempotencyKey,
        body,
        Operation.CREATE_NAMESPACE,
        prefix + "/namespaces",
        List.of(target),
        () -> ok(CatalogHandlers.createNamespace(catalog, request)));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}")
  public Response loadNamespace(
      @PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    guard.authorize(Operation.LOAD_NAMESPACE, Target.of(namespaceSecurable(catalog, ns)));
    return ok(CatalogHandlers.loadNamespace(catalog, ns));
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}")
  public Response namespaceExists(
      @PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    guard.authorize(Operation.NAMESPACE_EXISTS, Target.of(namespaceSecurable(catalog, ns)));
    CatalogHandlers.namespaceExists(catalog, ns);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}")
  public Response dropNamespace(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    Target target = Target.of(namespaceSecurable(catalog, ns));
    guard.authorize(Operation.DROP_NAMESPACE, target);
    return idempotent(
        idempotencyKey,
        null,
        Operation.DROP_NAMESPACE,
        resource(prefix, ns, null),
        List.of(target),
        () -> {
          CatalogHandlers.dropNamespace(catalog, ns);
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/properties")
  public Response updateNamespaceProperties(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    UpdateNamespacePropertiesRequest request =
        IcebergJson.parseRequest(body, UpdateNamespacePropertiesRequest.class);
    Target target = Target.of(namespaceSecurable(catalog, ns));
    guard.authorize(Operation.UPDATE_NAMESPACE_PROPERTIES, target);
    return idempotent(
        idempotencyKey,
        body,
        Operation.UPDATE_NAMESPACE_PROPERTIES,
        resource(prefix, ns, "properties"),
        List.of(target),
        () -> ok(CatalogHandlers.updateNamespaceProperties(catalog, ns, request)));
  }

  // ---------------------------------------------------------------- tables

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response listTables(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    guard.authorize(Operation.LIST_TABLES, Target.of(namespaceSecurable(catalog, ns)));
    PageTokens.Scope scope = listing(catalog, "tables", ns);
    VisiblePages.Filled<TableIdentifier> page =
        visible(
            Operation.LIST_TABLES,
            scope,
            pageToken,
            PageSizes.iceberg(pageToken, pageSize, maxPageSize),
            (cursor, size) -> catalog.listTables(ns, cursor, size),
            TableIdentifier::name,
            id -> Target.of(tableSecurable(catalog, id)));
    return ok(ListTablesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build());
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response createTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    CreateTableRequest request = IcebergJson.parseRequest(body, CreateTableRequest.class);
    Identifiers.checkName(request.name(), "table");
    Target target = Target.of(tableSecurable(catalog, TableIdentifier.of(ns, request.name())));
    guard.authorize(request.stageCreate() ? Operation.STAGE_CREATE_TABLE : Operation.CREATE_TABLE, target);
    if (request.location() != null) {
      // also for stage-create, which stores nothing yet but hands the location to the client
      catalog.locations().check(request.location(), "table location");
    }
    // the creator of a table may write its data with the keys it gets (it holds TABLE_CREATE there)
    TableStorageConfig storageConfig =
        storageConfig(catalog, TableIdentifier.of(ns, request.name()), accessDelegation, true);
    if (request.stageCreate()) {
      return withCredentials(
          storageConfig,
          idempotent(
              idempotencyKey,
              body,
              Operation.STAGE_CREATE_TABLE,
              resource(prefix, ns, "tables/" + request.name()),
              List.of(target),
              () -> {
                LoadTableResponse staged = CatalogHandlers.stageTableCreate(catalog, ns, request);
                // keys and signatures for a staged table's locations go out before it exists:
                // its locations are checked and reserved like a created table's
                catalog.reserveStagedLocations(
                    TableIdentifier.of(ns, request.name()), staged.tableMetadata(), stagedReservation(catalog));
                return ok(withConfig(staged, storageConfig));
              }));
    }
    return withCredentials(
        storageConfig,
        idempotent(
            idempotencyKey,
            body,
            Operation.CREATE_TABLE,
            resource(prefix, ns, "tables/" + request.name()),
            List.of(target),
            () -> ok(withConfig(CatalogHandlers.createTable(catalog, ns, request), storageConfig))));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response loadTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      @QueryParam("snapshots") String snapshots,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    guard.authorize(Operation.LOAD_TABLE, Target.of(tableSecurable(catalog, identifier)));
    SnapshotMode mode = snapshotMode(snapshots);
    TableStorageConfig storageConfig = storageConfig(catalog, identifier, accessDelegation, false);
    if (storageConfig.vendsCredentials()) {
      // keys to the table's files: reading them needs READ_DATA; the keys may write with WRITE_DATA,
      // both decided with the table's tags (the caller may read its properties, tags included)
      LoadTableResponse loaded = CatalogHandlers.loadTable(catalog, identifier, mode);
      Target target = Target.of(tableSecurable(catalog, identifier)).withTags(tags(loaded.tableMetadata()));
      guard.authorize(Operation.READ_TABLE_DATA, target);
      TableStorageConfig vending =
          storageConfig(catalog, identifier, accessDelegation, guard.permits(Operation.WRITE_TABLE_DATA, target));
      // fresh keys in every answer: no ETag, no cached body
      return ok(vending.apply(loaded));
    }
    // the same metadata with another config is another representation: another ETag, another body
    String variant = storageConfig.variant();
    if (ifNoneMatch != null) {
      String etag = etag(catalog.currentMetadataLocation(identifier), mode, variant);
      if (matches(ifNoneMatch, etag)) {
        return Response.notModified(new EntityTag(etag)).build();
      }
    }
    LoadTableResponse response = CatalogHandlers.loadTable(catalog, identifier, mode);
    String location = response.metadataLocation();
    byte[] body =
        loadTableBodies.get(
            // locations are unique only within a catalog's storage
            catalog.name() + "#" + location + "#" + mode + "#" + variant,
            ignored -> IcebergJson.write(withConfig(response, storageConfig)));
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
        .tag(new EntityTag(etag(location, mode, variant)))
        .build();
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response tableExists(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    guard.authorize(Operation.TABLE_EXISTS, Target.of(tableSecurable(catalog, identifier)));
    CatalogHandlers.tableExists(catalog, identifier);
    return Response.noContent().build();
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response updateTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    UpdateTableRequest request = IcebergJson.parseRequest(body, UpdateTableRequest.class);
    checkSameIdentifier(identifier, request.identifier());
    Target target = TableCommits.target(tableSecurable(catalog, identifier), request);
    // committing a staged create creates the table: it needs what creating it needs
    Operation operation = TableCommits.createsTable(request) ? Operation.CREATE_TABLE : Operation.UPDATE_TABLE;
    guard.authorize(operation, operation == Operation.CREATE_TABLE ? Target.of(target.securable()) : target);
    if (operation == Operation.UPDATE_TABLE) {
      authorizeTagged(Operation.UPDATE_TABLE, List.of(target), List.of(tags(catalog, identifier)));
    }
    return idempotent(
        idempotencyKey,
        body,
        Operation.UPDATE_TABLE,
        resource(prefix, identifier.namespace(), "tables/" + identifier.name()),
        List.of(target),
        () -> ok(CatalogHandlers.updateTable(catalog, identifier, request)));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response dropTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      @QueryParam("purgeRequested") String purgeRequested,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    boolean purge = booleanParameter("purgeRequested", purgeRequested);
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorize(purge ? Operation.PURGE_TABLE : Operation.DROP_TABLE, target);
    if (purge) {
      // a purge deletes the table's data: rules on its tags (OPA's on confidential tables) apply
      authorizeTagged(Operation.PURGE_TABLE, List.of(target), List.of(tags(catalog, identifier)));
    }
    return idempotent(
        idempotencyKey,
        null,
        purge ? Operation.PURGE_TABLE : Operation.DROP_TABLE,
        resource(prefix, identifier.namespace(), "tables/" + identifier.name()),
        List.of(target),
        () -> {
          if (purge) {
            CatalogHandlers.purgeTable(catalog, identifier);
          } else {
            CatalogHandlers.dropTable(catalog, identifier);
          }
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/register")
  public Response registerTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    RegisterTableRequest request = IcebergJson.parseRequest(body, RegisterTableRequest.class);
    Identifiers.checkName(request.name(), "table");
    Target target = Target.of(tableSecurable(catalog, TableIdentifier.of(ns, request.name())));
    guard.authorize(Operation.REGISTER_TABLE, target);
    // like a creator, whoever registers a table may write its data with the keys it gets
    TableStorageConfig storageConfig =
        storageConfig(catalog, TableIdentifier.of(ns, request.name()), accessDelegation, true);
    return withCredentials(
        storageConfig,
        idempotent(
            idempotencyKey,
            body,
            Operation.REGISTER_TABLE,
            resource(prefix, ns, "tables/" + request.name()),
            List.of(target),
            () -> ok(withConfig(CatalogHandlers.registerTable(catalog, ns, request), storageConfig))));
  }

  /**
   * Signs one S3 request of a remote-signing client for the table in the path, after checking
   * that it touches only that table's files ({@code Endpoint.V1_TABLE_REMOTE_SIGN}).
   */
  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/sign")
  public Response signStorageRequest(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    RemoteSignRequest request = IcebergJson.parseRequest(body, RemoteSignRequest.class);
    String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
    // before anything about the table is looked at: reads need READ_DATA, everything else WRITE_DATA
    boolean read = method.equals("GET") || method.equals("HEAD");
    Operation access = read ? Operation.READ_TABLE_DATA : Operation.WRITE_TABLE_DATA;
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorize(access, target);
    remoteSigning.settings(catalog);
    // the table's metadata, read once: its tags for the decision, its locations for the signature
    TableMetadata metadata = catalog.currentMetadata(identifier);
    authorizeTagged(access, List.of(target), List.of(tags(metadata)));
    RemoteSignResponse response = remoteSigning.sign(catalog, identifier, metadata, request, !read);
    // Iceberg's signer client reuses signatures of reads for a while when told "private"
    return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON_TYPE)
        .header(
            "Cache-Control",
            method.equals("GET") || method.equals("HEAD") ? "private" : "no-cache")
        .build();
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/metrics")
  public Response reportMetrics(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    ReportMetricsRequest request = IcebergJson.parseRequest(body, ReportMetricsRequest.class);
    guard.authorize(Operation.REPORT_METRICS, Target.of(tableSecurable(catalog, identifier)));
    // the table need not exist (yet): engines report the commit of a staged create before it
    // is visible, so only the namespace is checked
    CatalogHandlers.namespaceExists(catalog, identifier.namespace());
    metricsReports.save(
        catalog.record().id(),
        identifier,
        request.reportType().name(),
        new String(IcebergJson.write(request), StandardCharsets.UTF_8));
    return Response.noContent().build();
  }

  @POST
  @Path("{prefix}/tables/rename")
  public Response renameTable(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    RenameTableRequest request = IcebergJson.parseRequest(body, RenameTableRequest.class);
    Identifiers.checkName(request.destination().name(), "table");
    Identifiers.checkNamespace(request.destination().namespace());
    List<Target> targets =
        List.of(
            Target.of(tableSecurable(catalog, request.source())),
            Target.of(tableSecurable(catalog, request.destination())));
    guard.authorize(Operation.RENAME_TABLE, targets);
    return idempotent(
        idempotencyKey,
        body,
        Operation.RENAME_TABLE,
        prefix + "/tables/rename/" + request.source() + "->" + request.destination(),
        targets,
        () -> {
          CatalogHandlers.renameTable(catalog, request);
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{prefix}/transactions/commit")
  public Response commitTransaction(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    CommitTransactionRequest request = IcebergJson.parseRequest(body, CommitTransactionRequest.class);
    List<Target> targets =
        request.tableChanges().stream()
            .map(change -> TableCommits.target(tableSecurable(catalog, change.identifier()), change))
            .toList();
    guard.authorize(Operation.COMMIT_TRANSACTION, targets);
    authorizeTagged(
        Operation.COMMIT_TRANSACTION,
        targets,
        request.tableChanges().stream().map(change -> tags(catalog, change.identifier())).toList());
    return idempotent(
        idempotencyKey,
        body,
        Operation.COMMIT_TRANSACTION,
        prefix + "/transactions/commit",
        targets,
        () -> {
          service.commitTransaction(catalog, request);
          return Response.noContent().build();
        });
  }

  // ---------------------------------------------------------------- views

  @GET
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response listViews(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    guard.authorize(Operation.LIST_VIEWS, Target.of(namespaceSecurable(catalog, ns)));
    PageTokens.Scope scope = listing(catalog, "views", ns);
    VisiblePages.Filled<TableIdentifier> page =
        visible(
            Operation.LIST_VIEWS,
            scope,
            pageToken,
            PageSizes.iceberg(pageToken, pageSize, maxPageSize),
            (cursor, size) -> catalog.listViews(ns, cursor, size),
            TableIdentifier::name,
            id -> Target.of(viewSecurable(catalog, id)));
    return ok(ListTablesResponse.builder().addAll(page.items()).nextPageToken(nextPageToken(scope, page)).build());
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response createView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    CreateViewRequest request = IcebergJson.parseRequest(body, CreateViewRequest.class);
    Identifiers.checkName(request.name(), "view");
    Target target = Target.of(viewSecurable(catalog, TableIdentifier.of(ns, request.name())));
    guard.authorize(Operation.CREATE_VIEW, target);
    return idempotent(
        idempotencyKey,
        body,
        Operation.CREATE_VIEW,
        resource(prefix, ns, "views/" + request.name()),
        List.of(target),
        () -> ok(CatalogHandlers.createView(catalog, ns, request)));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response loadView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, view);
    guard.authorize(Operation.LOAD_VIEW, Target.of(viewSecurable(catalog, identifier)));
    return ok(CatalogHandlers.loadView(catalog, identifier));
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response viewExists(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, view);
    guard.authorize(Operation.VIEW_EXISTS, Target.of(viewSecurable(catalog, identifier)));
    CatalogHandlers.viewExists(catalog, identifier);
    return Response.noContent().build();
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response replaceView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, view);
    UpdateTableRequest request = IcebergJson.parseRequest(body, UpdateTableRequest.class);
    checkSameIdentifier(identifier, request.identifier());
    Target target = Target.of(viewSecurable(catalog, identifier));
    guard.authorize(Operation.REPLACE_VIEW, target);
    return idempotent(
        idempotencyKey,
        body,
        Operation.REPLACE_VIEW,
        resource(prefix, identifier.namespace(), "views/" + identifier.name()),
        List.of(target),
        () -> ok(CatalogHandlers.updateView(catalog, identifier, request)));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response dropView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, view);
    Target target = Target.of(viewSecurable(catalog, identifier));
    guard.authorize(Operation.DROP_VIEW, target);
    return idempotent(
        idempotencyKey,
        null,
        Operation.DROP_VIEW,
        resource(prefix, identifier.namespace(), "views/" + identifier.name()),
        List.of(target),
        () -> {
          CatalogHandlers.dropView(catalog, identifier);
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{prefix}/views/rename")
  public Response renameView(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    RenameTableRequest request = IcebergJson.parseRequest(body, RenameTableRequest.class);
    Identifiers.checkName(request.destination().name(), "view");
    Identifiers.checkNamespace(request.destination().namespace());
    List<Target> targets =
        List.of(
            Target.of(viewSecurable(catalog, request.source())),
            Target.of(viewSecurable(catalog, request.destination())));
    guard.authorize(Operation.RENAME_VIEW, targets);
    return idempotent(
        idempotencyKey,
        body,
        Operation.RENAME_VIEW,
        prefix + "/views/rename/" + request.source() + "->" + request.destination(),
        targets,
        () -> {
          CatalogHandlers.renameView(catalog, request);
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/register-view")
  public Response registerView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    FloeCatalog catalog = registry.catalog(prefix);
    Namespace ns = namespace(namespace);
    RegisterViewRequest request = IcebergJson.parseRequest(body, RegisterViewRequest.class);
    Identifiers.checkName(request.name(), "view");
    Target target = Target.of(viewSecurable(catalog, TableIdentifier.of(ns, request.name())));
    guard.authorize(Operation.REGISTER_VIEW, target);
    return idempotent(
        idempotencyKey,
        body,
        Operation.REGISTER_VIEW,
        resource(prefix, ns, "views/" + request.name()),
        List.of(target),
        () -> ok(CatalogHandlers.registerView(catalog, ns, request)));
  }

  /**
   * Fresh vended credentials for a table's files ({@code Endpoint.V1_TABLE_CREDENTIALS}), what
   * Iceberg's clients call to refresh the keys a loadTable gave them.
   */
  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/credentials")
  public Response loadCredentials(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table) {
    FloeCatalog catalog = registry.catalog(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    Target target = Target.of(tableSecurable(catalog, identifier));
    guard.authorize(Operation.READ_TABLE_DATA, target);
    // the tags only once the tag-blind decision has let the caller see the table
    TableMetadata metadata = catalog.currentMetadata(identifier);
    boolean write = guard.permits(Operation.WRITE_TABLE_DATA, target.withTags(tags(metadata)));
    return ok(TableStorageConfig.credentials(catalog.name(), catalog.storage(), identifier, metadata, write));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Runs a change (once per idempotency key, for the caller who sent it) and records it as an
   * audit event whose outcome is the answer's: with a key, a failure comes back as an error
   * response (kept for replays), not as an exception. The caller has been authorized before.
   */
  private Response idempotent(
      String key,
      byte[] body,
      Operation operation,
      String resource,
      List<Target> targets,
      Supplier<Response> action) {
    // keys are scoped by principal (in storage too): another caller's key is never seen here
    Response response;
    try {
      response = idempotency.execute(guard.caller().name(), key, operation, resource, body, action);
    } catch (RuntimeException e) {
      guard.recordMutation(operation, targets, false, String.valueOf(e.getMessage()), Map.of("error", e.getClass().getSimpleName()));
      throw e;
    }
    Map<String, String> details = new java.util.TreeMap<>();
    details.put("status", String.valueOf(response.getStatus()));
    if (response.getHeaderString(Idempotency.REPLAYED_HEADER) != null) {
      details.put("replayed", "true");
    }
    Optional<ErrorResponse> error = Idempotency.error(response);
    if (error.isPresent()) {
      details.put("error", error.get().type());
      guard.recordMutation(operation, targets, false, String.valueOf(error.get().message()), details);
    } else {
      guard.recordMutation(operation, targets, true, "", details);
    }
    return response;
  }

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
      java.util.function.Function<T, String> position,
      java.util.function.Function<T, Target> toTarget) {
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
   * Decides a write again with the tables' classification tags (table property {@value
   * #TAGS_PROPERTY}, comma-separated), once the tag-blind decision has allowed it: policies beyond
   * RBAC (OPA's sample rule on {@code confidential} tables) may refuse it. The tags are read only
   * after that first decision, so a caller who may not see a table learns nothing from them.
   */
  private void authorizeTagged(Operation operation, List<Target> targets, List<Set<String>> tags) {
    if (tags.stream().allMatch(Set::isEmpty)) {
      return;
    }
    List<Target> tagged = new java.util.ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      tagged.add(targets.get(i).withTags(tags.get(i)));
    }
    guard.authorize(operation, tagged);
  }

  /** Table property holding a table's classification tags, e.g. {@code confidential,pii.email}. */
  static final String TAGS_PROPERTY = "floe.tags";

  /** A table's tags; none for a table that does not exist (its commit fails as such). */
  private static Set<String> tags(FloeCatalog catalog, TableIdentifier table) {
    try {
      return tags(catalog.currentMetadata(table));
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      return Set.of();
    }
  }

  private static Set<String> tags(TableMetadata metadata) {
    String value = metadata.properties().get(TAGS_PROPERTY);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<String> tags = new java.util.TreeSet<>();
    for (String tag : value.split(",")) {
      if (!tag.isBlank()) {
        tags.add(tag.trim());
      }
    }
    return tags;
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

  private static Response ok(Object response) {
    return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static String resource(String prefix, Namespace namespace, String suffix) {
    String base = prefix + "/namespaces/" + RESTUtil.encodeNamespace(namespace);
    return suffix == null ? base : base + "/" + suffix;
  }

  private static Namespace namespace(String encoded) {
    Namespace namespace;
    try {
      namespace = RESTUtil.decodeNamespace(encoded);
    } catch (RuntimeException e) {
      throw new BadRequestException("Invalid namespace in path: %s", encoded);
    }
    Identifiers.checkNamespace(namespace);
    return namespace;
  }

  private static Namespace parentNamespace(String parent) {
    Namespace namespace;
    try {
      namespace = RESTUtil.namespaceFromQueryParam(parent);
    } catch (RuntimeException e) {
      throw new BadRequestException("Invalid parent namespace: %s", parent);
    }
    Identifiers.checkNamespace(namespace);
    return namespace;
  }

  private static TableIdentifier identifier(String namespace, String encodedName) {
    String name;
    try {
      name = RESTUtil.decodeString(encodedName);
    } catch (RuntimeException e) {
      throw new BadRequestException("Invalid name in path: %s", encodedName);
    }
    Identifiers.checkName(name, "table or view");
    return TableIdentifier.of(namespace(namespace), name);
  }

  private static void checkSameIdentifier(TableIdentifier path, TableIdentifier body) {
    if (body != null && !body.equals(path)) {
      throw new BadRequestException(
          "Identifier in the request body (%s) does not match the path (%s)", body, path);
    }
  }

  private static SnapshotMode snapshotMode(String snapshots) {
    if (snapshots == null || snapshots.isEmpty()) {
      return SnapshotMode.ALL;
    }
    try {
      return SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid snapshots: %s (expected all or refs)", snapshots);
    }
  }

  private static boolean booleanParameter(String name, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    if ("true".equalsIgnoreCase(value)) {
      return true;
    } else if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    throw new BadRequestException("Invalid %s: %s (expected true or false)", name, value);
  }

  /**
   * How long a staged table's locations stay reserved: at least an hour, and as long as the keys
   * vended for them can live.
   */
  private static java.time.Duration stagedReservation(FloeCatalog catalog) {
    int seconds =
        catalog.storage().s3().flatMap(settings -> settings.sts()).map(sts -> sts.durationSeconds()).orElse(0);
    return java.time.Duration.ofSeconds(Math.max(3600, seconds));
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
   * response an Idempotency-Key replays (stored in PostgreSQL) never holds keys.
   */
  private static Response withCredentials(TableStorageConfig config, Response response) {
    if (!config.vendsCredentials() || response.getStatus() != 200 || !(response.getEntity() instanceof byte[] body)) {
      return response;
    }
    LoadTableResponse parsed =
        org.apache.iceberg.rest.responses.LoadTableResponseParser.fromJson(new String(body, StandardCharsets.UTF_8));
    return ok(config.apply(parsed));
  }

  static String etag(String metadataLocation, SnapshotMode mode, String variant) {
    String input = metadataLocation + "#" + mode + (variant.isEmpty() ? "" : "#" + variant);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
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
}
