package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.purge.PurgeJob;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A purge of a dropped table's files and where it is. */
@Schema(name = "Purge")
public record PurgeResponse(
    @Schema(required = true) long id,
    @Schema(required = true) String table,
    @Schema(required = true) String location,
    @Schema(required = true, description = "The locations files may be deleted under, the table location first") List<String> roots,
    @JsonProperty("metadata-location") String metadataLocation,
    @Schema(required = true, implementation = PurgeJob.Status.class) String status,
    @JsonProperty("files-deleted") long filesDeleted,
    @JsonProperty("files-skipped") long filesSkipped,
    int attempts,
    @JsonProperty("last-error") String lastError,
    @JsonProperty("claimed-by") String claimedBy,
    @JsonProperty("lease-until") String leaseUntil,
    @JsonProperty("next-attempt-at") String nextAttemptAt,
    @JsonProperty("created-at") String createdAt,
    @JsonProperty("updated-at") String updatedAt,
    @JsonProperty("finished-at") String finishedAt) {
  public PurgeResponse {
    roots = List.copyOf(roots);
  }

  public static PurgeResponse of(PurgeJob job) {
    return new PurgeResponse(
        job.id(),
        job.table(),
        job.location(),
        job.roots(),
        job.metadataLocation(),
        job.status().name(),
        job.filesDeleted(),
        job.filesSkipped(),
        job.attempts(),
        job.lastError(),
        job.claimedBy(),
        text(job.leaseUntil()),
        text(job.nextAttemptAt()),
        text(job.createdAt()),
        text(job.updatedAt()),
        text(job.finishedAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
