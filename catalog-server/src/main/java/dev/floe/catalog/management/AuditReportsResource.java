package dev.floe.catalog.management;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.NOT_FOUND;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.floe.audit.report.AuditReport;
import dev.floe.audit.report.AuditReports;
import dev.floe.audit.report.Csv;
import dev.floe.catalog.audit.AuditEventQueries;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.management.api.AuditReportResponse;
import dev.floe.policy.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.iceberg.exceptions.NotFoundException;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reports over the audit trail ({@link AuditReports}): {@code GET
 * /api/management/v1/audit/reports/{report}?since=&until=&format=json|csv}, oldest first,
 * streamed. The report logic is the audit module's; this resource decodes and encodes.
 */
@Path("/api/management/v1/audit/reports")
@Tag(name = "audit", description = "The audit trail; service administrators only")
@SecurityRequirement(name = ManagementApi.BEARER)
@APIResponse(responseCode = "400", ref = BAD_REQUEST)
@APIResponse(responseCode = "401", ref = UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = FORBIDDEN)
public class AuditReportsResource {
  private static final List<String> PARAMETERS = List.of("since", "until", "format");
  private static final List<String> FORMATS = List.of("json", "csv");

  private final AccessGuard accessGuard;
  private final AuditEventQueries queries;

  @Inject
  public AuditReportsResource(AccessGuard accessGuard, AuditEventQueries queries) {
    this.accessGuard = accessGuard;
    this.queries = queries;
  }

  @GET
  @Path("{report}")
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "A report over the audit trail, oldest first",
      description =
          "pii-access: who read columns tagged pii.* (one row per event and column, MASKED with the mask or RAW);"
              + " grant-changes: grants, revokes, roles, role assignments and principals changed; denied: authorizations"
              + " refused (DENY, or NOT_FOUND: refused and answered as not found) and failed sign-ins; policy-changes:"
              + " tags, tag assignments, row filters, column masks and schema contracts changed, with the item before and"
              + " after. format=json (default) answers {report, columns, rows: [{column: value}]}; format=csv a header row"
              + " and RFC 4180 records. Needs LIST_AUDIT_EVENTS (service administrators).")
  @Parameter(
      name = "report",
      in = ParameterIn.PATH,
      required = true,
      schema = @Schema(type = SchemaType.STRING, enumeration = {"pii-access", "grant-changes", "denied", "policy-changes"}))
  @Parameter(name = "since", in = ParameterIn.QUERY, description = "ISO-8601 instant, inclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(name = "until", in = ParameterIn.QUERY, description = "ISO-8601 instant, exclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
  @Parameter(
      name = "format",
      in = ParameterIn.QUERY,
      description = "json (default) or csv",
      schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "csv"}, defaultValue = "json"))
  @APIResponse(
      responseCode = "200",
      description = "The report",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditReportResponse.class)),
        @Content(mediaType = "text/csv")
      })
  @APIResponse(responseCode = "404", ref = NOT_FOUND)
  public Response report(@PathParam("report") String name, @Context jakarta.ws.rs.core.UriInfo uriInfo) {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    AuditReport report =
        AuditReports.named(name)
            .orElseThrow(() -> new NotFoundException("No such audit report: %s (expected one of %s)", name, String.join(", ", AuditReports.names())));
    MultivaluedMap<String, String> parameters = uriInfo.getQueryParameters();
    AuditParameters.check(parameters, PARAMETERS);
    AuditParameters.Period period = AuditParameters.period(parameters);
    boolean csv = AuditParameters.choice(parameters, "format", FORMATS, "json").equals("csv");
    StreamingOutput body = csv ? output -> csv(report, period, output) : output -> json(report, period, output);
    return Response.ok(body, csv ? "text/csv;charset=utf-8" : MediaType.APPLICATION_JSON).build();
  }

  private void csv(AuditReport report, AuditParameters.Period period, OutputStream output) throws java.io.IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
    writer.write(Csv.record(report.columns()));
    queries.stream(report.selection(), period.since(), period.until(), stored -> {
      for (List<String> row : report.rows(stored.event())) {
        writer.write(Csv.record(row));
      }
    });
    writer.flush();
  }

  private void json(AuditReport report, AuditParameters.Period period, OutputStream output) throws java.io.IOException {
    try (JsonGenerator json = FloeJson.mapper().getFactory().createGenerator(output)) {
      json.writeStartObject();
      json.writeStringField("report", report.name());
      json.writeStringField("since", period.since().map(Object::toString).orElse(null));
      json.writeStringField("until", period.until().map(Object::toString).orElse(null));
      json.writeArrayFieldStart("columns");
      for (String column : report.columns()) {
        json.writeString(column);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("rows");
      queries.stream(report.selection(), period.since(), period.until(), stored -> {
        for (List<String> row : report.rows(stored.event())) {
          json.writeStartObject();
          for (int i = 0; i < row.size(); i++) {
            json.writeStringField(report.columns().get(i), row.get(i));
          }
          json.writeEndObject();
        }
      });
      json.writeEndArray();
      json.writeEndObject();
    }
  }
}
