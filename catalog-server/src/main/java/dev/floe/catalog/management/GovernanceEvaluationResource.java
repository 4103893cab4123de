package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.auth.CurrentCaller;
import dev.floe.catalog.governance.GovernanceEvaluation;
import dev.floe.catalog.json.FloeJson;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
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
 * The governance evaluation for engines: {@code POST /api/governance/v1/evaluate} with an {@link
 * EvaluationRequest}, answered with an {@link EvaluationResponse} (policy-api records, Jackson's
 * default names). Decodes and encodes; {@link GovernanceEvaluation} does the work.
 */
@Path("/api/governance/v1/evaluate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance", description = "Row filters, column masks and visible columns for engines")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class GovernanceEvaluationResource {
  private final GovernanceEvaluation evaluation;
  private final CurrentCaller caller;

  @Inject
  public GovernanceEvaluationResource(GovernanceEvaluation evaluation, CurrentCaller caller) {
    this.evaluation = evaluation;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Evaluate governance for an identity and tables",
      description =
          "For each table: whether the identity may select from it, which asked columns it sees, the row filter and one mask per"
              + " masked column as Trino SQL over the current column names, and the policies that decided. Anyone may ask about"
              + " itself (its own groups and roles are used); only trusted engines and service administrators may ask about another"
              + " identity (403 otherwise). A table that cannot be read or evaluated is answered denied, never as an error.")
  @RequestBody(content = @Content(schema = @Schema(implementation = EvaluationRequest.class)))
  @APIResponse(responseCode = "200", description = "One answer per table, in the order asked", content = @Content(schema = @Schema(implementation = EvaluationResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response evaluate(byte[] body) {
    EvaluationRequest request = ManagementJsonProvider.read(body, EvaluationRequest.class);
    return json(evaluation.evaluate(caller.get(), request));
  }

  /** A policy-api record as the answer's body. */
  static Response json(Object value) {
    try {
      return Response.ok(FloeJson.mapper().writeValueAsBytes(value), MediaType.APPLICATION_JSON_TYPE).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }
}
