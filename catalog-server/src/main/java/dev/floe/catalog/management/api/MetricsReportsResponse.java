package dev.floe.catalog.management.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A table's metrics reports, newest first. */
@Schema(name = "MetricsReports")
public record MetricsReportsResponse(@Schema(required = true) List<MetricsReportResponse> reports) {
  public MetricsReportsResponse {
    reports = List.copyOf(reports);
  }
}
