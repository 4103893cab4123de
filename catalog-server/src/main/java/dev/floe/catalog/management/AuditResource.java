package dev.floe.catalog.management;

import dev.floe.catalog.http.PageSizes;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.AuditPage;
import dev.floe.catalog.audit.AuditQuery;
import dev.floe.catalog.audit.AuditEventQueries;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.management.api.AuditEventResponse;
import dev.floe.catalog.management.api.AuditEventsResponse;
import dev.floe.policy.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit trail, for service administrators: {@code GET /api/management/v1/audit/events}
 * (newest first, a page at a time) and {@code GET /api/management/v1/audit/export} (every match,
 * oldest first, streamed as CSV or JSON Lines).
 *
 * <p>Filters, all optional and combined with AND ({@link AuditParameters}): {@code principal},
 * {@code operation}, {@code resource} (exact, or a prefix ending in {@code *}), {@code decision},
 * {@code kind} ({@code AUTHENTICATION}, {@code AUTHORIZATION}, {@code MUTATION}, {@code
 * DATA_ACCESS}), {@code tag} (details {@code tags}), {@code queryId} (details {@code query-id}),
 * {@code since} (inclusive) and {@code until} (exclusive) as ISO-8601 instants. The events endpoint
 * also takes {@code pageSize} (1 to 1000, default 100) and {@code pageToken} (the {@code
 * next-page-token} of the previous page); the export {@code format} ({@code csv} or {@code
 * jsonl}, required). An empty value is the same as leaving the parameter out; an unknown parameter
 * is a 400.
 */
@Path("/api/management/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "The audit trail; service administrators only")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class AuditResource {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  private static final String TAG_DESCRIPTION =
      "Events whose details tags hold this tag (a DATA_ACCESS event's tags are its table's and its read columns' tags)";
  private static final String QUERY_ID_DESCRIPTION = "Events of this engine query id (details query-id)";
  private static final List<String> EVENTS_PARAMETERS =
      Stream.concat(AuditParameters.FILTERS.stream(), Stream.of("pageToken", "pageSize")).toList();
  private static final List<String> EXPORT_PARAMETERS =
      Stream.concat(AuditParameters.FILTERS.stream(), Stream.of("format")).toList();
  private static final String TOKEN_PREFIX = "before:";

  private final AccessGuard accessGuard;
  private final AuditEventQueries queries;

  @Inject
  public AuditResource(AccessGuard accessGuard, AuditEventQueries queries) {
    this.accessGuard = accessGuard;
    this.queries = queries;
  }

  @GET
  @Path("events")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List audit events, newest first",
      description =
          "Every authorization decision and every change is an event. Filters combine with AND; an empty value is the same as"
              + " leaving the parameter out; an unknown or repeated parameter is a 400. Needs LIST_AUDIT_EVENTS (service"
              + " administrators).")
  @Parameter(name = "principal", in = ParameterIn.QUERY, description = "The principal's name, exact", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "operation", in = ParameterIn.QUERY, description = "An operation name such as LOAD_TABLE", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "resource", in = ParameterIn.QUERY, description = "Exact, or a prefix ending in * (table:lake.sales.*)", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "decision", in = ParameterIn.QUERY, description = "A decision such as ALLOW, DENY, SUCCESS or FAILURE", schema = @Schema(type = SchemaType.STRING))
  @Parameter(
      name = "kind",
      in = ParameterIn.QUERY,
      description = "The kind of event",
      schema = @Schema(implementation = AuditEvent.Kind.class))
  @Parameter(name = "tag", in = ParameterIn.QUERY, description = TAG_DESCRIPTION, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "queryId", in = ParameterIn.QUERY, description = QUERY_ID_DESCRIPTION, schema = @Schema(type = SchemaType.STRING))
  @Parameter(
      name = "since",
      in = ParameterIn.QUERY,
      description = "ISO-8601 instant, inclusive",
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "until",
      in = ParameterIn.QUERY,
      description = "ISO-8601 instant, exclusive",
      schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "pageSize",
      in = ParameterIn.QUERY,
      description = "Events per page, 1 to 1000 (default 100)",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
  @Parameter(name = "pageToken", in = ParameterIn.QUERY, description = "The next-page-token of the previous page", schema = @Schema(type = SchemaType.STRING))
  @APIResponse(responseCode = "200", description = "A page of events", content = @Content(schema = @Schema(implementation = AuditEventsResponse.class)))
  public AuditEventsResponse listEvents(@Context UriInfo uriInfo) {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    AuditQuery query = query(uriInfo.getQueryParameters());
    return page(queries.page(query));
  }

  @GET
  @Path("export")
  @Produces({"text/csv", "application/jsonl", MediaType.APPLICATION_JSON})
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Export audit events, oldest first",
      description =
          "Every event matching the filters (those of the events endpoint), oldest first, streamed: format=csv (a header"
              + " row, RFC 4180, details as one JSON object) or format=jsonl (one event object per line, the fields of the"
              + " events endpoint). Needs LIST_AUDIT_EVENTS (service administrators).")
  @Parameter(
      name = "format",
      in = ParameterIn.QUERY,
      required = true,
      description = "csv or jsonl",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"csv", "jsonl"}))
  @Parameter(name = "principal", in = ParameterIn.QUERY, description = "The principal's name, exact", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "operation", in = ParameterIn.QUERY, description = "An operation name such as LOAD_TABLE", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "resource", in = ParameterIn.QUERY, description = "Exact, or a prefix ending in * (table:lake.sales.*)", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "decision", in = ParameterIn.QUERY, description = "A decision such as ALLOW, DENY, SUCCESS or FAILURE", schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "kind", in = ParameterIn.QUERY, description = "The kind of event", schema = @Schema(implementation = AuditEvent.Kind.class))
  @Parameter(name = "tag", in = ParameterIn.QUERY, description = TAG_DESCRIPTION, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "queryId", in = ParameterIn.QUERY, description = QUERY_ID_DESCRIPTION, schema = @Schema(type = SchemaType.STRING))
  @Parameter(name = "since", in = ParameterIn.QUERY, description = "ISO-8601 instant, inclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(name = "until", in = ParameterIn.QUERY, description = "ISO-8601 instant, exclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @APIResponse(
      responseCode = "200",
      description = "The matching events",
      content = {@Content(mediaType = "text/csv"), @Content(mediaType = "application/jsonl")})
  public Response export(@Context UriInfo uriInfo) {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    MultivaluedMap<String, String> parameters = uriInfo.getQueryParameters();
    AuditParameters.check(parameters, EXPORT_PARAMETERS);
    if (AuditParameters.value(parameters, "format").isEmpty()) {
      throw new BadRequestException("Missing query parameter format (expected csv or jsonl)");
    }
    AuditExportFormat format = AuditExportFormat.of(AuditParameters.choice(parameters, "format", AuditExportFormat.parameters(), ""));
    AuditQuery query = AuditParameters.filters(parameters, AuditQuery.all(1));
    StreamingOutput body = output -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      writer.write(format.header());
      queries.stream(query, event -> writer.write(format.line(event)));
      writer.flush();
    };
    return Response.ok(body, format.mediaType() + ";charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"audit-events." + format.parameter() + "\"")
        .build();
  }

  /** The query the parameters ask for; a {@link BadRequestException} naming the first bad one. */
  static AuditQuery query(MultivaluedMap<String, String> parameters) {
    AuditParameters.check(parameters, EVENTS_PARAMETERS);
    AuditQuery query = AuditParameters.filters(parameters, AuditQuery.all(pageSize(AuditParameters.value(parameters, "pageSize"))));
    Optional<String> pageToken = AuditParameters.value(parameters, "pageToken");
    if (pageToken.isPresent()) {
      query = query.withBeforeSequence(beforeSequence(pageToken.get()));
    }
    return query;
  }

  private static int pageSize(Optional<String> text) {
    return PageSizes.parse("pageSize", text.orElse(null), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  }

  static String pageToken(long beforeSequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + beforeSequence).getBytes(StandardCharsets.UTF_8));
  }

  private static long beforeSequence(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(TOKEN_PREFIX)) {
        long sequence = Long.parseLong(decoded.substring(TOKEN_PREFIX.length()));
        if (sequence > 0) {
          return sequence;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: the same answer below
    }
    throw new BadRequestException("Invalid pageToken: %s (pass the next-page-token of the previous page)", token);
  }

  static AuditEventsResponse page(AuditPage page) {
    return new AuditEventsResponse(
        page.events().stream().map(AuditEventResponse::of).toList(),
        page.nextBeforeSequence().map(AuditResource::pageToken).orElse(null));
  }
}
