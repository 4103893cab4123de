package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.CONFLICT;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.governance.TagRecord;
import dev.floe.catalog.handler.GovernanceManagement;
import dev.floe.catalog.management.api.TagRequest;
import dev.floe.catalog.management.api.TagResponse;
import dev.floe.catalog.management.api.TagsResponse;
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
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Classification tag definitions, service-wide. */
@Path("/api/management/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance", description = "Tags, tag assignments, row filters and column masks")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class TagsResource {
  private final GovernanceManagement governance;

  @Inject
  public TagsResource(GovernanceManagement governance) {
    this.governance = governance;
  }

  @GET
  @Operation(summary = "List the tag definitions", description = "Any authenticated caller. The default PII tags (pii, pii.email, ...) exist from the start.")
  @APIResponse(responseCode = "200", description = "The tags", content = @Content(schema = @Schema(implementation = TagsResponse.class)))
  public TagsResponse listTags() {
    return new TagsResponse(
        governance.listTags().stream().map(tag -> TagResponse.of(tag, governance.governanceVersion())).toList(), governance.governanceVersion());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Define a tag",
      description = "A child tag (pii.passport) needs its parent (pii). Applier roles must be existing principal roles. Service administrators only.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = TagResponse.class)))
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response createTag(TagRequest request) {
    TagRequest body = Requests.present(request, TagRequest.class);
    TagRecord created = governance.createTag(body.requiredName(), body.checkedDescription(), body.checkedApplierRoles());
    return Response.status(Response.Status.CREATED).entity(TagResponse.of(created, governance.governanceVersion())).build();
  }

  @GET
  @Path("{name}")
  @Operation(summary = "Show a tag definition", description = "Any authenticated caller.")
  @APIResponse(responseCode = "200", description = "The tag", content = @Content(schema = @Schema(implementation = TagResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public TagResponse getTag(@PathParam("name") String name) {
    return TagResponse.of(governance.tag(name), governance.governanceVersion());
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a tag's description and applier roles",
      description = "Replaces both (absent: empty) and raises the tag's version; a tag cannot be renamed. Service administrators only.")
  @APIResponse(responseCode = "200", description = "The changed tag", content = @Content(schema = @Schema(implementation = TagResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public TagResponse updateTag(@PathParam("name") String name, TagRequest request) {
    TagRequest body = Requests.present(request, TagRequest.class);
    body.checkName(name);
    return TagResponse.of(governance.updateTag(name, body.checkedDescription(), body.checkedApplierRoles()), governance.governanceVersion());
  }

  @DELETE
  @Path("{name}")
  @Operation(
      summary = "Drop a tag definition",
      description =
          "409 while a child tag is defined, and while the tag is assigned or a column mask is on it, unless force=true, which"
              + " drops those assignments and masks with it. Service administrators only.")
  @APIResponse(responseCode = "204", description = "Dropped")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "409", ref = CONFLICT)
  public Response dropTag(@PathParam("name") String name, @QueryParam("force") String force) {
    governance.dropTag(name, flag(force));
    return Response.noContent().build();
  }

  private static boolean flag(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new BadRequestException("Invalid force: expected true or false, got %s", value);
  }
}
