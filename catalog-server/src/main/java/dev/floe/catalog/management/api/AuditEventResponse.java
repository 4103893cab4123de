package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.audit.AuditEvent;
import dev.floe.catalog.audit.StoredAuditEvent;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event of the audit trail. */
@Schema(name = "AuditEvent")
public record AuditEventResponse(
    @Schema(required = true) String id,
    @Schema(required = true, description = "Position in the hash chain") long sequence,
    @Schema(required = true, description = "ISO-8601 instant") String time,
    @Schema(required = true, implementation = AuditEvent.Kind.class) String kind,
    String principal,
    String operation,
    String resource,
    String decision,
    String reason,
    @JsonProperty("request-id") String requestId,
    @JsonProperty("client-address") String clientAddress,
    @Schema(required = true) Map<String, String> details) {
  public AuditEventResponse {
    details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }

  public static AuditEventResponse of(StoredAuditEvent stored) {
    AuditEvent event = stored.event();
    return new AuditEventResponse(
        event.id().toString(),
        stored.sequence(),
        event.time().toString(),
        event.kind().name(),
        event.principal(),
        event.operation(),
        event.resource(),
        event.decision(),
        event.reason(),
        event.requestId(),
        event.clientAddress(),
        event.details());
  }
}
