package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.audit.chain.ChainProblem;
import dev.floe.audit.chain.VerificationReport;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What verifying the audit chain found. */
@Schema(name = "ChainVerification")
public record ChainVerificationResponse(
    @Schema(required = true, description = "Whether every record and checkpoint verified") boolean verified,
    @Schema(required = true) String summary,
    @Schema(required = true) long records,
    @JsonProperty("first-sequence") long firstSequence,
    @JsonProperty("last-sequence") long lastSequence,
    @Schema(description = "The sealed segment boundary the chain starts after, when retention removed older records")
        @JsonProperty("starts-after-checkpoint")
        Long startsAfterCheckpoint,
    long checkpoints,
    @JsonProperty("checkpoints-verified") long checkpointsVerified,
    @JsonProperty("last-verified-checkpoint") Long lastVerifiedCheckpoint,
    @Schema(description = "Records after the newest verified checkpoint") @JsonProperty("uncheckpointed-records")
        long uncheckpointedRecords,
    @Schema(required = true, description = "The problems, in sequence order (at most 100)") List<Problem> problems,
    @JsonProperty("problem-count") long problemCount,
    @JsonProperty("elapsed-ms") long elapsedMillis) {

  /** One problem: what happened at which record. */
  @Schema(name = "ChainProblem")
  public record Problem(
      @Schema(required = true, implementation = ChainProblem.Kind.class) String kind,
      @Schema(required = true) long sequence,
      @Schema(required = true) String message) {}

  public static ChainVerificationResponse of(VerificationReport report) {
    return new ChainVerificationResponse(
        report.verified(),
        report.summary(),
        report.records(),
        report.firstSequence(),
        report.lastSequence(),
        report.startsAfterCheckpoint().orElse(null),
        report.checkpoints(),
        report.checkpointsVerified(),
        report.lastVerifiedCheckpoint().orElse(null),
        report.uncheckpointedRecords(),
        report.problems().stream().map(p -> new Problem(p.kind().name(), p.sequence(), p.message())).toList(),
        report.problemCount(),
        report.elapsed().toMillis());
  }
}
