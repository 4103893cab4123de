package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.catalog.auth.CurrentCaller;
import dev.floe.catalog.governance.GovernanceEvaluation;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.governance.api.TableEvaluation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * "What would alice see of sales.orders?": {@code GET
 * /api/management/v1/catalogs/{catalog}/namespaces/{namespace}/tables/{table}/effective-access?user=alice&group=analysts},
 * the governance evaluation of every column of the table's current schema for that identity, under
 * the evaluation's rule (anyone about itself; trusted engines and service administrators about
 * anyone).
 */
@Path("/api/management/v1/catalogs/{catalog}/namespaces/{namespace}/tables/{table}/effective-access")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance", description = "Row filters, column masks and visible columns for engines")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class EffectiveAccessResource {
  private final GovernanceEvaluation evaluation;
  private final CurrentCaller caller;

  @Inject
  public EffectiveAccessResource(GovernanceEvaluation evaluation, CurrentCaller caller) {
    this.evaluation = evaluation;
    this.caller = caller;
  }

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "What an identity sees of a table",
      description =
          "Namespace levels separated by %1F. user defaults to the caller; group may be repeated. Answers whether the user may"
              + " select, every column's visibility, the row filter and masks (Trino SQL) and the policies that decided.")
  @APIResponse(responseCode = "200", description = "The evaluation of every column", content = @Content(schema = @Schema(implementation = TableEvaluation.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response effectiveAccess(
      @PathParam("catalog") String catalog,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @QueryParam("user") String user,
      @QueryParam("group") List<String> groups) {
    Namespace levels = NamespacePaths.namespace(namespace);
    if (levels.isEmpty()) {
      throw new BadRequestException("Invalid effective-access request: namespace is empty");
    }
    String asked = user == null || user.isEmpty() ? caller.get().name() : user;
    Set<String> askedGroups = new LinkedHashSet<>();
    if (groups != null) {
      for (String group : groups) {
        if (group == null || group.isBlank()) {
          throw new BadRequestException("Invalid effective-access request: group is empty");
        }
        askedGroups.add(group);
      }
    }
    TableEvaluation answer =
        evaluation.effectiveAccess(caller.get(), catalog, List.of(levels.levels()), table, asked, askedGroups);
    return GovernanceEvaluationResource.json(answer);
  }
}
