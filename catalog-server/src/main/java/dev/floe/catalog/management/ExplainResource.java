package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "May principal P do operation O on these securables, and through which grants?" */
@Path("/api/management/v1/explain")
@Tag(name = "explain", description = "Explain an authorization decision")
public class ExplainResource {
  private final PostgresAccessStore store;
  private final AccessGuard guard;

  @Inject
  public ExplainResource(PostgresAccessStore store, AccessGuard guard) {
    this.store = store;
    this.guard = guard;
  }

  @POST
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Explain whether a principal may do an operation",
      description =
          "Body {\"principal\", \"operation\": \"LOAD_TABLE\", \"targets\": [{\"type\": \"table\", \"path\": [\"lakehouse\", \"sales\","
              + " \"orders\"]}], \"principal-roles\": [...] (optional: a subset of the principal's roles, as a token scope would"
              + " narrow them; for a person of the identity provider, who is not stored, the roles its groups map to)}. Answers {\"outcome\": ALLOW|DENY|NOT_FOUND, \"reason\", \"grants\": [...]}, with the principal's"
              + " roles as stored. Needs CATALOG_MANAGE_ACCESS on every catalog of the targets; operations without targets need"
              + " a service administrator.")
  public Response explain(byte[] body) {
    ExplainRequest request = parse(body);
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
    ObjectNode node = ManagementJson.JSON.createObjectNode();
    node.put("principal", context.principal().name());
    node.set("principal-roles", ManagementJson.JSON.valueToTree(context.principalRoles().stream().sorted().toList()));
    node.put("operation", request.operation().name());
    node.put("outcome", decision.outcome().name());
    node.put("reason", decision.reason());
    node.set("grants", ManagementJson.array(decision.grants().stream().map(ManagementJson::grant).toList()));
    return json(200, node);
  }

  /** A parsed explain request. */
  public record ExplainRequest(String principal, Operation operation, List<Target> targets, Optional<List<String>> principalRoles) {}

  /** Parses and validates an explain body; 400 names what is wrong. */
  public static ExplainRequest parse(byte[] body) {
    String what = "explain request";
    JsonNode request = ManagementJson.object(body, what);
    String principal = ManagementJson.requiredString(request, "principal", what);
    String operationName = ManagementJson.requiredString(request, "operation", what);
    Operation operation;
    try {
      operation = Operation.valueOf(operationName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: unknown operation %s; expected one of %s", what, operationName, Arrays.toString(Operation.values()));
    }
    List<Target> targets = new ArrayList<>();
    JsonNode targetsNode = request.get("targets");
    if (targetsNode != null && !targetsNode.isNull()) {
      if (!targetsNode.isArray()) {
        throw new BadRequestException("Invalid %s: targets must be an array of securables", what);
      }
      for (JsonNode target : targetsNode) {
        targets.add(Target.of(ManagementJson.securable(target, Optional.empty(), what)));
      }
    }
    try {
      operation.requirements(targets);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", what, e.getMessage());
    }
    Optional<List<String>> roles =
        request.hasNonNull("principal-roles") ? Optional.of(ManagementJson.stringList(request, "principal-roles", what)) : Optional.empty();
    return new ExplainRequest(principal, operation, targets, roles);
  }
}
