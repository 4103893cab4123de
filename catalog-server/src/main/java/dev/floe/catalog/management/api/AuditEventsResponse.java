package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of audit events, newest first. */
@Schema(name = "AuditEvents")
public record AuditEventsResponse(
    @Schema(required = true) List<AuditEventResponse> events,
    @JsonProperty("next-page-token")
        @Schema(required = true, nullable = true, description = "Pass as pageToken for the next page; null on the last page")
        String nextPageToken) {
  public AuditEventsResponse {
    events = List.copyOf(events);
  }
}
