package dev.floe.catalog.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.http.ControlCharacters;
import dev.floe.catalog.http.PageSizes;
import dev.floe.catalog.lineage.api.LineageModels;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The lineage API. {@code POST /api/lineage/v1/lineage} takes OpenLineage run events as the
 * OpenLineage HTTP transport sends them (also at {@code /api/v1/lineage}, the transport's default
 * path), from any authenticated principal; the rest answers lineage questions about catalog
 * tables (namespace levels separated by {@code %1F}, as in the Iceberg REST API).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "lineage", description = "OpenLineage events in, lineage of catalog tables and jobs out")
@SecurityRequirement(name = LineageResource.BEARER)
@APIResponse(responseCode = "400", ref = LineageResource.BAD_REQUEST)
@APIResponse(responseCode = "401", ref = LineageResource.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = LineageResource.FORBIDDEN)
public class LineageResource {
  // the names of the security scheme and error answers ManagementApi defines for the whole document
  // (as text: the lineage package does not depend on the management package)
  static final String BEARER = "bearer";
  static final String BAD_REQUEST = "BadRequest";
  static final String UNAUTHORIZED = "Unauthorized";
  static final String FORBIDDEN = "Forbidden";
  static final String NOT_FOUND = "NotFound";
  static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
  static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
  private static final String TABLE_PATH =
      " The table is catalog/namespace/table, namespace levels separated by %1F as in the Iceberg REST API; the answer holds"
          + " only what the caller may see (other nodes are restricted).";

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
  @Operation(
      summary = "Report an OpenLineage run event",
      description =
          "An OpenLineage RunEvent as the OpenLineage HTTP transport sends it, from any authenticated principal. Datasets are"
              + " resolved to catalog tables where they name one. At most floe.lineage.max-event-bytes (413 when longer).")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(type = SchemaType.OBJECT, description = "An OpenLineage RunEvent (https://openlineage.io/spec)")))
  @APIResponse(
      responseCode = "201", description = "Accepted", content = @Content(schema = @Schema(implementation = LineageModels.Accepted.class)))
  @APIResponse(responseCode = "413", ref = PAYLOAD_TOO_LARGE)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
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
  @Operation(
      summary = "Report an OpenLineage run event (the transport's default path)",
      description = "The same as POST /api/lineage/v1/lineage, at the path the OpenLineage HTTP transport uses by default.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(type = SchemaType.OBJECT, description = "An OpenLineage RunEvent (https://openlineage.io/spec)")))
  @APIResponse(
      responseCode = "201", description = "Accepted", content = @Content(schema = @Schema(implementation = LineageModels.Accepted.class)))
  @APIResponse(responseCode = "413", ref = PAYLOAD_TOO_LARGE)
  @APIResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
  public Response reportAtTransportDefault(InputStream body) {
    return report(body);
  }

  /** Upstream (where the table's data comes from) or downstream (where it goes), {@code depth} datasets far. */
  @GET
  @Path("lineage/v1/tables/{catalog}/{namespace}/{table}/{direction: upstream|downstream}")
  @Operation(
      summary = "Walk a table's lineage upstream or downstream",
      description = "Upstream: where the table's data comes from; downstream: where it goes; depth datasets far." + TABLE_PATH)
  @APIResponse(
      responseCode = "200", description = "The lineage graph", content = @Content(schema = @Schema(implementation = LineageModels.Graph.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public StreamingOutput walk(
      @PathParam("catalog") String catalog,
      @PathParam("namespace") String namespace,
      @PathParam("table") String table,
      @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"upstream", "downstream"})) @PathParam("direction")
          String direction,
      @Parameter(
              name = "depth",
              in = ParameterIn.QUERY,
              description = "How many datasets far (default 3)",
              schema = @Schema(type = SchemaType.INTEGER, defaultValue = "3"))
          @QueryParam("depth")
          String depthText) {
    // a String, not an int: JAX-RS answers a parameter it cannot convert with a bare 404
    int depth = depth(depthText);
    CatalogTable root = table(catalog, namespace, table);
    return LineageJson.answer(direction.equals("upstream") ? queries.upstream(root, depth) : queries.downstream(root, depth));
  }

  @GET
  @Path("lineage/v1/tables/{catalog}/{namespace}/{table}/columns")
  @Operation(summary = "A table's column lineage", description = "For each column, the columns it is computed from." + TABLE_PATH)
  @APIResponse(
      responseCode = "200", description = "The column lineage", content = @Content(schema = @Schema(implementation = LineageModels.Columns.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public ObjectNode columns(
      @PathParam("catalog") String catalog, @PathParam("namespace") String namespace, @PathParam("table") String table) {
    return LineageJson.columns(queries.columns(table(catalog, namespace, table)));
  }

  @GET
  @Path("lineage/v1/jobs/runs")
  @Operation(summary = "A job's runs, newest first", description = "The job by its OpenLineage namespace and name, with the table commits of each run.")
  @APIResponse(responseCode = "200", description = "The runs", content = @Content(schema = @Schema(implementation = LineageModels.Runs.class)))
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public ObjectNode runs(
      @Parameter(name = "namespace", in = ParameterIn.QUERY, required = true, description = "The job's OpenLineage namespace")
          @QueryParam("namespace")
          String namespace,
      @Parameter(name = "name", in = ParameterIn.QUERY, required = true, description = "The job's name") @QueryParam("name") String name,
      @Parameter(
              name = "limit",
              in = ParameterIn.QUERY,
              description = "How many runs, 1 to 1000 (default 100)",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
          @QueryParam("limit")
          String limitText) {
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
