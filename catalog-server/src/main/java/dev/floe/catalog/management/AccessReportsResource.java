package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.auth.CurrentCaller;
import dev.floe.catalog.governance.AccessReportIntake;
import dev.floe.catalog.management.api.AccessReportsAccepted;
import dev.floe.policy.governance.api.AccessReportBatch;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Engines' access reports: {@code POST /api/governance/v1/access-reports} with an {@link
 * AccessReportBatch}; each table read becomes a {@code DATA_ACCESS} audit event. Decodes and
 * encodes; {@link AccessReportIntake} does the work.
 */
@Path("/api/governance/v1/access-reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance", description = "Row filters, column masks and visible columns for engines")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class AccessReportsResource {
  private final AccessReportIntake intake;
  private final CurrentCaller caller;

  @Inject
  public AccessReportsResource(AccessReportIntake intake, CurrentCaller caller) {
    this.intake = intake;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Report what users read through an engine",
      description =
          "Trusted engines (and service administrators) only. Each table of each finished query becomes one DATA_ACCESS audit"
              + " event: the user as principal, the columns read raw and masked, the masks and row filters applied, the query id.")
  @RequestBody(content = @Content(schema = @Schema(implementation = AccessReportBatch.class)))
  @APIResponse(
      responseCode = "202",
      description = "Recorded; the answer says how many audit events",
      content = @Content(schema = @Schema(implementation = AccessReportsAccepted.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response report(byte[] body) {
    AccessReportBatch batch = ManagementJsonProvider.read(body, AccessReportBatch.class);
    int events = intake.record(caller.get(), batch);
    return Response.status(Response.Status.ACCEPTED).entity(new AccessReportsAccepted(events)).type(MediaType.APPLICATION_JSON_TYPE).build();
  }
}
