package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.catalog.audit.AuditCheckpoints;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.management.api.ChainVerificationResponse;
import dev.floe.catalog.management.api.CheckpointResponse;
import dev.floe.policy.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit hash chain, for service administrators: {@code GET .../audit/chain/verification}
 * walks every record and checkpoint; {@code POST .../audit/chain/checkpoints} signs the current
 * head now.
 */
@Path("/api/management/v1/audit/chain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "The audit trail; service administrators only")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class AuditChainResource {
  private final AccessGuard accessGuard;
  private final AuditCheckpoints checkpoints;

  @Inject
  public AuditChainResource(AccessGuard accessGuard, AuditCheckpoints checkpoints) {
    this.accessGuard = accessGuard;
    this.checkpoints = checkpoints;
  }

  @GET
  @Path("verification")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Verify the audit chain",
      description =
          "Walks every record in sequence order and every signed checkpoint, and names the first changed, deleted,"
              + " inserted, reordered, truncated or rewritten record. Checkpoints verify with the server's signing key and"
              + " the configured earlier keys; for verification that trusts nothing in the server, run scripts/audit-verify.sh"
              + " with the public key kept outside. Needs LIST_AUDIT_EVENTS (service administrators).")
  @APIResponse(
      responseCode = "200",
      description = "What verification found (verified or not)",
      content = @Content(schema = @Schema(implementation = ChainVerificationResponse.class)))
  public ChainVerificationResponse verify() {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    return ChainVerificationResponse.of(checkpoints.verify());
  }

  @POST
  @Path("checkpoints")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Sign a checkpoint of the chain's head now",
      description =
          "Checkpoints are signed on their own every floe.audit.chain.checkpoint-every-records records or"
              + " checkpoint-interval; this seals the tail now (before an export, say). 201 with the new checkpoint, or 204"
              + " when a checkpoint covers the head already. Needs LIST_AUDIT_EVENTS (service administrators).")
  @APIResponse(
      responseCode = "201",
      description = "The checkpoint signed",
      content = @Content(schema = @Schema(implementation = CheckpointResponse.class)))
  @APIResponse(responseCode = "204", description = "The head is covered by a checkpoint already")
  public Response checkpoint() {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    return checkpoints
        .checkpointNow()
        .map(checkpoint -> Response.status(Response.Status.CREATED).entity(CheckpointResponse.of(checkpoint)).build())
        .orElseGet(() -> Response.noContent().build());
  }
}
