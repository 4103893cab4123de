package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.CONFLICT;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.handler.GovernanceManagement;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.catalog.management.api.TagAssignmentRequest;
import dev.floe.catalog.management.api.TagAssignmentResponse;
import dev.floe.catalog.management.api.TagAssignmentsResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** Tags assigned to a catalog's securables and columns. */
@Path("/api/management/v1/catalogs/{catalog}/tag-assignments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class TagAssignmentsResource {
  private final GovernanceManagement governance;

  @Inject
  public TagAssignmentsResource(GovernanceManagement governance) {
    this.governance = governance;
  }

  @GET
  @Operation(
      summary = "List a catalog's tag assignments",
      description =
          "By id. tag filters by name, or by prefix with a trailing * (pii.* is every tag below pii); namespace (levels"
              + " separated by %1F) and table or view keep the assignments on that object. Assignments to columns that were"
              + " dropped are not listed. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The assignments", content = @Content(schema = @Schema(implementation = TagAssignmentsResponse.class)))
  public TagAssignmentsResponse list(
      @PathParam("catalog") String catalog,
      @QueryParam("tag") String tag,
      @QueryParam("namespace") String namespace,
      @QueryParam("table") String table,
      @QueryParam("view") String view) {
    return new TagAssignmentsResponse(
        governance.listAssignments(catalog, Optional.ofNullable(tag), QueryFilters.securable(catalog, namespace, table, view)).stream()
            .map(assignment -> TagAssignmentResponse.of(assignment, null))
            .toList(),
        governance.governanceVersion());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Assign a tag",
      description =
          "To the catalog (no namespace), a namespace, a table or view, or a column (by current name; the assignment follows"
              + " the column's field id through renames). 400 for an unknown tag or column, 404 for a missing object, 409 when"
              + " assigned already. Needs CATALOG_MANAGE_POLICIES, and one of the tag's applier roles when it names any.")
  @APIResponse(responseCode = "201", description = "Assigned", content = @Content(schema = @Schema(implementation = TagAssignmentResponse.class)))
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response assign(@PathParam("catalog") String catalog, TagAssignmentRequest request) {
    TagAssignmentRequest body = Requests.present(request, TagAssignmentRequest.class);
    String tag = body.requiredTag();
    GovernanceViews.Assignment created = governance.assign(body.securable(catalog), body.checkedColumn(), tag);
    return Response.status(Response.Status.CREATED).entity(TagAssignmentResponse.of(created, governance.governanceVersion())).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Show a tag assignment", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The assignment", content = @Content(schema = @Schema(implementation = TagAssignmentResponse.class)))
  public TagAssignmentResponse get(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return TagAssignmentResponse.of(governance.assignment(catalog, QueryFilters.id(id)), governance.governanceVersion());
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Remove a tag assignment", description = "Needs CATALOG_MANAGE_POLICIES, and one of the tag's applier roles when it names any.")
  @APIResponse(responseCode = "204", description = "Removed")
  public Response unassign(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    governance.unassign(catalog, QueryFilters.id(id));
    return Response.noContent().build();
  }
}
