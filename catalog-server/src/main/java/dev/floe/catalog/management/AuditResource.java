package dev.floe.catalog.management;

import dev.floe.catalog.http.PageSizes;

import static dev.floe.catalog.management.ManagementApi.BAD_REQUEST;
import static dev.floe.catalog.management.ManagementApi.FORBIDDEN;
import static dev.floe.catalog.management.ManagementApi.UNAUTHORIZED;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.AuditPage;
import dev.floe.catalog.audit.AuditQuery;
import dev.floe.catalog.audit.PostgresAuditStore;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.http.ControlCharacters;
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
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
 * The audit trail, for service administrators: {@code GET /api/management/v1/audit/events}.
 *
 * <p>Query parameters, all optional and combined with AND: {@code principal}, {@code operation},
 * {@code resource} (exact, or a prefix ending in {@code *}), {@code decision}, {@code kind}
 * ({@code AUTHENTICATION}, {@code AUTHORIZATION}, {@code MUTATION}, {@code DATA_ACCESS}), {@code since} (inclusive) and
 * {@code until} (exclusive) as ISO-8601 instants, {@code pageSize} (1 to 1000, default 100) and
 * {@code pageToken} (the {@code next-page-token} of the previous page). Newest first. An empty
 * value is the same as leaving the parameter out; an unknown parameter is a 400.
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
  private static final Set<String> PARAMETERS =
      Set.of("principal", "operation", "resource", "decision", "kind", "since", "until", "pageToken", "pageSize");
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z_]{0,63}");
  private static final String TOKEN_PREFIX = "before:";

  private final AccessGuard accessGuard;
  private final PostgresAuditStore store;

  @Inject
  public AuditResource(AccessGuard accessGuard, PostgresAuditStore store) {
    this.accessGuard = accessGuard;
    this.store = store;
  }

  @GET
  @Path("events")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "List audit events, newest first",
      description =
          "Every authorization decision and every change is an event. Filters combine with AND; an empty value is the same as"
              + " leaving the parameter out; an unknown or repeated parameter is a 400. Needs LIST_AUDIT_EVENTS (service"
              + " administrators).")
  @Parameter(name = "principal", in = ParameterIn.QUERY, description = "The principal's name, exact")
  @Parameter(name = "operation", in = ParameterIn.QUERY, description = "An operation name such as LOAD_TABLE")
  @Parameter(name = "resource", in = ParameterIn.QUERY, description = "Exact, or a prefix ending in * (table:lake.sales.*)")
  @Parameter(name = "decision", in = ParameterIn.QUERY, description = "A decision such as ALLOW, DENY, SUCCESS or FAILURE")
  @Parameter(
      name = "kind",
      in = ParameterIn.QUERY,
      description = "The kind of event",
      schema = @Schema(implementation = AuditEvent.Kind.class))
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
  @Parameter(name = "pageToken", in = ParameterIn.QUERY, description = "The next-page-token of the previous page")
  @APIResponse(responseCode = "200", description = "A page of events", content = @Content(schema = @Schema(implementation = AuditEventsResponse.class)))
  public AuditEventsResponse listEvents(@Context UriInfo uriInfo) {
    accessGuard.authorize(Operation.LIST_AUDIT_EVENTS);
    AuditQuery query = query(uriInfo.getQueryParameters());
    return page(store.query(query));
  }

  /** The query the parameters ask for; a {@link BadRequestException} naming the first bad one. */
  static AuditQuery query(MultivaluedMap<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new BadRequestException(
            "Unknown query parameter: %s (expected one of principal, operation, resource, decision, kind, since, until, pageToken, pageSize)",
            name);
      }
      if (parameters.get(name).size() > 1) {
        throw new BadRequestException("Query parameter %s given more than once", name);
      }
    }
    AuditQuery query = AuditQuery.all(pageSize(value(parameters, "pageSize")));
    Optional<String> principal = value(parameters, "principal");
    if (principal.isPresent()) {
      ControlCharacters.refuse(principal.get(), "principal");
      query = query.withPrincipal(principal.get());
    }
    Optional<String> operation = value(parameters, "operation");
    if (operation.isPresent()) {
      query = query.withOperation(name("operation", operation.get()));
    }
    Optional<String> resource = value(parameters, "resource");
    if (resource.isPresent()) {
      ControlCharacters.refuse(resource.get(), "resource");
      query = query.withResource(resource.get());
    }
    Optional<String> decision = value(parameters, "decision");
    if (decision.isPresent()) {
      query = query.withDecision(name("decision", decision.get()));
    }
    Optional<String> kind = value(parameters, "kind");
    if (kind.isPresent()) {
      query = query.withKind(kind(kind.get()));
    }
    Optional<Instant> since = value(parameters, "since").map(text -> instant("since", text));
    Optional<Instant> until = value(parameters, "until").map(text -> instant("until", text));
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new BadRequestException("Invalid since: %s is not before until (%s)", since.get(), until.get());
    }
    if (since.isPresent()) {
      query = query.withSince(since.get());
    }
    if (until.isPresent()) {
      query = query.withUntil(until.get());
    }
    Optional<String> pageToken = value(parameters, "pageToken");
    if (pageToken.isPresent()) {
      query = query.withBeforeSequence(beforeSequence(pageToken.get()));
    }
    return query;
  }

  private static Optional<String> value(MultivaluedMap<String, String> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(values.get(0));
  }

  private static int pageSize(Optional<String> text) {
    return PageSizes.parse("pageSize", text.orElse(null), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  }

  private static String name(String parameter, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new BadRequestException(
          "Invalid %s: %s (expected an upper-case name such as %s)",
          parameter, value, parameter.equals("operation") ? "LOAD_TABLE" : "DENY");
    }
    return value;
  }

  private static AuditEvent.Kind kind(String value) {
    try {
      return AuditEvent.Kind.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid kind: %s (expected AUTHENTICATION, AUTHORIZATION, MUTATION or DATA_ACCESS)", value);
    }
  }

  private static Instant instant(String parameter, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "Invalid %s: %s (expected an ISO-8601 instant such as 2026-01-31T12:00:00Z)", parameter, value);
    }
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
