package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.handler.PiiManagement;
import dev.floe.catalog.management.api.PiiScanRequest;
import dev.floe.catalog.management.api.PiiScanResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** PII scans: background jobs that sample tables and propose PII tags for their columns. */
@Path("/api/management/v1/catalogs/{catalog}/pii-scans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class PiiScansResource {
  private final PiiManagement pii;

  @Inject
  public PiiScansResource(PiiManagement pii) {
    this.pii = pii;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Start a PII scan",
      description =
          "Samples one table, or every table of a namespace, in the background and proposes PII tags for their columns"
              + " (see pii-proposals). Answers at once with the job. Jobs are kept in the memory of the node that runs"
              + " them. Needs CATALOG_MANAGE_POLICIES: reading data to classify it is a policy task.")
  @APIResponse(responseCode = "202", description = "Started", content = @Content(schema = @Schema(implementation = PiiScanResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response start(@PathParam("catalog") String catalog, PiiScanRequest request) {
    PiiScanRequest body = Requests.present(request, PiiScanRequest.class);
    PiiScanResponse job = PiiScanResponse.of(pii.startScan(body.securable(catalog)));
    return Response.status(Response.Status.ACCEPTED).entity(job).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Show a PII scan", description = "Its status (running, done, failed) and progress. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The scan", content = @Content(schema = @Schema(implementation = PiiScanResponse.class)))
  public PiiScanResponse get(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return PiiScanResponse.of(pii.scan(catalog, id));
  }
}
