package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;
import static dev.floe.catalog.management.ManagementApi.UNSUPPORTED_MEDIA_TYPE;

import dev.floe.catalog.handler.SchemaContractManagement;
import dev.floe.catalog.management.api.SchemaContractRequest;
import dev.floe.catalog.management.api.SchemaContractResponse;
import dev.floe.catalog.management.api.SchemaContractsResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** Schema contracts on a catalog's namespaces and tables, checked on every commit that changes a schema. */
@Path("/api/management/v1/catalogs/{catalog}/schema-contracts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "governance")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
@APIResponse(responseCode = "404", ref = NOT_FOUND)
public class SchemaContractsResource {
  private final SchemaContractManagement contracts;

  @Inject
  public SchemaContractsResource(SchemaContractManagement contracts) {
    this.contracts = contracts;
  }

  @GET
  @Operation(summary = "List a catalog's schema contracts", description = "By id. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The contracts", content = @Content(schema = @Schema(implementation = SchemaContractsResponse.class)))
  public SchemaContractsResponse list(@PathParam("catalog") String catalog) {
    return new SchemaContractsResponse(contracts.list(catalog).stream().map(SchemaContractResponse::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a schema contract",
      description =
          "On a namespace (and every table below it) or a table. An unknown rule, a value of the wrong kind or an invalid"
              + " pattern is a 400 naming it. Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = SchemaContractResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response create(@PathParam("catalog") String catalog, SchemaContractRequest request) {
    SchemaContractRequest body = Requests.present(request, SchemaContractRequest.class);
    SchemaContractResponse created = SchemaContractResponse.of(contracts.create(body.requiredSecurable(catalog), body.checkedRules()));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Show a schema contract", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The contract", content = @Content(schema = @Schema(implementation = SchemaContractResponse.class)))
  public SchemaContractResponse get(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    return SchemaContractResponse.of(contracts.contract(catalog, QueryFilters.id(id)));
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a schema contract",
      description = "Replaces its rules and raises its version; it stays on its namespace or table (namespace and table may be left out, and must name it when given: 400 otherwise). Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "200", description = "The changed contract", content = @Content(schema = @Schema(implementation = SchemaContractResponse.class)))
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public SchemaContractResponse update(@PathParam("catalog") String catalog, @PathParam("id") String id, SchemaContractRequest request) {
    SchemaContractRequest body = Requests.present(request, SchemaContractRequest.class);
    return SchemaContractResponse.of(contracts.update(catalog, QueryFilters.id(id), body.optionalSecurable(catalog), body.checkedRules()));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Drop a schema contract", description = "Needs CATALOG_MANAGE_POLICIES.")
  @APIResponse(responseCode = "204", description = "Dropped")
  public Response drop(@PathParam("catalog") String catalog, @PathParam("id") String id) {
    contracts.drop(catalog, QueryFilters.id(id));
    return Response.noContent().build();
  }
}
