package dev.floe.catalog.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.http.PageSizes;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.lineage.event.InvalidLineageEventException;
import dev.floe.lineage.event.JobRef;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The lineage API. {@code POST /api/lineage/v1/lineage} takes OpenLineage run events as the
 * OpenLineage HTTP transport sends them (also at {@code /api/v1/lineage}, the transport's default
 * path), from any authenticated principal; the rest answers lineage questions about catalog
 * tables (namespace levels separated by {@code %1F}, as in the Iceberg REST API).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {
  private final LineageIntake intake;
  private final LineageQueries queries;
  private final AccessGuard guard;
  private final int maxEventBytes;

  @Inject
  public LineageResource(LineageIntake intake, LineageQueries queries, AccessGuard guard, LineageConfig config) {
    this.intake = intake;
    this.queries = queries;
    this.guard = guard;
    this.maxEventBytes = config.maxEventBytes();
  }

  @POST
  @Path("lineage/v1/lineage")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response report(InputStream body) {
    String json = read(body);
    try {
      return Response.status(Response.Status.CREATED).entity(LineageJson.accepted(intake.accept(json, guard.caller().name()))).build();
    } catch (InvalidLineageEventException e) {
      throw new BadRequestException("Invalid OpenLineage event: %s", e.getMessage());
    }
  }

  /** The OpenLineage HTTP transport's default path. */
  @POST
  @Path("v1/lineage")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reportAtTransportDefault(InputStream body) {
    return report(body);
  }

  /** Upstream (where the table's data comes from) or downstream (where it goes), {@code depth} datasets far. */
  @GET
  @Path("lineage/v1/tables/{catalog}/{namespace}/{table}/{direction: upstream|downstream}")
  public StreamingOutput walk(
      @PathParam("catalog") String catalog,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @PathParam("direction") String direction,
      @QueryParam("depth") String depthText) {
    // a String, not an int: JAX-RS answers a parameter it cannot convert with a bare 404
    int depth = depth(depthText);
    CatalogTable root = table(catalog, namespace, table);
    return LineageJson.answer(direction.equals("upstream") ? queries.upstream(root, depth) : queries.downstream(root, depth));
  }

  @GET
  @Path("lineage/v1/tables/{catalog}/{namespace}/{table}/columns")
  public ObjectNode columns(
      @PathParam("catalog") String catalog, @PathParam("namespace") String namespace, @PathParam("table") String table) {
    return LineageJson.columns(queries.columns(table(catalog, namespace, table)));
  }

  @GET
  @Path("lineage/v1/jobs/runs")
  public ObjectNode runs(
      @QueryParam("namespace") String namespace, @QueryParam("name") String name, @QueryParam("limit") String limitText) {
    if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
      throw new BadRequestException("Missing query parameter: both namespace and name name the job");
    }
    ControlCharacters.refuseNul(namespace, "job namespace");
    ControlCharacters.refuseNul(name, "job name");
    int limit = PageSizes.parse("limit", limitText, 100, 1000);
    return LineageJson.runs(namespace, name, queries.runs(new JobRef(namespace, name), limit));
  }

  /** The table a path names: namespace levels separated by U+001F ({@code %1F} in the path), as in the catalog API. */
  private static CatalogTable table(String catalog, String namespace, String table) {
    ControlCharacters.refuse(catalog, "catalog");
    ControlCharacters.refuse(table, "table");
    Namespace levels = NamespacePaths.namespace(namespace);
    for (String level : levels.levels()) {
      ControlCharacters.refuse(level, "namespace level");
    }
    if (levels.isEmpty() || Arrays.stream(levels.levels()).anyMatch(String::isEmpty) || table.isEmpty()) {
      throw new BadRequestException("Invalid table %s.%s.%s: empty namespace level or name", catalog, namespace, table);
    }
    return new CatalogTable(catalog, Arrays.asList(levels.levels()), table);
  }

  private static int depth(String text) {
    if (text == null || text.isEmpty()) {
      return 3;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadRequestException("Invalid depth: %s (expected an integer)", text);
    }
  }

  /** The body, or 413 when it is longer than {@code floe.lineage.max-event-bytes}. */
  private String read(InputStream body) {
    if (body == null) {
      throw new BadRequestException("Invalid OpenLineage event: event is empty");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = body.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > maxEventBytes) {
          throw new WebApplicationException(
              "OpenLineage event too large: more than " + maxEventBytes + " bytes (floe.lineage.max-event-bytes)", 413);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
