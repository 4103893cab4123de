package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.CONFLICT;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.access.Credentials;
import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalRecord;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.handler.AuditedChanges;
import dev.floe.catalog.management.api.CredentialsResponse;
import dev.floe.catalog.management.api.PrincipalRequest;
import dev.floe.catalog.management.api.PrincipalResponse;
import dev.floe.catalog.management.api.PrincipalRoleResponse;
import dev.floe.catalog.management.api.PrincipalRolesResponse;
import dev.floe.catalog.management.api.PrincipalUpdate;
import dev.floe.catalog.management.api.PrincipalsResponse;
import dev.floe.policy.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service principals: create (credentials shown once), rotate, disable, drop; their principal roles. */
@Path("/api/management/v1/principals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "principals", description = "Principals and their principal roles; service administrators only")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class PrincipalsResource {
  /** {@code /api/management/v1/principals/{principal}} as a JSON pointer into the document's paths. */
  static final String PRINCIPAL_PATH = "#/paths/~1api~1management~1v1~1principals~1{principal}";

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
  @APIResponse(responseCode = "200", description = "The principals", content = @Content(schema = @Schema(implementation = PrincipalsResponse.class)))
  public PrincipalsResponse list() {
    guard.authorize(Operation.LIST_PRINCIPALS);
    return new PrincipalsResponse(store.principals().stream().map(PrincipalResponse::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Create a service principal",
      description =
          "The answer holds credentials (client-id, client-secret): the only time the secret is shown (Floe stores a PBKDF2"
              + " hash). 409 when the name exists.")
  @APIResponse(
      responseCode = "201",
      description = "Created, with its credentials",
      content = @Content(schema = @Schema(implementation = PrincipalResponse.class)),
      // the principal's paths take its name, not its id
      links = {
        @Link(
            name = "GetPrincipal",
            operationRef = PRINCIPAL_PATH + "/get",
            parameters = @LinkParameter(name = "principal", expression = "$response.body#/name")),
        @Link(
            name = "GetPrincipalRoles",
            operationRef = PRINCIPAL_PATH + "~1principal-roles/get",
            parameters = @LinkParameter(name = "principal", expression = "$response.body#/name"))
      })
  @APIResponse(responseCode = "409", ref = CONFLICT)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response create(PrincipalRequest request) {
    PrincipalRequest body = Requests.present(request, PrincipalRequest.class);
    String name = body.requiredName();
    Map<String, String> properties = body.checkedProperties();
    guard.authorize(Operation.CREATE_PRINCIPAL);
    store.checkPrincipalName(name);
    Credentials credentials =
        changes.run(Operation.CREATE_PRINCIPAL, List.of(), Map.of("principal", name), () -> store.createPrincipal(name, properties));
    PrincipalResponse created = PrincipalResponse.of(existing(name)).withCredentials(CredentialsResponse.of(credentials));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  @Path("{principal}")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Show a principal")
  @APIResponse(responseCode = "200", description = "The principal", content = @Content(schema = @Schema(implementation = PrincipalResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public PrincipalResponse get(@PathParam("principal") String name) {
    guard.authorize(Operation.LIST_PRINCIPALS);
    return PrincipalResponse.of(existing(name));
  }

  @PATCH
  @Path("{principal}")
  @Consumes(MediaType.APPLICATION_JSON)
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Disable or enable a principal", description = "A disabled principal is denied everything and gets no tokens.")
  @APIResponse(responseCode = "200", description = "The principal", content = @Content(schema = @Schema(implementation = PrincipalResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public PrincipalResponse update(@PathParam("principal") String name, PrincipalUpdate request) {
    boolean disabled = Requests.present(request, PrincipalUpdate.class).requiredDisabled();
    guard.authorize(Operation.UPDATE_PRINCIPAL);
    changes.run(Operation.UPDATE_PRINCIPAL, List.of(), Map.of("principal", name, "disabled", Boolean.toString(disabled)),
        () -> store.setDisabled(name, disabled));
    return PrincipalResponse.of(existing(name));
  }

  @POST
  @Path("{principal}/rotate")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Rotate a service principal's secret",
      description = "Answers the new credentials, the only time the new secret is shown; the old one stops working.")
  @APIResponse(responseCode = "200", description = "The new credentials", content = @Content(schema = @Schema(implementation = CredentialsResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public CredentialsResponse rotate(@PathParam("principal") String name) {
    guard.authorize(Operation.UPDATE_PRINCIPAL);
    Credentials credentials =
        changes.run(Operation.UPDATE_PRINCIPAL, List.of(), Map.of("principal", name, "change", "rotate-credentials"),
            () -> store.rotateCredentials(name));
    return CredentialsResponse.of(credentials);
  }

  @DELETE
  @Path("{principal}")
  @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Drop a principal", description = "A principal cannot drop itself.")
  @APIResponse(responseCode = "204", description = "Dropped")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
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
  @APIResponse(
      responseCode = "200", description = "Its principal roles", content = @Content(schema = @Schema(implementation = PrincipalRolesResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public PrincipalRolesResponse listRoles(@PathParam("principal") String name) {
    guard.authorize(Operation.LIST_PRINCIPAL_ROLES);
    return new PrincipalRolesResponse(
        existing(name).principalRoles().stream()
            .sorted()
            .flatMap(role -> store.principalRole(role).stream())
            .map(PrincipalRoleResponse::of)
            .toList());
  }

  @PUT
  @Path("{principal}/principal-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Assign a principal role to a principal", description = "201 when new, 200 when it was already assigned.")
  @APIResponse(responseCode = "201", description = "Assigned", content = @Content(schema = @Schema(implementation = PrincipalResponse.class)))
  @APIResponse(
      responseCode = "200", description = "It was already assigned", content = @Content(schema = @Schema(implementation = PrincipalResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response assign(@PathParam("principal") String name, @PathParam("role") String role) {
    guard.authorize(Operation.ASSIGN_PRINCIPAL_ROLE);
    boolean created =
        changes.run(Operation.ASSIGN_PRINCIPAL_ROLE, List.of(), Map.of("principal", name, "principal-role", role),
            () -> store.assignPrincipalRole(name, role));
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(PrincipalResponse.of(existing(name))).build();
  }

  @DELETE
  @Path("{principal}/principal-roles/{role}")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Take a principal role from a principal", description = "404 when it was not assigned.")
  @APIResponse(responseCode = "204", description = "Taken")
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
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
}
