package dev.floe.catalog.purge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.http.PageSizes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * The purges of a catalog's dropped tables and where they are: {@code GET
 * /api/management/v1/catalogs/{catalog}/purges}, newest first.
 */
@Path("/api/management/v1/catalogs/{catalog}/purges")
public class PurgeResource {
  private static final ObjectMapper JSON = FloeJson.mapper();
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
  public Response list(@PathParam("catalog") String catalog, @QueryParam("limit") String limit) {
    // the dropped tables' names and locations are the catalog's business: who may read its settings
    guard.authorizeExisting(
        Operation.GET_CATALOG, Target.of(Securable.catalog(catalog)), () -> registry.find(catalog).isPresent());
    if (registry.find(catalog).isEmpty()) {
      throw new NoSuchWarehouseException("Warehouse does not exist: %s", catalog);
    }
    int max = PageSizes.parse("limit", limit, 100, MAX_LIMIT);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode purges = body.putArray("purges");
    for (PurgeJob job : worker.jobs().list(catalog, max)) {
      ObjectNode node = purges.addObject();
      node.put("id", job.id());
      node.put("table", job.table());
      node.put("location", job.location());
      ArrayNode roots = node.putArray("roots");
      job.roots().forEach(roots::add);
      node.put("metadata-location", job.metadataLocation());
      node.put("status", job.status().name());
      node.put("files-deleted", job.filesDeleted());
      node.put("files-skipped", job.filesSkipped());
      node.put("attempts", job.attempts());
      node.put("last-error", job.lastError());
      node.put("claimed-by", job.claimedBy());
      node.put("lease-until", text(job.leaseUntil()));
      node.put("next-attempt-at", text(job.nextAttemptAt()));
      node.put("created-at", text(job.createdAt()));
      node.put("updated-at", text(job.updatedAt()));
      node.put("finished-at", text(job.finishedAt()));
    }
    return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
