package dev.floe.catalog.management;

import dev.floe.catalog.handler.AuditedChanges;

import static dev.floe.catalog.management.ManagementJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.access.PrincipalRoleRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Operation;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Principal roles and the catalog roles assigned to them. */
@Path("/api/management/v1/principal-roles")
@Tag(name = "principal roles", description = "Principal roles and their catalog roles")
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
  public Response list() {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    return json(
        200, ManagementJson.wrap("principal-roles", ManagementJson.array(store.principalRoles().stream().map(ManagementJson::principalRole).toList())));
  }

  @POST
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a principal role",
      description = "Body {\"name\", \"service-administrator\": false}. Service administrators only; 409 when it exists.")
  public Response create(byte[] body) {
    JsonNode request = ManagementJson.object(body, "principal role request");
    String name = ManagementJson.requiredString(request, "name", "principal role request");
    boolean administrator = ManagementJson.optionalBoolean(request, "service-administrator", "principal role request").orElse(false);
    guard.authorize(Operation.CREATE_PRINCIPAL_ROLE);
    store.checkPrincipalRoleName(name);
    changes.run(Operation.CREATE_PRINCIPAL_ROLE, List.of(), Map.of("principal-role", name, "service-administrator", Boolean.toString(administrator)),
        () -> store.createPrincipalRole(name, administrator));
    return json(201, ManagementJson.principalRole(existing(name)));
  }

  @GET
  @Path("{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a principal role with its members and catalog roles", description = "Service administrators only.")
  public Response get(@PathParam("role") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    ObjectNode node = ManagementJson.principalRole(existing(name));
    ArrayNode members = node.putArray("members");
    store.principals().stream().filter(principal -> principal.principalRoles().contains(name)).map(PrincipalRecord::name).forEach(members::add);
    node.set("catalog-roles", catalogRoles(name));
    return json(200, node);
  }

  @DELETE
  @Path("{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop a principal role", description = "Ends its memberships and catalog role assignments. Service administrators only.")
  public Response drop(@PathParam("role") String name) {
    guard.authorize(Operation.DROP_PRINCIPAL_ROLE);
    changes.run(Operation.DROP_PRINCIPAL_ROLE, List.of(), Map.of("principal-role", name), () -> store.dropPrincipalRole(name));
    return Response.noContent().build();
  }

  @GET
  @Path("{role}/catalog-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List the catalog roles assigned to a principal role", description = "Service administrators only.")
  public Response listCatalogRoles(@PathParam("role") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    existing(name);
    return json(200, ManagementJson.wrap("catalog-roles", catalogRoles(name)));
  }

  @PUT
  @Path("{role}/catalog-roles/{catalog}/{catalogRole}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Assign a catalog role to a principal role",
      description = "201 when new, 200 when it was already assigned. Needs CATALOG_MANAGE_ACCESS on the catalog.")
  public Response assign(
      @PathParam("role") String name, @PathParam("catalog") String catalog, @PathParam("catalogRole") String catalogRole) {
    List<Target> targets = List.of(CatalogsResource.catalogTarget(catalog));
    // a refusal in a missing catalog is a 404 (service administrators hold nothing there)
    guard.authorizeExisting(Operation.ASSIGN_CATALOG_ROLE, targets.get(0), () -> registry.find(catalog).isPresent());
    CatalogRole role = new CatalogRole(catalog, catalogRole);
    boolean created =
        changes.run(Operation.ASSIGN_CATALOG_ROLE, targets, Map.of("principal-role", name, "catalog-role", catalogRole),
            () -> store.assignCatalogRole(name, role));
    return json(created ? 201 : 200, ManagementJson.wrap("catalog-roles", catalogRoles(name)));
  }

  @DELETE
  @Path("{role}/catalog-roles/{catalog}/{catalogRole}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Take a catalog role from a principal role",
      description = "404 when it was not assigned. Needs CATALOG_MANAGE_ACCESS on the catalog.")
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

  private ArrayNode catalogRoles(String principalRole) {
    return ManagementJson.array(
        store.catalogRolesOf(principalRole).stream()
            .sorted(Comparator.comparing(CatalogRole::catalog).thenComparing(CatalogRole::name))
            .map(ManagementJson::catalogRole)
            .toList());
  }

  private PrincipalRoleRecord existing(String name) {
    return store.principalRole(name).orElseThrow(() -> new NotFoundException("Principal role does not exist: %s", name));
  }
}
