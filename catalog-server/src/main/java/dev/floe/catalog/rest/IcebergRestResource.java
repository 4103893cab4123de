package dev.floe.catalog.rest;

import dev.floe.catalog.handler.Answer;
import dev.floe.catalog.handler.IcebergCatalogHandler;
import dev.floe.catalog.handler.IcebergCatalogHandler.TableLoad;
import dev.floe.catalog.handler.Idempotency;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.http.IcebergJson;
import dev.floe.catalog.http.PageSizes;
import dev.floe.catalog.storage.AccessDelegation;
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
import java.util.Locale;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
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

/**
 * The Iceberg REST catalog API (spec of Iceberg 1.11) under {@code /api/catalog}: decodes paths,
 * parameters and bodies into Iceberg's request classes, hands them to {@link
 * IcebergCatalogHandler}, and encodes its answers with the HTTP headers that go with them (ETag,
 * Cache-Control, the replay marker of an Idempotency-Key). Nothing else happens here.
 */
@Path("/api/catalog/v1")
public class IcebergRestResource {
  /** Set on an answer replayed from the first request with the same Idempotency-Key. */
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final IcebergCatalogHandler handler;
  private final EncodedLoads encodedLoads;

  @Inject
  public IcebergRestResource(IcebergCatalogHandler handler, EncodedLoads encodedLoads) {
    this.handler = handler;
    this.encodedLoads = encodedLoads;
  }

  // ---------------------------------------------------------------- config

  @GET
  @Path("config")
  public Response config(@QueryParam("warehouse") String warehouse) {
    ControlCharacters.refuse(warehouse, "warehouse");
    return ok(handler.config(warehouse));
  }

  // ---------------------------------------------------------------- namespaces

  @GET
  @Path("{prefix}/namespaces")
  public Response listNamespaces(
      @PathParam("prefix") String prefix,
      @QueryParam("parent") String parent,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    Namespace parentNamespace = parent == null || parent.isEmpty() ? Namespace.empty() : parentNamespace(parent);
    return ok(handler.listNamespaces(prefix, parentNamespace, pageToken, pageSize(pageToken, pageSize)));
  }

  @POST
  @Path("{prefix}/namespaces")
  public Response createNamespace(
      @PathParam("prefix") String prefix, @HeaderParam(Idempotency.HEADER) String idempotencyKey, byte[] body) {
    CreateNamespaceRequest request = IcebergJson.parseRequest(body, CreateNamespaceRequest.class);
    Identifiers.checkNamespace(request.namespace());
    return answer(handler.createNamespace(prefix, request, idempotencyKey, body));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}")
  public Response loadNamespace(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
    return ok(handler.loadNamespace(prefix, namespace(namespace)));
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}")
  public Response namespaceExists(@PathParam("prefix") String prefix, @Encoded @PathParam("namespace") String namespace) {
    handler.namespaceExists(prefix, namespace(namespace));
    return Response.noContent().build();
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}")
  public Response dropNamespace(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    return answer(handler.dropNamespace(prefix, namespace(namespace), idempotencyKey));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/properties")
  public Response updateNamespaceProperties(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    Namespace ns = namespace(namespace);
    UpdateNamespacePropertiesRequest request = IcebergJson.parseRequest(body, UpdateNamespacePropertiesRequest.class);
    return answer(handler.updateNamespaceProperties(prefix, ns, request, idempotencyKey, body));
  }

  // ---------------------------------------------------------------- tables

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response listTables(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    return ok(handler.listTables(prefix, namespace(namespace), pageToken, pageSize(pageToken, pageSize)));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables")
  public Response createTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation,
      byte[] body) {
    Namespace ns = namespace(namespace);
    CreateTableRequest request = IcebergJson.parseRequest(body, CreateTableRequest.class);
    Identifiers.checkName(request.name(), "table");
    return answer(handler.createTable(prefix, ns, request, accessDelegation, idempotencyKey, body));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response loadTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      @QueryParam("snapshots") String snapshots,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation,
      @HeaderParam("Accept-Encoding") String acceptEncoding) {
    TableIdentifier identifier = identifier(namespace, table);
    TableLoad load = handler.loadTable(prefix, identifier, snapshotMode(snapshots), accessDelegation, ifNoneMatch);
    return switch (load) {
      case TableLoad.NotModified notModified -> Response.notModified(new EntityTag(notModified.etag())).build();
      case TableLoad.Fresh fresh -> ok(fresh.response());
      case TableLoad.Cacheable cacheable -> cachedLoad(cacheable, EncodedLoads.acceptsGzip(acceptEncoding));
      case TableLoad.Restricted restricted ->
          Response.ok(withReadRestrictions(restricted), MediaType.APPLICATION_JSON_TYPE).build();
    };
  }

  /**
   * The kept encoding of a load: gzip when the client accepts it (its entity tag then weak, as a
   * compressed representation's is), else JSON. Either way, varying by {@code Accept-Encoding}.
   */
  private Response cachedLoad(TableLoad.Cacheable load, boolean gzip) {
    byte[] compressed = gzip ? encodedLoads.gzip(load) : null;
    Response.ResponseBuilder answer =
        compressed != null
            ? Response.ok(compressed, MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Encoding", "gzip")
                .tag(new EntityTag(load.etag(), true))
            : Response.ok(encodedLoads.json(load), MediaType.APPLICATION_JSON_TYPE).tag(new EntityTag(load.etag()));
    return answer.header("Vary", "Accept-Encoding").build();
  }

  /**
   * Iceberg's serialization of the answer with the spec's {@code read-restrictions} field added
   * (Iceberg 1.11.0's {@code LoadTableResponse} cannot carry it; see {@code ReadRestrictions}).
   */
  private static byte[] withReadRestrictions(TableLoad.Restricted restricted) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode body =
          (com.fasterxml.jackson.databind.node.ObjectNode) IcebergJson.mapper().readTree(IcebergJson.write(restricted.response()));
      body.set(dev.floe.catalog.governance.ReadRestrictions.FIELD, restricted.readRestrictions());
      return IcebergJson.mapper().writeValueAsBytes(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot add read restrictions to a loadTable answer", e);
    }
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response tableExists(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table) {
    handler.tableExists(prefix, identifier(namespace, table));
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
    TableIdentifier identifier = identifier(namespace, table);
    UpdateTableRequest request = IcebergJson.parseRequest(body, UpdateTableRequest.class);
    checkSameIdentifier(identifier, request.identifier());
    return answer(handler.updateTable(prefix, identifier, request, idempotencyKey, body));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/tables/{table}")
  public Response dropTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      @QueryParam("purgeRequested") String purgeRequested,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    TableIdentifier identifier = identifier(namespace, table);
    return answer(handler.dropTable(prefix, identifier, booleanParameter("purgeRequested", purgeRequested), idempotencyKey));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/register")
  public Response registerTable(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @HeaderParam(AccessDelegation.HEADER) String accessDelegation,
      byte[] body) {
    Namespace ns = namespace(namespace);
    RegisterTableRequest request = IcebergJson.parseRequest(body, RegisterTableRequest.class);
    Identifiers.checkName(request.name(), "table");
    return answer(handler.registerTable(prefix, ns, request, accessDelegation, idempotencyKey, body));
  }

  /** Signs one S3 request of a remote-signing client ({@code Endpoint.V1_TABLE_REMOTE_SIGN}). */
  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/sign")
  public Response signStorageRequest(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      byte[] body) {
    TableIdentifier identifier = identifier(namespace, table);
    RemoteSignRequest request = IcebergJson.parseRequest(body, RemoteSignRequest.class);
    // Iceberg's signer client reuses signatures of reads for a while when told "private"
    return Response.ok(IcebergJson.write(handler.sign(prefix, identifier, request)), MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", IcebergCatalogHandler.isRead(request) ? "private" : "no-cache")
        .build();
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/metrics")
  public Response reportMetrics(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table,
      byte[] body) {
    TableIdentifier identifier = identifier(namespace, table);
    handler.reportMetrics(prefix, identifier, IcebergJson.parseRequest(body, ReportMetricsRequest.class));
    return Response.noContent().build();
  }

  @POST
  @Path("{prefix}/tables/rename")
  public Response renameTable(
      @PathParam("prefix") String prefix, @HeaderParam(Idempotency.HEADER) String idempotencyKey, byte[] body) {
    RenameTableRequest request = renameRequest(body, "table");
    return answer(handler.renameTable(prefix, request, idempotencyKey, body));
  }

  @POST
  @Path("{prefix}/transactions/commit")
  public Response commitTransaction(
      @PathParam("prefix") String prefix, @HeaderParam(Idempotency.HEADER) String idempotencyKey, byte[] body) {
    CommitTransactionRequest request = IcebergJson.parseRequest(body, CommitTransactionRequest.class);
    return answer(handler.commitTransaction(prefix, request, idempotencyKey, body));
  }

  /** Fresh vended keys for a table's files ({@code Endpoint.V1_TABLE_CREDENTIALS}). */
  @GET
  @Path("{prefix}/namespaces/{namespace}/tables/{table}/credentials")
  public Response loadCredentials(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("table") String table) {
    return ok(handler.loadCredentials(prefix, identifier(namespace, table)));
  }

  // ---------------------------------------------------------------- views

  @GET
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response listViews(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    return ok(handler.listViews(prefix, namespace(namespace), pageToken, pageSize(pageToken, pageSize)));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/views")
  public Response createView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    Namespace ns = namespace(namespace);
    CreateViewRequest request = IcebergJson.parseRequest(body, CreateViewRequest.class);
    Identifiers.checkName(request.name(), "view");
    return answer(handler.createView(prefix, ns, request, idempotencyKey, body));
  }

  @GET
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response loadView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view) {
    return ok(handler.loadView(prefix, identifier(namespace, view)));
  }

  @HEAD
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response viewExists(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view) {
    handler.viewExists(prefix, identifier(namespace, view));
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
    TableIdentifier identifier = identifier(namespace, view);
    UpdateTableRequest request = IcebergJson.parseRequest(body, UpdateTableRequest.class);
    checkSameIdentifier(identifier, request.identifier());
    return answer(handler.replaceView(prefix, identifier, request, idempotencyKey, body));
  }

  @DELETE
  @Path("{prefix}/namespaces/{namespace}/views/{view}")
  public Response dropView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @Encoded @PathParam("view") String view,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
    return answer(handler.dropView(prefix, identifier(namespace, view), idempotencyKey));
  }

  @POST
  @Path("{prefix}/views/rename")
  public Response renameView(
      @PathParam("prefix") String prefix, @HeaderParam(Idempotency.HEADER) String idempotencyKey, byte[] body) {
    RenameTableRequest request = renameRequest(body, "view");
    return answer(handler.renameView(prefix, request, idempotencyKey, body));
  }

  @POST
  @Path("{prefix}/namespaces/{namespace}/register-view")
  public Response registerView(
      @PathParam("prefix") String prefix,
      @Encoded @PathParam("namespace") String namespace,
      @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      byte[] body) {
    Namespace ns = namespace(namespace);
    RegisterViewRequest request = IcebergJson.parseRequest(body, RegisterViewRequest.class);
    Identifiers.checkName(request.name(), "view");
    return answer(handler.registerView(prefix, ns, request, idempotencyKey, body));
  }

  // ---------------------------------------------------------------- decoding and encoding

  private static Response ok(Object response) {
    return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** A change's answer as sent the first time or replayed (then marked). */
  private static Response answer(Answer answer) {
    Response.ResponseBuilder builder = Response.status(answer.status());
    if (answer.body() != null) {
      builder.type(MediaType.APPLICATION_JSON_TYPE).entity(answer.body());
    }
    if (answer.replayed()) {
      builder.header(REPLAYED_HEADER, "true");
    }
    return builder.build();
  }

  private static RenameTableRequest renameRequest(byte[] body, String what) {
    RenameTableRequest request = IcebergJson.parseRequest(body, RenameTableRequest.class);
    Identifiers.checkName(request.destination().name(), what);
    Identifiers.checkNamespace(request.destination().namespace());
    return request;
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
      throw new BadRequestException("Identifier in the request body (%s) does not match the path (%s)", body, path);
    }
  }

  private int pageSize(String pageToken, String pageSize) {
    return PageSizes.iceberg(pageToken, pageSize, handler.maxPageSize());
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
}
