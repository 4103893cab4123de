package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.catalog.handler.PiiManagement;
import dev.floe.catalog.management.api.PiiProposalResponse;
import dev.floe.catalog.management.api.PiiProposalsResponse;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.catalog.pii.PiiProposalRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The PII tags scans proposed for columns, and their acceptance or rejection. */
@Path("/api/management/v1/catalogs/{catalog}/pii-proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class PiiProposalsResource {
  private final PiiManagement pii;

  @Inject
  public PiiProposalsResource(PiiManagement pii) {
    this.pii = pii;
  }

  @GET
  @Operation(
      summary = "List PII proposals",
      description =
          "By id, optionally of one status (proposed, accepted, rejected), namespace (levels separated by %1F) and table."
              + " Counts only, never a sampled value. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The proposals", content = @Content(schema = @Schema(implementation = PiiProposalsResponse.class)))
  public PiiProposalsResponse list(
      @PathParam("catalog") String catalog,
      @QueryParam("status") String status,
      @QueryParam("namespace") String namespace,
      @QueryParam("table") String table) {
    Optional<PiiProposalRecord.Status> wanted = Optional.empty();
    if (status != null) {
      wanted = Optional.of(PiiProposalRecord.Status.of(status)
          .orElseThrow(() -> new BadRequestException("Invalid filter: status is proposed, accepted or rejected, got '%s'", status)));
    }
    if (table != null && namespace == null) {
      throw new BadRequestException("Invalid filter: table needs its namespace");
    }
    Optional<Namespace> inNamespace = Optional.ofNullable(namespace).map(NamespacePaths::namespace);
    return new PiiProposalsResponse(
        pii.proposals(catalog, wanted, inNamespace, Optional.ofNullable(table)).stream().map(PiiProposalResponse::of).toList());
  }

  @POST
  @Path("{id}/accept")
  @Operation(
      summary = "Accept a PII proposal",
      description =
          "Assigns the proposed tag to the column, as a tag assignment by the caller (needs what assigning the tag needs:"
              + " CATALOG_MANAGE_POLICIES and one of the tag's applier roles, if it names any). Audited. A proposal already"
              + " decided is a 400.")
  @APIResponse(responseCode = "200", description = "The accepted proposal", content = @Content(schema = @Schema(implementation = PiiProposalResponse.class)))
  public PiiProposalResponse accept(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return PiiProposalResponse.of(pii.accept(catalog, QueryFilters.id(id)));
  }

  @POST
  @Path("{id}/reject")
  @Operation(
      summary = "Reject a PII proposal",
      description =
          "The tag is not proposed again for the column unless the evidence changes (a confidence higher by 0.1, or another"
              + " snapshot with more matching samples). Audited. Needs CATALOG_MANAGE_POLICIES. A proposal already decided is a 400.")
  @APIResponse(responseCode = "200", description = "The rejected proposal", content = @Content(schema = @Schema(implementation = PiiProposalResponse.class)))
  public PiiProposalResponse reject(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return PiiProposalResponse.of(pii.reject(catalog, QueryFilters.id(id)));
  }
}
