package dev.floe.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One thing that happened and who did it: a sign-in attempt, an authorization decision, or a
 * change to the catalog.
 *
 * @param id unique id of the event
 * @param time when it happened (server clock)
 * @param kind what sort of event this is
 * @param principal the caller's principal name; {@code null} only for a failed authentication
 *     whose caller is unknown
 * @param operation the operation asked for ({@code dev.floe.policy.Operation} name, or {@code
 *     AUTHENTICATE} for sign-in events)
 * @param resource what it acted on, as {@code type:catalog.ns.name} paths joined by {@code ,}
 *     ({@code table:lake.sales.orders}); empty when it acts on nothing in particular
 * @param decision {@code ALLOW}, {@code DENY} or {@code NOT_FOUND} for authorizations; {@code
 *     SUCCESS} or {@code FAILURE} for authentications and mutations
 * @param reason why (the authorizer's reason, the error message, the grants that allowed it)
 * @param requestId the request id ({@code X-Request-Id}) of the HTTP request
 * @param clientAddress the caller's address as the server saw it
 * @param details further facts (status code, token issuer, …); never secrets; no null value
 *     <p>Every value is kept as PostgreSQL stores it (and the hash chain hashes it): the time to the
 *     microsecond, NUL in text as U+FFFD.
 */
public record AuditEvent(
    UUID id,
    Instant time,
    Kind kind,
    String principal,
    String operation,
    String resource,
    String decision,
    String reason,
    String requestId,
    String clientAddress,
    Map<String, String> details) {
  public enum Kind {
    AUTHENTICATION,
    AUTHORIZATION,
    MUTATION,
    /** An engine's report of data it read for a user (Trino's plugin), one event per table read. */
    DATA_ACCESS
  }

  public AuditEvent {
    requireNonNull(id, "id is null");
    requireNonNull(time, "time is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(details, "details is null");
    // as stored: PostgreSQL keeps microseconds and no NUL, and the chain hashes what is stored
    time = time.truncatedTo(ChronoUnit.MICROS);
    principal = storable(principal);
    operation = storable(operation);
    resource = storable(resource);
    decision = storable(decision);
    reason = storable(reason);
    requestId = storable(requestId);
    clientAddress = storable(clientAddress);
    details = storable(details);
  }

  /** The details with {@link #storable} keys and values; copied again only when one holds NUL. */
  private static Map<String, String> storable(Map<String, String> details) {
    Map<String, String> copy = Map.copyOf(details);
    for (Map.Entry<String, String> entry : copy.entrySet()) {
      if (entry.getKey().indexOf('\0') >= 0 || entry.getValue().indexOf('\0') >= 0) {
        Map<String, String> clean = new HashMap<>();
        copy.forEach((key, value) -> clean.put(storable(key), storable(value)));
        return Map.copyOf(clean);
      }
    }
    return copy;
  }

  /** NUL, which PostgreSQL text cannot hold, as U+FFFD. */
  private static String storable(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }
}
