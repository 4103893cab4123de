package dev.floe.catalog.management;

import dev.floe.catalog.http.PageSizes;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.management.api.PurgeResponse;
import dev.floe.catalog.management.api.PurgesResponse;
import dev.floe.catalog.purge.PurgeWorker;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The purges of a catalog's dropped tables and where they are: {@code GET
 * /api/management/v1/catalogs/{catalog}/purges}, newest first.
 */
@Path("/api/management/v1/catalogs/{catalog}/purges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalogs", description = "Catalogs, catalog roles and grants")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class PurgeResource {
  private static final int MAX_LIMIT = 1000;

  private final CatalogRegistry registry;
  private final PurgeWorker worker;
  private final AccessGuard guard;

  @Inject
  public PurgeResource(CatalogRegistry registry, PurgeWorker worker, AccessGuard guard) {
    this.registry = registry;
    this.worker = worker;
    this.guard = guard;
  }

  @GET
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List the purges of dropped tables",
      description = "Newest first, with progress (files deleted, skipped, attempts, last error). Needs CATALOG_READ_PROPERTIES.")
  @APIResponse(responseCode = "200", description = "The purges", content = @Content(schema = @Schema(implementation = PurgesResponse.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public PurgesResponse list(
      @PathParam("catalog") String catalog,
      @Parameter(
              name = "limit",
              in = ParameterIn.QUERY,
              description = "How many purges, 1 to 1000 (default 100)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
          @QueryParam("limit")
          String limit) {
    // the dropped tables' names and locations are the catalog's business: who may read its settings
    guard.authorizeExisting(
        Operation.GET_CATALOG, Target.of(Securable.catalog(catalog)), () -> registry.find(catalog).isPresent());
    if (registry.find(catalog).isEmpty()) {
      throw new NoSuchWarehouseException("Warehouse does not exist: %s", catalog);
    }
    int max = PageSizes.parse("limit", limit, 100, MAX_LIMIT);
    return new PurgesResponse(worker.jobs().list(catalog, max).stream().map(PurgeResponse::of).toList());
  }
}
