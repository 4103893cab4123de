package dev.floe.catalog.management;

import dev.floe.catalog.json.FloeJson;

import dev.floe.catalog.http.PageSizes;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.CONFLICT;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.floe.catalog.access.GrantResult;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.handler.AuditedChanges;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.management.api.CatalogRequest;
import dev.floe.catalog.management.api.CatalogResponse;
import dev.floe.catalog.management.api.CatalogRoleRequest;
import dev.floe.catalog.management.api.CatalogRoleResponse;
import dev.floe.catalog.management.api.CatalogRolesResponse;
import dev.floe.catalog.management.api.CatalogUpdate;
import dev.floe.catalog.management.api.CatalogsResponse;
import dev.floe.catalog.management.api.GrantRequest;
import dev.floe.catalog.management.api.GrantResponse;
import dev.floe.catalog.management.api.GrantsResponse;
import dev.floe.catalog.management.api.MetricsReportResponse;
import dev.floe.catalog.management.api.MetricsReportsResponse;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.MetricsReportStore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Catalogs (warehouses), their catalog roles and the grants those hold, and the metrics reports
 * engines sent. Every endpoint authorizes first and records its changes in the audit trail.
 */
@Path("/api/management/v1/catalogs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalogs", description = "Catalogs, catalog roles and grants")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class CatalogsResource {
  private static final int MAX_REPORTS = 1000;
  private static final ObjectMapper REPORTS = FloeJson.mapper();

  private final CatalogRegistry registry;
  private final MetricsReportStore metricsReports;
  private final PostgresAccessStore store;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  @Inject
  public CatalogsResource(CatalogRegistry registry, MetricsReportStore metricsReports, PostgresAccessStore store, AccessGuard guard, AuditedChanges changes) {
    this.registry = registry;
    this.metricsReports = metricsReports;
    this.store = store;
    this.guard = guard;
    this.changes = changes;
  }

  // ---------------------------------------------------------------- catalogs

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List the catalogs the caller may see",
      description = "Service administrators see every catalog; others the catalogs they hold any privilege in.")
  @APIResponse(responseCode = "200", description = "The catalogs", content = @Content(schema = @Schema(implementation = CatalogsResponse.class)))
  public CatalogsResponse listCatalogs() {
    guard.authorize(Operation.LIST_CATALOGS);
    List<CatalogRecord> visible =
        guard.filter(Operation.LIST_CATALOGS, registry.list(), catalog -> Target.of(Securable.catalog(catalog.name())));
    return new CatalogsResponse(visible.stream().map(CatalogResponse::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a catalog",
      description =
          "Storage root file:///... or s3://bucket/prefix; S3 settings (s3.endpoint, s3.region, s3.credentials=env:PREFIX, ...)"
              + " and allowed-locations are properties, each checked at creation. The catalog gets catalog role catalog_admin,"
              + " assigned to the service administrators. Service administrators only.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = CatalogResponse.class)))
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response createCatalog(CatalogRequest request) {
    CatalogRequest body = Requests.present(request, CatalogRequest.class);
    String name = body.requiredName();
    String storageRoot = body.requiredStorageRoot();
    Map<String, String> properties = body.checkedProperties();
    List<Target> targets = List.of(catalogTarget(name));
    guard.authorize(Operation.CREATE_CATALOG, targets);
    // the access store picks up the catalog_admin role the database gives the catalog before the
    // answer (AuditedChanges refreshes it after changes that move grants)
    CatalogRecord created =
        changes.run(Operation.CREATE_CATALOG, targets, Map.of(), () -> registry.create(name, storageRoot, properties));
    return Response.status(Response.Status.CREATED).entity(CatalogResponse.of(created)).build();
  }

  @GET
  @Path("{catalog}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a catalog", description = "Needs CATALOG_READ_PROPERTIES. Never shows storage keys (only env: references).")
  @APIResponse(responseCode = "200", description = "The catalog", content = @Content(schema = @Schema(implementation = CatalogResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public CatalogResponse getCatalog(@PathParam("catalog") String name) {
    authorizeOnCatalog(Operation.GET_CATALOG, name);
    return CatalogResponse.of(existing(name));
  }

  @PATCH
  @Path("{catalog}")
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Update a catalog's properties",
      description =
          "Storage settings (the storage root, allowed-locations and every s3.* property) are fixed at creation and refused"
              + " here, as is any key of the body other than updates and removals; other properties (for example Iceberg's"
              + " table-default.* and table-override.*) may change. Needs CATALOG_WRITE_PROPERTIES.")
  @APIResponse(responseCode = "200", description = "The updated catalog", content = @Content(schema = @Schema(implementation = CatalogResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public CatalogResponse updateCatalog(@PathParam("catalog") String name, CatalogUpdate request) {
    CatalogUpdate body = Requests.present(request, CatalogUpdate.class);
    Map<String, String> updates = body.checkedUpdates();
    java.util.Set<String> removals = body.checkedRemovals();
    List<Target> targets = List.of(catalogTarget(name));
    authorizeOnCatalog(Operation.UPDATE_CATALOG, name);
    CatalogRecord updated =
        changes.run(Operation.UPDATE_CATALOG, targets, Map.of(), () -> registry.updateProperties(name, updates, removals));
    return CatalogResponse.of(updated);
  }

  @DELETE
  @Path("{catalog}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop an empty catalog",
      description = "409 while it holds a namespace. Drops its catalog roles and grants. Service administrators only.")
  @APIResponse(responseCode = "204", description = "Dropped")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "409", ref = CONFLICT)
  public Response dropCatalog(@PathParam("catalog") String name) {
    List<Target> targets = List.of(catalogTarget(name));
    authorizeOnCatalog(Operation.DROP_CATALOG, name);
    changes.run(Operation.DROP_CATALOG, targets, Map.of(), () -> registry.drop(name));
    return Response.noContent().build();
  }

  /** Metrics reports (scan and commit) engines sent for a table, newest first. */
  @GET
  @Path("{catalog}/namespaces/{namespace}/tables/{table}/metrics-reports")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List a table's metrics reports, newest first",
      description = "Namespace levels separated by %1F, as in the Iceberg REST API. Needs TABLE_READ_PROPERTIES.")
  @APIResponse(
      responseCode = "200", description = "The reports", content = @Content(schema = @Schema(implementation = MetricsReportsResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public MetricsReportsResponse metricsReports(
      @PathParam("catalog") String name,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @Parameter(
              name = "limit",
              in = ParameterIn.QUERY,
              description = "How many reports, 1 to 1000 (default 100)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
          @QueryParam("limit")
          String limit) {
    // a String, not an Integer: JAX-RS answers a parameter it cannot convert with a bare 404
    int count = PageSizes.parse("limit", limit, 100, MAX_REPORTS);
    TableIdentifier identifier = TableIdentifier.of(NamespacePaths.namespace(namespace), table);
    guard.authorize(
        Operation.LIST_METRICS_REPORTS,
        Target.of(Securable.table(name, List.of(identifier.namespace().levels()), identifier.name())));
    FloeCatalog catalog = registry.catalog(name);
    List<MetricsReportResponse> reports = new ArrayList<>();
    for (MetricsReportStore.MetricsReport report : metricsReports.list(catalog.record().id(), identifier, count)) {
      reports.add(
          new MetricsReportResponse(report.id(), report.reportType(), report.receivedAt().toString(), reportJson(report.report())));
    }
    return new MetricsReportsResponse(reports);
  }

  private static JsonNode reportJson(String report) {
    try {
      return REPORTS.readTree(report);
    } catch (IOException e) {
      return TextNode.valueOf(report);
    }
  }

  // ---------------------------------------------------------------- catalog roles

  @GET
  @Path("{catalog}/catalog-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List a catalog's catalog roles", description = "Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(
      responseCode = "200", description = "The catalog roles", content = @Content(schema = @Schema(implementation = CatalogRolesResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public CatalogRolesResponse listCatalogRoles(@PathParam("catalog") String catalog) {
    authorizeOnCatalog(Operation.LIST_CATALOG_ROLES, catalog);
    existing(catalog);
    return new CatalogRolesResponse(store.catalogRoles(catalog).stream().map(CatalogRoleResponse::of).toList());
  }

  @POST
  @Path("{catalog}/catalog-roles")
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a catalog role", description = "409 when it exists. Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = CatalogRoleResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response createCatalogRole(@PathParam("catalog") String catalog, CatalogRoleRequest request) {
    String name = Requests.present(request, CatalogRoleRequest.class).requiredName();
    List<Target> targets = List.of(catalogTarget(catalog));
    authorizeOnCatalog(Operation.CREATE_CATALOG_ROLE, catalog);
    store.checkCatalogRoleName(name);
    CatalogRole role = new CatalogRole(catalog, name);
    changes.run(Operation.CREATE_CATALOG_ROLE, targets, Map.of("catalog-role", name), () -> store.createCatalogRole(role));
    return Response.status(Response.Status.CREATED).entity(CatalogRoleResponse.of(role)).build();
  }

  @GET
  @Path("{catalog}/catalog-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a catalog role with its grants", description = "Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(
      responseCode = "200", description = "The catalog role and its grants", content = @Content(schema = @Schema(implementation = CatalogRoleResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public CatalogRoleResponse getCatalogRole(@PathParam("catalog") String catalog, @PathParam("role") String name) {
    authorizeOnCatalog(Operation.LIST_CATALOG_ROLES, catalog);
    CatalogRole role = existingRole(catalog, name);
    return CatalogRoleResponse.of(role, grants(role));
  }

  @DELETE
  @Path("{catalog}/catalog-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop a catalog role", description = "Drops its grants and assignments. Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(responseCode = "204", description = "Dropped")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response dropCatalogRole(@PathParam("catalog") String catalog, @PathParam("role") String name) {
    List<Target> targets = List.of(catalogTarget(catalog));
    authorizeOnCatalog(Operation.DROP_CATALOG_ROLE, catalog);
    CatalogRole role = catalogRole(catalog, name);
    changes.run(Operation.DROP_CATALOG_ROLE, targets, Map.of("catalog-role", name), () -> store.dropCatalogRole(role));
    return Response.noContent().build();
  }

  // ---------------------------------------------------------------- grants

  @GET
  @Path("{catalog}/catalog-roles/{role}/grants")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List a catalog role's grants", description = "Bound grants first, then pending ones. Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(responseCode = "200", description = "The grants", content = @Content(schema = @Schema(implementation = GrantsResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public GrantsResponse listGrants(@PathParam("catalog") String catalog, @PathParam("role") String name) {
    authorizeOnCatalog(Operation.LIST_GRANTS, catalog);
    return new GrantsResponse(grants(existingRole(catalog, name)));
  }

  @POST
  @Path("{catalog}/catalog-roles/{role}/grants")
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Grant a privilege on a securable to a catalog role",
      description =
          "400 when the privilege cannot be granted on that type. The grant is bound to the namespace, table or view (it"
              + " follows a rename and is dropped with the object); 404 when the object does not exist, unless allow-missing is"
              + " true, which stores the grant pending (pending: true, granting nothing) until an object of that kind is created"
              + " under that name. 201 when new, 200 when the role already held it. Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(responseCode = "201", description = "Granted", content = @Content(schema = @Schema(implementation = GrantResponse.class)))
  @APIResponse(responseCode = "200", description = "The role already held it", content = @Content(schema = @Schema(implementation = GrantResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response grant(@PathParam("catalog") String catalog, @PathParam("role") String name, GrantRequest request) {
    GrantRequest.Checked grant = Requests.present(request, GrantRequest.class).check(catalog, "grant request");
    List<Target> targets = List.of(Target.of(grant.securable()));
    authorizeInCatalog(Operation.GRANT, targets.get(0), catalog);
    CatalogRole role = catalogRole(catalog, name);
    GrantResult result =
        changes.run(
            Operation.GRANT,
            targets,
            Map.of("catalog-role", name, "privilege", grant.privilege().name(), "allow-missing", String.valueOf(grant.allowMissing())),
            () -> store.grant(role, grant.privilege(), grant.securable(), grant.allowMissing()));
    return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(GrantResponse.of(new Grant(name, grant.privilege(), grant.securable()), result.pending()))
        .build();
  }

  @POST
  @Path("{catalog}/catalog-roles/{role}/grants/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Revoke a grant from a catalog role",
      description =
          "Body as for granting (allow-missing is ignored). Revokes the grant bound to the object now of that name and a pending"
              + " grant for that name. 204 when revoked, 404 when the role held neither. Needs CATALOG_MANAGE_ACCESS.")
  @APIResponse(responseCode = "204", description = "Revoked")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response revoke(@PathParam("catalog") String catalog, @PathParam("role") String name, GrantRequest request) {
    GrantRequest.Checked grant = Requests.present(request, GrantRequest.class).check(catalog, "revoke request");
    List<Target> targets = List.of(Target.of(grant.securable()));
    authorizeInCatalog(Operation.REVOKE, targets.get(0), catalog);
    CatalogRole role = catalogRole(catalog, name);
    changes.run(
        Operation.REVOKE,
        targets,
        Map.of("catalog-role", name, "privilege", grant.privilege().name()),
        () -> {
          if (!store.revoke(role, grant.privilege(), grant.securable())) {
            throw new NotFoundException("Catalog role %s does not hold %s on %s", name, grant.privilege(), grant.securable());
          }
        });
    return Response.noContent().build();
  }

  // ---------------------------------------------------------------- helpers

  private List<GrantResponse> grants(CatalogRole role) {
    List<GrantResponse> grants = new ArrayList<>();
    store.grantsOf(role).stream().sorted(Grant.ORDER).forEach(grant -> grants.add(GrantResponse.of(grant, false)));
    store.pendingGrantsOf(role).stream().sorted(Grant.ORDER).forEach(grant -> grants.add(GrantResponse.of(grant, true)));
    return grants;
  }

  /**
   * Authorizes an operation on a catalog; a refused one on a missing catalog is a 404 (a service
   * administrator holds catalog_admin only in catalogs that exist, so it would be refused too).
   */
  private void authorizeOnCatalog(Operation operation, String name) {
    guard.authorizeExisting(operation, catalogTarget(name), () -> registry.find(name).isPresent());
  }

  /** Authorizes an operation on a securable of a catalog; a refused one in a missing catalog is a 404. */
  private void authorizeInCatalog(Operation operation, Target target, String catalog) {
    guard.authorizeExisting(
        operation,
        target,
        () -> registry.find(catalog).isPresent(),
        () -> new NoSuchWarehouseException("Warehouse does not exist: %s", catalog));
  }

  private CatalogRecord existing(String name) {
    return registry.find(name).orElseThrow(() -> new NoSuchWarehouseException("Warehouse does not exist: %s", name));
  }

  private CatalogRole existingRole(String catalog, String name) {
    CatalogRole role = catalogRole(catalog, name);
    if (!store.catalogRoleExists(role)) {
      throw new NotFoundException("Catalog role does not exist: %s in catalog %s", name, catalog);
    }
    return role;
  }

  private static CatalogRole catalogRole(String catalog, String name) {
    try {
      return new CatalogRole(catalog, name);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid catalog role %s in catalog %s", name, catalog);
    }
  }

  static Target catalogTarget(String name) {
    if (name == null || name.isEmpty()) {
      throw new BadRequestException("Invalid catalog name: empty");
    }
    ControlCharacters.refuse(name, "catalog name");
    return Target.of(Securable.catalog(name));
  }
}
