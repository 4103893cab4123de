package dev.floe.catalog.purge;

import java.time.Instant;
import java.util.List;

/**
 * One purge of a dropped table's files, as recorded in {@code purge_jobs}.
 *
 * @param roots the normalized locations files may be deleted under, the table location first
 */
public record PurgeJob(
    long id,
    long catalogId,
    String catalogName,
    String table,
    String location,
    List<String> roots,
    String metadataLocation,
    Status status,
    long filesDeleted,
    long filesSkipped,
    int attempts,
    String lastError,
    String claimedBy,
    Instant leaseUntil,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt) {

  /** Where a purge is. */
  public enum Status {
    /** Waiting for a worker (new, or to be retried at {@code nextAttemptAt}). */
    PENDING,
    /** A worker holds it until {@code leaseUntil}; after that another may take it over. */
    RUNNING,
    /** Every file is deleted. */
    DONE,
    /** Given up after the last attempt; {@code lastError} says why. */
    FAILED
  }
}
