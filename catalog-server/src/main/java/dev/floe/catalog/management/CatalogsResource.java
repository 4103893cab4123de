package dev.floe.catalog.management;

import dev.floe.catalog.handler.AuditedChanges;

import static dev.floe.catalog.management.ManagementJson.JSON;
import static dev.floe.catalog.management.ManagementJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.policy.Operation;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Catalogs (warehouses), their catalog roles and the grants those hold, and the metrics reports
 * engines sent. Every endpoint authorizes first and records its changes in the audit trail.
 */
@Path("/api/management/v1/catalogs")
@Tag(name = "catalogs", description = "Catalogs, catalog roles and grants")
public class CatalogsResource {
  private static final int MAX_REPORTS = 1000;

  private final CatalogRegistry registry;
  private final Metastore metastore;
  private final PostgresAccessStore store;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  @Inject
  public CatalogsResource(CatalogRegistry registry, Metastore metastore, PostgresAccessStore store, AccessGuard guard, AuditedChanges changes) {
    this.registry = registry;
    this.metastore = metastore;
    this.store = store;
    this.guard = guard;
    this.changes = changes;
  }

  // ---------------------------------------------------------------- catalogs

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List the catalogs the caller may see",
      description = "Service administrators see every catalog; others the catalogs they hold any privilege in.")
  public Response listCatalogs() {
    guard.authorize(Operation.LIST_CATALOGS);
    List<CatalogRecord> visible =
        guard.filter(Operation.LIST_CATALOGS, registry.list(), catalog -> Target.of(Securable.catalog(catalog.name())));
    return json(200, ManagementJson.wrap("catalogs", ManagementJson.array(visible.stream().map(ManagementJson::catalog).toList())));
  }

  @POST
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a catalog",
      description =
          "Body {\"name\", \"storage-root\": \"file:///...\" or \"s3://bucket/prefix\", \"properties\": {...}}; S3 settings"
              + " (s3.endpoint, s3.region, s3.credentials=env:PREFIX, ...) and allowed-locations are properties."
              + " The catalog gets catalog role catalog_admin, assigned to the service administrators. Service administrators only.")
  public Response createCatalog(byte[] body) {
    JsonNode request = ManagementJson.object(body, "catalog request");
    String name = ManagementJson.requiredString(request, "name", "catalog request");
    String storageRoot = ManagementJson.requiredString(request, "storage-root", "catalog request");
    Map<String, String> properties = ManagementJson.stringMap(request, "properties", "catalog request");
    List<Target> targets = List.of(catalogTarget(name));
    guard.authorize(Operation.CREATE_CATALOG, targets);
    CatalogRecord created =
        changes.run(Operation.CREATE_CATALOG, targets, Map.of(), () -> registry.create(name, storageRoot, properties));
    // AuditedChanges refreshes the access store after changes that move grants: the catalog_admin
    // role the database created with the catalog is there before the caller's next request
    return json(201, ManagementJson.catalog(created));
  }

  @GET
  @Path("{catalog}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a catalog", description = "Needs CATALOG_READ_PROPERTIES. Never shows storage keys (only env: references).")
  public Response getCatalog(@PathParam("catalog") String name) {
    authorizeOnCatalog(Operation.GET_CATALOG, name);
    return json(200, ManagementJson.catalog(existing(name)));
  }

  @PATCH
  @Path("{catalog}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Update a catalog's properties",
      description =
          "Body {\"updates\": {...}, \"removals\": [...]}. Storage settings (the storage root, allowed-locations and every"
              + " s3.* property) are fixed at creation and refused here; other properties (for example Iceberg's"
              + " table-default.* and table-override.*) may change. Needs CATALOG_WRITE_PROPERTIES.")
  public Response updateCatalog(@PathParam("catalog") String name, byte[] body) {
    JsonNode request = ManagementJson.object(body, "catalog update");
    Map<String, String> updates = ManagementJson.stringMap(request, "updates", "catalog update");
    List<String> removals = ManagementJson.stringList(request, "removals", "catalog update");
    if (request.has("storage-root")) {
      throw new BadRequestException("Invalid catalog update: the storage root is fixed when the catalog is created");
    }
    List<Target> targets = List.of(catalogTarget(name));
    authorizeOnCatalog(Operation.UPDATE_CATALOG, name);
    CatalogRecord updated =
        changes.run(Operation.UPDATE_CATALOG, targets, Map.of(), () -> registry.updateProperties(name, updates, new HashSet<>(removals)));
    return json(200, ManagementJson.catalog(updated));
  }

  @DELETE
  @Path("{catalog}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop an empty catalog",
      description = "409 while it holds a namespace. Drops its catalog roles and grants. Service administrators only.")
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
  public Response metricsReports(
      @PathParam("catalog") String name,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @QueryParam("limit") String limit) {
    // a String, not an Integer: JAX-RS answers a parameter it cannot convert with a bare 404
    int count = 100;
    if (limit != null && !limit.isEmpty()) {
      try {
        count = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 1 || count > MAX_REPORTS) {
        throw new BadRequestException("Invalid limit: %s (expected 1 to %d)", limit, MAX_REPORTS);
      }
    }
    TableIdentifier identifier = TableIdentifier.of(NamespacePaths.namespace(namespace), table);
    guard.authorize(
        Operation.LIST_METRICS_REPORTS,
        Target.of(Securable.table(name, List.of(identifier.namespace().levels()), identifier.name())));
    FloeCatalog catalog = registry.catalog(name);
    ArrayNode reports = JSON.createArrayNode();
    for (Map<String, Object> report : metastore.listMetricsReports(catalog.record().id(), identifier, count)) {
      ObjectNode node = JSON.createObjectNode();
      node.put("id", (Long) report.get("id"));
      node.put("report-type", (String) report.get("report-type"));
      node.put("received-at", (String) report.get("received-at"));
      try {
        node.set("report", JSON.readTree((String) report.get("report")));
      } catch (IOException e) {
        node.put("report", (String) report.get("report"));
      }
      reports.add(node);
    }
    return json(200, ManagementJson.wrap("reports", reports));
  }

  // ---------------------------------------------------------------- catalog roles

  @GET
  @Path("{catalog}/catalog-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List a catalog's catalog roles", description = "Needs CATALOG_MANAGE_ACCESS.")
  public Response listCatalogRoles(@PathParam("catalog") String catalog) {
    authorizeOnCatalog(Operation.LIST_CATALOG_ROLES, catalog);
    existing(catalog);
    return json(
        200,
        ManagementJson.wrap(
            "catalog-roles", ManagementJson.array(store.catalogRoles(catalog).stream().map(ManagementJson::catalogRole).toList())));
  }

  @POST
  @Path("{catalog}/catalog-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a catalog role", description = "Body {\"name\"}. 409 when it exists. Needs CATALOG_MANAGE_ACCESS.")
  public Response createCatalogRole(@PathParam("catalog") String catalog, byte[] body) {
    JsonNode request = ManagementJson.object(body, "catalog role request");
    String name = ManagementJson.requiredString(request, "name", "catalog role request");
    List<Target> targets = List.of(catalogTarget(catalog));
    authorizeOnCatalog(Operation.CREATE_CATALOG_ROLE, catalog);
    store.checkCatalogRoleName(name);
    CatalogRole role = new CatalogRole(catalog, name);
    changes.run(Operation.CREATE_CATALOG_ROLE, targets, Map.of("catalog-role", name), () -> store.createCatalogRole(role));
    return json(201, ManagementJson.catalogRole(role));
  }

  @GET
  @Path("{catalog}/catalog-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Show a catalog role with its grants", description = "Needs CATALOG_MANAGE_ACCESS.")
  public Response getCatalogRole(@PathParam("catalog") String catalog, @PathParam("role") String name) {
    authorizeOnCatalog(Operation.LIST_CATALOG_ROLES, catalog);
    CatalogRole role = existingRole(catalog, name);
    ObjectNode node = ManagementJson.catalogRole(role);
    node.set("grants", grants(role));
    return json(200, node);
  }

  @DELETE
  @Path("{catalog}/catalog-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Drop a catalog role", description = "Drops its grants and assignments. Needs CATALOG_MANAGE_ACCESS.")
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
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List a catalog role's grants", description = "Needs CATALOG_MANAGE_ACCESS.")
  public Response listGrants(@PathParam("catalog") String catalog, @PathParam("role") String name) {
    authorizeOnCatalog(Operation.LIST_GRANTS, catalog);
    return json(200, ManagementJson.wrap("grants", grants(existingRole(catalog, name))));
  }

  @POST
  @Path("{catalog}/catalog-roles/{role}/grants")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Grant a privilege on a securable to a catalog role",
      description =
          "Body {\"privilege\": \"TABLE_READ_DATA\", \"securable\": {\"type\": \"table\", \"namespace\": [\"sales\"], \"name\": \"orders\"}}"
              + " or with \"securable\": {\"type\", \"path\": [catalog, levels..., name]}. 400 when the privilege cannot be"
              + " granted on that type. The grant is bound to the namespace, table or view (it follows a rename and is"
              + " dropped with the object); 404 when the object does not exist, unless \"allow-missing\": true, which"
              + " stores the grant pending (\"pending\": true, granting nothing) until an object of that kind is created"
              + " under that name. 201 when new, 200 when the role already held it. Needs CATALOG_MANAGE_ACCESS.")
  public Response grant(@PathParam("catalog") String catalog, @PathParam("role") String name, byte[] body) {
    GrantRequest request = grantRequest(catalog, body, "grant request");
    List<Target> targets = List.of(Target.of(request.securable()));
    authorizeInCatalog(Operation.GRANT, targets.get(0), catalog);
    CatalogRole role = catalogRole(catalog, name);
    dev.floe.catalog.access.GrantResult result =
        changes.run(Operation.GRANT,
            targets,
            Map.of("catalog-role", name, "privilege", request.privilege().name(), "allow-missing", String.valueOf(request.allowMissing())),
            () -> store.grant(role, request.privilege(), request.securable(), request.allowMissing()));
    return json(
        result.created() ? 201 : 200,
        ManagementJson.grant(new Grant(name, request.privilege(), request.securable()), result.pending()));
  }

  @POST
  @Path("{catalog}/catalog-roles/{role}/grants/revoke")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Revoke a grant from a catalog role",
      description =
          "Body as for granting. Revokes the grant bound to the object now of that name and a pending grant for that name."
              + " 204 when revoked, 404 when the role held neither. Needs CATALOG_MANAGE_ACCESS.")
  public Response revoke(@PathParam("catalog") String catalog, @PathParam("role") String name, byte[] body) {
    GrantRequest request = grantRequest(catalog, body, "revoke request");
    List<Target> targets = List.of(Target.of(request.securable()));
    authorizeInCatalog(Operation.REVOKE, targets.get(0), catalog);
    CatalogRole role = catalogRole(catalog, name);
    changes.run(Operation.REVOKE,
        targets,
        Map.of("catalog-role", name, "privilege", request.privilege().name()),
        () -> {
          if (!store.revoke(role, request.privilege(), request.securable())) {
            throw new NotFoundException(
                "Catalog role %s does not hold %s on %s", name, request.privilege(), request.securable());
          }
        });
    return Response.noContent().build();
  }

  /**
   * A grant request: the privilege and the securable (in catalog {@code catalog}), validated, and
   * whether a missing securable makes a pending grant instead of a 404 ({@code allow-missing}).
   */
  public record GrantRequest(Privilege privilege, Securable securable, boolean allowMissing) {}

  /** Parses and validates a grant or revoke body; 400 names what is wrong. */
  public static GrantRequest grantRequest(String catalog, byte[] body, String what) {
    JsonNode request = ManagementJson.object(body, what);
    Privilege privilege = ManagementJson.privilege(ManagementJson.requiredString(request, "privilege", what));
    Securable securable = ManagementJson.securable(request.get("securable"), Optional.of(catalog), what);
    if (!privilege.isGrantableOn(securable.type())) {
      throw new BadRequestException(
          "Invalid %s: privilege %s cannot be granted on a %s", what, privilege, securable.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    boolean allowMissing = ManagementJson.optionalBoolean(request, "allow-missing", what).orElse(false);
    return new GrantRequest(privilege, securable, allowMissing);
  }

  // ---------------------------------------------------------------- helpers

  private ArrayNode grants(CatalogRole role) {
    List<JsonNode> bound = store.grantsOf(role).stream().sorted(Grant.ORDER).map(grant -> (JsonNode) ManagementJson.grant(grant, false)).toList();
    List<JsonNode> pending =
        store.pendingGrantsOf(role).stream().sorted(Grant.ORDER).map(grant -> (JsonNode) ManagementJson.grant(grant, true)).toList();
    return ManagementJson.array(java.util.stream.Stream.concat(bound.stream(), pending.stream()).toList());
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
