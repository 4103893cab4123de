package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.CONFLICT;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.access.PrincipalRoleRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.handler.AuditedChanges;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.management.api.CatalogRoleResponse;
import dev.floe.catalog.management.api.CatalogRolesResponse;
import dev.floe.catalog.management.api.PrincipalRoleRequest;
import dev.floe.catalog.management.api.PrincipalRoleResponse;
import dev.floe.catalog.management.api.PrincipalRolesResponse;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Operation;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Principal roles and the catalog roles assigned to them. */
@Path("/api/management/v1/principal-roles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "principal roles", description = "Principal roles and their catalog roles")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class PrincipalRolesResource {
  private final PostgresAccessStore store;
  private final AccessGuard guard;
  private final AuditedChanges changes;
  private final CatalogRegistry registry;

  @Inject
  public PrincipalRolesResource(PostgresAccessStore store, AccessGuard guard, AuditedChanges changes, CatalogRegistry registry) {
    this.store = store;
    this.guard = guard;
    this.changes = changes;
    this.registry = registry;
  }

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List principal roles", description = "Service administrators only.")
  @APIResponse(
      responseCode = "200", description = "The principal roles", content = @Content(schema = @Schema(implementation = PrincipalRolesResponse.class)))
  public PrincipalRolesResponse list() {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    return new PrincipalRolesResponse(store.principalRoles().stream().map(PrincipalRoleResponse::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a principal role", description = "Service administrators only; 409 when it exists.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = PrincipalRoleResponse.class)))
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response create(PrincipalRoleRequest request) {
    PrincipalRoleRequest body = Requests.present(request, PrincipalRoleRequest.class);
    String name = body.requiredName();
    boolean administrator = body.isServiceAdministrator();
    boolean trustedEngine = body.isTrustedEngine();
    guard.authorize(Operation.CREATE_PRINCIPAL_ROLE);
    store.checkPrincipalRoleName(name);
    changes.run(
        Operation.CREATE_PRINCIPAL_ROLE,
        List.of(),
        Map.of(
            "principal-role", name,
            "service-administrator", Boolean.toString(administrator),
            "trusted-engine", Boolean.toString(trustedEngine)),
        () -> store.createPrincipalRole(name, administrator, trustedEngine));
    return Response.status(Response.Status.CREATED).entity(PrincipalRoleResponse.of(existing(name))).build();
  }

  @GET
  @Path("{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a principal role with its members and catalog roles", description = "Service administrators only.")
  @APIResponse(
      responseCode = "200",
      description = "The principal role, its members and catalog roles",
      content = @Content(schema = @Schema(implementation = PrincipalRoleResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public PrincipalRoleResponse get(@PathParam("role") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    PrincipalRoleRecord role = existing(name);
    List<String> members =
        store.principals().stream().filter(principal -> principal.principalRoles().contains(name)).map(PrincipalRecord::name).toList();
    return PrincipalRoleResponse.of(role, members, catalogRoles(name));
  }

  @DELETE
  @Path("{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop a principal role", description = "Ends its memberships and catalog role assignments. Service administrators only.")
  @APIResponse(responseCode = "204", description = "Dropped")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response drop(@PathParam("role") String name) {
    guard.authorize(Operation.DROP_PRINCIPAL_ROLE);
    changes.run(Operation.DROP_PRINCIPAL_ROLE, List.of(), Map.of("principal-role", name), () -> store.dropPrincipalRole(name));
    return Response.noContent().build();
  }

  @GET
  @Path("{role}/catalog-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List the catalog roles assigned to a principal role", description = "Service administrators only.")
  @APIResponse(
      responseCode = "200", description = "Its catalog roles", content = @Content(schema = @Schema(implementation = CatalogRolesResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public CatalogRolesResponse listCatalogRoles(@PathParam("role") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    existing(name);
    return new CatalogRolesResponse(catalogRoles(name));
  }

  @PUT
  @Path("{role}/catalog-roles/{catalog}/{catalogRole}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Assign a catalog role to a principal role",
      description = "201 when new, 200 when it was already assigned. Needs CATALOG_MANAGE_ACCESS on the catalog.")
  @APIResponse(
      responseCode = "201", description = "Assigned: its catalog roles now", content = @Content(schema = @Schema(implementation = CatalogRolesResponse.class)))
  @APIResponse(
      responseCode = "200", description = "It was already assigned", content = @Content(schema = @Schema(implementation = CatalogRolesResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response assign(
      @PathParam("role") String name, @PathParam("catalog") String catalog, @PathParam("catalogRole") String catalogRole) {
    List<Target> targets = List.of(CatalogsResource.catalogTarget(catalog));
    // a refusal in a missing catalog is a 404 (service administrators hold nothing there)
    guard.authorizeExisting(Operation.ASSIGN_CATALOG_ROLE, targets.get(0), () -> registry.find(catalog).isPresent());
    CatalogRole role = new CatalogRole(catalog, catalogRole);
    boolean created =
        changes.run(Operation.ASSIGN_CATALOG_ROLE, targets, Map.of("principal-role", name, "catalog-role", catalogRole),
            () -> store.assignCatalogRole(name, role));
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(new CatalogRolesResponse(catalogRoles(name))).build();
  }

  @DELETE
  @Path("{role}/catalog-roles/{catalog}/{catalogRole}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Take a catalog role from a principal role",
      description = "404 when it was not assigned. Needs CATALOG_MANAGE_ACCESS on the catalog.")
  @APIResponse(responseCode = "204", description = "Taken")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response unassign(
      @PathParam("role") String name, @PathParam("catalog") String catalog, @PathParam("catalogRole") String catalogRole) {
    List<Target> targets = List.of(CatalogsResource.catalogTarget(catalog));
    guard.authorizeExisting(Operation.UNASSIGN_CATALOG_ROLE, targets.get(0), () -> registry.find(catalog).isPresent());
    CatalogRole role = new CatalogRole(catalog, catalogRole);
    changes.run(Operation.UNASSIGN_CATALOG_ROLE, targets, Map.of("principal-role", name, "catalog-role", catalogRole),
        () -> {
          if (!store.unassignCatalogRole(name, role)) {
            throw new NotFoundException("Catalog role %s of catalog %s is not assigned to principal role %s", catalogRole, catalog, name);
          }
        });
    return Response.noContent().build();
  }

  private List<CatalogRoleResponse> catalogRoles(String principalRole) {
    return store.catalogRolesOf(principalRole).stream()
        .sorted(Comparator.comparing(CatalogRole::catalog).thenComparing(CatalogRole::name))
        .map(CatalogRoleResponse::of)
        .toList();
  }

  private PrincipalRoleRecord existing(String name) {
    return store.principalRole(name).orElseThrow(() -> new NotFoundException("Principal role does not exist: %s", name));
  }
}
