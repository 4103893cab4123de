package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What verifying the chain found.
 *
 * @param records records read
 * @param firstSequence the oldest record's sequence (0 when there is none)
 * @param lastSequence the newest record's sequence (0 when there is none)
 * @param startsAfterCheckpoint the sealed segment boundary the chain starts after, when older
 *     records were removed by retention
 * @param checkpoints signed checkpoints read
 * @param checkpointsVerified checkpoints whose signature and hash both verified
 * @param lastVerifiedCheckpoint the newest checkpoint that verified
 * @param uncheckpointedRecords records after the newest verified checkpoint (their tail could be cut
 *     off unnoticed by someone who can write the database)
 * @param problems what was wrong, in sequence order, at most {@link ChainVerifier#MAX_PROBLEMS}
 * @param problemCount how many problems there were in all
 * @param elapsed how long verification took
 */
public record VerificationReport(
    long records,
    long firstSequence,
    long lastSequence,
    Optional<Long> startsAfterCheckpoint,
    long checkpoints,
    long checkpointsVerified,
    Optional<Long> lastVerifiedCheckpoint,
    long uncheckpointedRecords,
    List<ChainProblem> problems,
    long problemCount,
    Duration elapsed) {
  public VerificationReport {
    requireNonNull(startsAfterCheckpoint, "startsAfterCheckpoint is null");
    requireNonNull(lastVerifiedCheckpoint, "lastVerifiedCheckpoint is null");
    problems = List.copyOf(problems);
    requireNonNull(elapsed, "elapsed is null");
  }

  /** Whether every record and checkpoint verified. */
  public boolean verified() {
    return problemCount == 0;
  }

  /** The first problem, if any. */
  public Optional<ChainProblem> firstProblem() {
    return problems.stream().findFirst();
  }

  /** One line for people. */
  public String summary() {
    if (verified()) {
      return "All %d records verify (sequence %d to %d); %d of %d checkpoints verified, the newest at %s; %d records after it"
          .formatted(
              records,
              firstSequence,
              lastSequence,
              checkpointsVerified,
              checkpoints,
              lastVerifiedCheckpoint.map(String::valueOf).orElse("none"),
              uncheckpointedRecords);
    }
    ChainProblem first = problems.get(0);
    return "Verification FAILED: %d problems; the first: %s at sequence %d: %s"
        .formatted(problemCount, first.kind(), first.sequence(), first.message());
  }
}
