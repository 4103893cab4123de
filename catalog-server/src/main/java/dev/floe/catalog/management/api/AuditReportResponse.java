package dev.floe.catalog.management.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON form of an audit report, for the API description: the report's rows are written
 * streamed by {@code AuditReportsResource}, in this shape.
 */
@Schema(name = "AuditReport")
public record AuditReportResponse(
    @Schema(required = true, description = "pii-access, grant-changes, denied or policy-changes") String report,
    @Schema(nullable = true, description = "ISO-8601 instant, inclusive; null for no lower bound") String since,
    @Schema(nullable = true, description = "ISO-8601 instant, exclusive; null for no upper bound") String until,
    @Schema(required = true, description = "The column names, in order") List<String> columns,
    @Schema(required = true, description = "One object per row: column name to value (null when the event has none)")
        List<Map<String, String>> rows) {}
