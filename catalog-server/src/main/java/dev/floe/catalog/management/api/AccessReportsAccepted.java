package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a batch of access reports: how many audit events it became. */
@Schema(name = "AccessReportsAccepted")
public record AccessReportsAccepted(
    @JsonProperty("audit-events") @Schema(required = true, description = "DATA_ACCESS events written, one per table read")
        int auditEvents) {}
