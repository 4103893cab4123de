package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.handler.GovernanceManagement;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.catalog.management.api.ColumnMaskRequest;
import dev.floe.catalog.management.api.ColumnMaskResponse;
import dev.floe.catalog.management.api.ColumnMasksResponse;
import dev.floe.catalog.management.api.MaskModel;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Column masks of a catalog: on one column of a table, or on every column carrying a tag. */
@Path("/api/management/v1/catalogs/{catalog}/column-masks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class ColumnMasksResource {
  private final GovernanceManagement governance;

  @Inject
  public ColumnMasksResource(GovernanceManagement governance) {
    this.governance = governance;
  }

  @GET
  @Operation(
      summary = "List a catalog's column masks",
      description =
          "By id; namespace (levels separated by %1F) and table keep the masks on that table's columns, tag (a name, or a"
              + " prefix with a trailing *) the masks on matching tags. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The column masks", content = @Content(schema = @Schema(implementation = ColumnMasksResponse.class)))
  public ColumnMasksResponse list(
      @PathParam("catalog") String catalog, @QueryParam("namespace") String namespace, @QueryParam("table") String table, @QueryParam("tag") String tag) {
    return new ColumnMasksResponse(
        governance.listColumnMasks(catalog, QueryFilters.securable(catalog, namespace, table, null), Optional.ofNullable(tag)).stream()
            .map(mask -> ColumnMaskResponse.of(mask, null))
            .toList(),
        governance.governanceVersion());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a column mask",
      description =
          "On {namespace, table, column} (resolved to the column's field id) or on {tag}. A mask the column's type cannot"
              + " take, an unknown column or tag, and an unknown principal role or principal in the audience are refused"
              + " (400). Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = ColumnMaskResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response create(@PathParam("catalog") String catalog, ColumnMaskRequest request) {
    GovernanceViews.ColumnMask created = save(catalog, Optional.empty(), request);
    return Response.status(Response.Status.CREATED).entity(ColumnMaskResponse.of(created, governance.governanceVersion())).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Show a column mask", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The column mask", content = @Content(schema = @Schema(implementation = ColumnMaskResponse.class)))
  public ColumnMaskResponse get(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return ColumnMaskResponse.of(governance.columnMask(catalog, QueryFilters.id(id)), governance.governanceVersion());
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a column mask", description = "Target, mask and audience as for creating; raises its version. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The changed mask", content = @Content(schema = @Schema(implementation = ColumnMaskResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public ColumnMaskResponse update(@PathParam("catalog") String catalog, @PathParam("id") String id, ColumnMaskRequest request) {
    return ColumnMaskResponse.of(save(catalog, Optional.of(QueryFilters.id(id)), request), governance.governanceVersion());
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Drop a column mask", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "204", description = "Dropped")
  public Response drop(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    governance.dropColumnMask(catalog, QueryFilters.id(id));
    return Response.noContent().build();
  }

  private GovernanceViews.ColumnMask save(String catalog, Optional<Long> id, ColumnMaskRequest request) {
    ColumnMaskRequest body = Requests.present(request, ColumnMaskRequest.class);
    MaskModel mask = body.requiredMask();
    return governance.saveColumnMask(catalog, id, body.requiredTarget().toInput(catalog), mask::toMask, body.checkedAudience());
  }
}
