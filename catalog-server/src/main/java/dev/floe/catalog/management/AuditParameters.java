package dev.floe.catalog.management;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.AuditQuery;
import dev.floe.catalog.http.ControlCharacters;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The query parameters of the audit endpoints, decoded: each bad one is a {@link
 * BadRequestException} naming it. An empty value is the same as leaving the parameter out.
 */
final class AuditParameters {
  /** The filters the events and export endpoints share. */
  static final List<String> FILTERS =
      List.of("principal", "operation", "resource", "decision", "kind", "tag", "queryId", "since", "until");

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z_]{0,63}");

  private AuditParameters() {}

  /** Refuses a parameter not in {@code allowed} and one given more than once. */
  static void check(MultivaluedMap<String, String> parameters, List<String> allowed) {
    for (String name : parameters.keySet()) {
      if (!allowed.contains(name)) {
        throw new BadRequestException("Unknown query parameter: %s (expected one of %s)", name, String.join(", ", allowed));
      }
      if (parameters.get(name).size() > 1) {
        throw new BadRequestException("Query parameter %s given more than once", name);
      }
    }
  }

  /** {@code query} with the {@link #FILTERS} the parameters hold. */
  static AuditQuery filters(MultivaluedMap<String, String> parameters, AuditQuery query) {
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
    Optional<String> tag = value(parameters, "tag");
    if (tag.isPresent()) {
      ControlCharacters.refuse(tag.get(), "tag");
      if (tag.get().contains(",")) {
        throw new BadRequestException("Invalid tag: %s (one tag name, without commas)", tag.get());
      }
      query = query.withTag(tag.get());
    }
    Optional<String> queryId = value(parameters, "queryId");
    if (queryId.isPresent()) {
      ControlCharacters.refuse(queryId.get(), "queryId");
      query = query.withQueryId(queryId.get());
    }
    Period period = period(parameters);
    if (period.since().isPresent()) {
      query = query.withSince(period.since().get());
    }
    if (period.until().isPresent()) {
      query = query.withUntil(period.until().get());
    }
    return query;
  }

  /** {@code since} (inclusive) and {@code until} (exclusive); each optional. */
  record Period(Optional<Instant> since, Optional<Instant> until) {}

  static Period period(MultivaluedMap<String, String> parameters) {
    Optional<Instant> since = value(parameters, "since").map(text -> instant("since", text));
    Optional<Instant> until = value(parameters, "until").map(text -> instant("until", text));
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new BadRequestException("Invalid since: %s is not before until (%s)", since.get(), until.get());
    }
    return new Period(since, until);
  }

  /** The value of {@code name}, one of {@code choices}; {@code fallback} when absent. */
  static String choice(MultivaluedMap<String, String> parameters, String name, List<String> choices, String fallback) {
    String value = value(parameters, name).orElse(fallback);
    if (!choices.contains(value)) {
      throw new BadRequestException("Invalid %s: %s (expected %s)", name, value, String.join(" or ", choices));
    }
    return value;
  }

  static Optional<String> value(MultivaluedMap<String, String> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(values.get(0));
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
}
