package dev.floe.catalog.management;

import dev.floe.catalog.handler.AuditedChanges;

import static dev.floe.catalog.management.ManagementJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.access.Credentials;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.policy.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service principals: create (credentials shown once), rotate, disable, drop; their principal roles. */
@Path("/api/management/v1/principals")
@Tag(name = "principals", description = "Principals and their principal roles; service administrators only")
public class PrincipalsResource {
  private final PostgresAccessStore store;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  @Inject
  public PrincipalsResource(PostgresAccessStore store, AccessGuard guard, AuditedChanges changes) {
    this.store = store;
    this.guard = guard;
    this.changes = changes;
  }

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List principals", description = "Never shows secrets or their hashes.")
  public Response list() {
    guard.authorize(Operation.LIST_PRINCIPALS);
    return json(200, ManagementJson.wrap("principals", ManagementJson.array(store.principals().stream().map(ManagementJson::principal).toList())));
  }

  @POST
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a service principal",
      description =
          "Body {\"name\", \"properties\": {...}}. The answer holds \"credentials\": {\"client-id\", \"client-secret\"}: the only"
              + " time the secret is shown (Floe stores a PBKDF2 hash). 409 when the name exists.")
  public Response create(byte[] body) {
    JsonNode request = ManagementJson.object(body, "principal request");
    String name = ManagementJson.requiredString(request, "name", "principal request");
    Map<String, String> properties = ManagementJson.stringMap(request, "properties", "principal request");
    guard.authorize(Operation.CREATE_PRINCIPAL);
    store.checkPrincipalName(name);
    Credentials credentials =
        changes.run(Operation.CREATE_PRINCIPAL, List.of(), Map.of("principal", name), () -> store.createPrincipal(name, properties));
    ObjectNode node = ManagementJson.principal(existing(name));
    node.set("credentials", credentials(credentials));
    return json(201, node);
  }

  @GET
  @Path("{principal}")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Show a principal")
  public Response get(@PathParam("principal") String name) {
    guard.authorize(Operation.LIST_PRINCIPALS);
    return json(200, ManagementJson.principal(existing(name)));
  }

  @PATCH
  @Path("{principal}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Disable or enable a principal",
      description = "Body {\"disabled\": true|false}. A disabled principal is denied everything and gets no tokens.")
  public Response update(@PathParam("principal") String name, byte[] body) {
    JsonNode request = ManagementJson.object(body, "principal update");
    Boolean disabled =
        ManagementJson.optionalBoolean(request, "disabled", "principal update")
            .orElseThrow(() -> new BadRequestException("Invalid principal update: missing disabled"));
    guard.authorize(Operation.UPDATE_PRINCIPAL);
    changes.run(Operation.UPDATE_PRINCIPAL, List.of(), Map.of("principal", name, "disabled", disabled.toString()),
        () -> store.setDisabled(name, disabled));
    return json(200, ManagementJson.principal(existing(name)));
  }

  @POST
  @Path("{principal}/rotate")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Rotate a service principal's secret",
      description = "Answers {\"client-id\", \"client-secret\"}, the only time the new secret is shown; the old one stops working.")
  public Response rotate(@PathParam("principal") String name) {
    guard.authorize(Operation.UPDATE_PRINCIPAL);
    Credentials credentials =
        changes.run(Operation.UPDATE_PRINCIPAL, List.of(), Map.of("principal", name, "change", "rotate-credentials"),
            () -> store.rotateCredentials(name));
    return json(200, credentials(credentials));
  }

  @DELETE
  @Path("{principal}")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Drop a principal")
  public Response drop(@PathParam("principal") String name) {
    guard.authorize(Operation.DROP_PRINCIPAL);
    if (guard.caller().name().equals(name)) {
      throw new BadRequestException("Invalid request: a principal cannot drop itself (%s)", name);
    }
    changes.run(Operation.DROP_PRINCIPAL, List.of(), Map.of("principal", name), () -> store.dropPrincipal(name));
    return Response.noContent().build();
  }

  @GET
  @Path("{principal}/principal-roles")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List a principal's principal roles")
  public Response listRoles(@PathParam("principal") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    ArrayNode roles =
        ManagementJson.array(
            existing(name).principalRoles().stream()
                .sorted()
                .flatMap(role -> store.principalRole(role).stream())
                .map(ManagementJson::principalRole)
                .toList());
    return json(200, ManagementJson.wrap("principal-roles", roles));
  }

  @PUT
  @Path("{principal}/principal-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Assign a principal role to a principal", description = "201 when new, 200 when it was already assigned.")
  public Response assign(@PathParam("principal") String name, @PathParam("role") String role) {
    guard.authorize(Operation.ASSIGN_PRINCIPAL_ROLE);
    boolean created =
        changes.run(Operation.ASSIGN_PRINCIPAL_ROLE, List.of(), Map.of("principal", name, "principal-role", role),
            () -> store.assignPrincipalRole(name, role));
    return json(created ? 201 : 200, ManagementJson.principal(existing(name)));
  }

  @DELETE
  @Path("{principal}/principal-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Take a principal role from a principal", description = "404 when it was not assigned.")
  public Response unassign(@PathParam("principal") String name, @PathParam("role") String role) {
    guard.authorize(Operation.UNASSIGN_PRINCIPAL_ROLE);
    changes.run(Operation.UNASSIGN_PRINCIPAL_ROLE, List.of(), Map.of("principal", name, "principal-role", role),
        () -> {
          if (!store.unassignPrincipalRole(name, role)) {
            throw new NotFoundException("Principal %s is not a member of principal role %s", name, role);
          }
        });
    return Response.noContent().build();
  }

  private PrincipalRecord existing(String name) {
    return store.principalRecord(name).orElseThrow(() -> new NotFoundException("Principal does not exist: %s", name));
  }

  private static ObjectNode credentials(Credentials credentials) {
    ObjectNode node = ManagementJson.JSON.createObjectNode();
    node.put("client-id", credentials.clientId());
    node.put("client-secret", credentials.secret());
    return node;
  }
}
