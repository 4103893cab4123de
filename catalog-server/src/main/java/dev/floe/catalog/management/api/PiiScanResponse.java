package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.pii.PiiScanJob;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A PII scan job and its progress. */
@Schema(name = "PiiScan")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PiiScanResponse(
    @Schema(required = true) String id,
    @Schema(required = true) List<String> namespace,
    @Schema(description = "The table, for a scan of one table") String table,
    @Schema(required = true, description = "running, done or failed") String status,
    @JsonProperty("tables-done") @Schema(required = true) int tablesDone,
    @JsonProperty("tables-total") @Schema(required = true) int tablesTotal,
    @Schema(required = true, description = "How many column proposals the scan made") int proposals,
    @Schema(description = "Why the scan, or one of its tables, failed") String error,
    @JsonProperty("started-by") String startedBy,
    @JsonProperty("started-at") String startedAt,
    @JsonProperty("finished-at") String finishedAt) {

  public static PiiScanResponse of(PiiScanJob job) {
    return new PiiScanResponse(
        job.id(),
        job.namespaceLevels(),
        job.table().orElse(null),
        job.status().value(),
        job.tablesDone(),
        job.tablesTotal(),
        job.proposals(),
        job.error().orElse(null),
        job.startedBy(),
        job.startedAt().toString(),
        job.finishedAt().map(Instant::toString).orElse(null));
  }
}
