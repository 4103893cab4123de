package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A metrics report (scan or commit) an engine sent for a table. */
@Schema(name = "MetricsReport")
public record MetricsReportResponse(
    @Schema(required = true) long id,
    @JsonProperty("report-type") @Schema(required = true, description = "scan-report or commit-report") String reportType,
    @JsonProperty("received-at") @Schema(required = true, description = "ISO-8601 instant") String receivedAt,
    @Schema(required = true, type = SchemaType.OBJECT, description = "The report as the engine sent it (Iceberg's ReportMetricsRequest)")
        JsonNode report) {}
