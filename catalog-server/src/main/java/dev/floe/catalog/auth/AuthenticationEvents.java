package dev.floe.catalog.auth;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.http.RequestIds;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Sign-in attempts as audit events (operation {@code AUTHENTICATE}, acting on nothing). */
final class AuthenticationEvents {
  private AuthenticationEvents() {}

  /**
   * @param principal who signed in, or {@code null} when it is not known
   * @param outcome {@code SUCCESS} or {@code FAILURE}
   */
  static AuditEvent of(String principal, String outcome, String reason, String clientAddress, Map<String, String> details) {
    return new AuditEvent(
        UUID.randomUUID(),
        Instant.now(),
        AuditEvent.Kind.AUTHENTICATION,
        principal,
        "AUTHENTICATE",
        "",
        outcome,
        reason,
        RequestIds.current(),
        clientAddress,
        details);
  }
}
