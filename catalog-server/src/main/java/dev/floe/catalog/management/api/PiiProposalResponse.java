package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.handler.PiiManagement;
import dev.floe.catalog.pii.PiiProposalRecord;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A PII proposal: a tag proposed for a column, with the counts behind it (never a value). */
@Schema(name = "PiiProposal")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PiiProposalResponse(
    @Schema(required = true) long id,
    @Schema(required = true) List<String> namespace,
    @Schema(required = true) String table,
    @Schema(description = "The column's current name; absent when the column is no longer in the table's schema") String column,
    @JsonProperty("field-id") @Schema(required = true) int fieldId,
    @Schema(required = true, description = "The proposed tag, e.g. pii.email") String tag,
    @Schema(required = true, description = "In [0, 1]") double confidence,
    @JsonProperty("matching-count") @Schema(required = true, description = "Sampled values that matched") int matchingCount,
    @JsonProperty("sampled-count") @Schema(required = true, description = "Non-null values sampled") int sampledCount,
    @JsonProperty("snapshot-id") @Schema(required = true, description = "The snapshot sampled, -1 for a table without one") long snapshotId,
    @Schema(required = true, description = "proposed, accepted or rejected") String status,
    @JsonProperty("decided-by") String decidedBy,
    @JsonProperty("decided-at") String decidedAt,
    @JsonProperty("created-at") String createdAt) {

  public static PiiProposalResponse of(PiiManagement.ProposalView view) {
    PiiProposalRecord record = view.record();
    return new PiiProposalResponse(
        record.id(),
        List.of(record.table().namespace().levels()),
        record.table().name(),
        view.column().orElse(null),
        record.fieldId(),
        record.tag(),
        record.confidence(),
        record.matchingCount(),
        record.sampledCount(),
        record.snapshotId(),
        record.status().value(),
        record.decidedBy().orElse(null),
        record.decidedAt().map(Instant::toString).orElse(null),
        record.createdAt().toString());
  }
}
