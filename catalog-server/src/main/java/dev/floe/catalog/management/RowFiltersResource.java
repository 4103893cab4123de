package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.handler.GovernanceManagement;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.catalog.management.api.RowFilterRequest;
import dev.floe.catalog.management.api.RowFilterResponse;
import dev.floe.catalog.management.api.RowFiltersResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Row filters on a catalog's tables. */
@Path("/api/management/v1/catalogs/{catalog}/row-filters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class RowFiltersResource {
  private final GovernanceManagement governance;

  @Inject
  public RowFiltersResource(GovernanceManagement governance) {
    this.governance = governance;
  }

  @GET
  @Operation(
      summary = "List a catalog's row filters",
      description = "By id; namespace (levels separated by %1F) and table keep one table's. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The row filters", content = @Content(schema = @Schema(implementation = RowFiltersResponse.class)))
  public RowFiltersResponse list(@PathParam("catalog") String catalog, @QueryParam("namespace") String namespace, @QueryParam("table") String table) {
    return new RowFiltersResponse(
        governance.listRowFilters(catalog, QueryFilters.securable(catalog, namespace, table, null)).stream()
            .map(filter -> RowFilterResponse.of(filter, null))
            .toList(),
        governance.governanceVersion());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a row filter",
      description =
          "The expression is checked against the table's current schema (400 naming the problem, with line:column for a"
              + " syntax error) and stored by field id. Principal roles and principals of the audience must exist. Needs"
              + " CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = RowFilterResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response create(@PathParam("catalog") String catalog, RowFilterRequest request) {
    RowFilterRequest body = Requests.present(request, RowFilterRequest.class);
    GovernanceViews.RowFilter created = governance.createRowFilter(body.requiredTable(catalog), body.requiredExpression(), body.checkedAudience());
    return Response.status(Response.Status.CREATED).entity(RowFilterResponse.of(created, governance.governanceVersion())).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Show a row filter", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The row filter", content = @Content(schema = @Schema(implementation = RowFilterResponse.class)))
  public RowFilterResponse get(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return RowFilterResponse.of(governance.rowFilter(catalog, QueryFilters.id(id)), governance.governanceVersion());
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a row filter",
      description = "Replaces its expression and audience and raises its version; namespace and table may be left out (a filter stays on its table). Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The changed filter", content = @Content(schema = @Schema(implementation = RowFilterResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public RowFilterResponse update(@PathParam("catalog") String catalog, @PathParam("id") String id, RowFilterRequest request) {
    RowFilterRequest body = Requests.present(request, RowFilterRequest.class);
    long filterId = QueryFilters.id(id);
    return RowFilterResponse.of(
        governance.updateRowFilter(catalog, filterId, body.optionalTable(catalog), body.requiredExpression(), body.checkedAudience()),
        governance.governanceVersion());
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Drop a row filter", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "204", description = "Dropped")
  public Response drop(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    governance.dropRowFilter(catalog, QueryFilters.id(id));
    return Response.noContent().build();
  }
}
