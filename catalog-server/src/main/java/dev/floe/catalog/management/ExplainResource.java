package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.management.api.ExplainRequest;
import dev.floe.catalog.management.api.ExplainResponse;
import dev.floe.catalog.management.api.GrantResponse;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "May principal P do operation O on these securables, and through which grants?" */
@Path("/api/management/v1/explain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "explain", description = "Explain an authorization decision")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class ExplainResource {
  private final PostgresAccessStore store;
  private final AccessGuard guard;

  @Inject
  public ExplainResource(PostgresAccessStore store, AccessGuard guard) {
    this.store = store;
    this.guard = guard;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Explain whether a principal may do an operation",
      description =
          "Answers the outcome (ALLOW, DENY or NOT_FOUND), the reason and the grants that allow it, with the principal's roles as"
              + " stored (or the subset principal-roles names). Needs CATALOG_MANAGE_ACCESS on every catalog of the targets;"
              + " operations without targets need a service administrator.")
  @APIResponse(responseCode = "200", description = "The decision", content = @Content(schema = @Schema(implementation = ExplainResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public ExplainResponse explain(ExplainRequest body) {
    ExplainRequest.Checked request = Requests.present(body, ExplainRequest.class).check();
    // the caller must be allowed to read the grants involved
    Set<String> catalogs = new LinkedHashSet<>();
    request.targets().forEach(target -> catalogs.add(target.securable().catalogName()));
    if (catalogs.isEmpty()) {
      guard.authorize(Operation.LIST_PRINCIPALS);
    }
    for (String catalog : catalogs) {
      guard.authorize(Operation.LIST_GRANTS, CatalogsResource.catalogTarget(catalog));
    }
    Optional<PrincipalRecord> stored = store.principalRecord(request.principal());
    PrincipalContext context;
    if (stored.isEmpty()) {
      // a person of the identity provider, known to Floe only by the groups its tokens carry:
      // explained with the principal roles those groups map to, which the request must name
      List<String> asked =
          request.principalRoles()
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "Principal does not exist: %s (for a person of the identity provider, name the principal roles its groups map to in principal-roles)",
                          request.principal()));
      context = new PrincipalContext(new Principal(request.principal(), false), Set.copyOf(asked));
    } else {
      PrincipalRecord principal = stored.get();
      Set<String> roles = principal.principalRoles();
      if (request.principalRoles().isPresent()) {
        for (String role : request.principalRoles().get()) {
          if (!roles.contains(role)) {
            throw new BadRequestException("Invalid explain request: principal %s is not a member of principal role %s", principal.name(), role);
          }
        }
        roles = Set.copyOf(request.principalRoles().get());
      }
      context = new PrincipalContext(new Principal(principal.name(), principal.disabled()), roles);
    }
    Decision decision;
    try {
      decision = guard.explain(context, request.operation(), request.targets());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid explain request: %s", e.getMessage());
    }
    return new ExplainResponse(
        context.principal().name(),
        context.principalRoles().stream().sorted().toList(),
        request.operation().name(),
        decision.outcome().name(),
        decision.reason(),
        decision.grants().stream().map(GrantResponse::of).toList());
  }
}
