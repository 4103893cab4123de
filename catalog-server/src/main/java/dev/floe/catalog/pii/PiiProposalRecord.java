package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A stored PII proposal: counts and the proposed tag for one column of one table, never a value.
 *
 * @param fieldId the column's Iceberg field id (its name is read from the table's current schema)
 * @param snapshotId the snapshot sampled, or -1 for a table without one
 */
public record PiiProposalRecord(
    long id,
    String catalog,
    TableIdentifier table,
    int fieldId,
    String tag,
    double confidence,
    int matchingCount,
    int sampledCount,
    long snapshotId,
    Status status,
    Optional<String> decidedBy,
    Optional<Instant> decidedAt,
    Instant createdAt) {
  public PiiProposalRecord {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(table, "table is null");
    requireNonNull(tag, "tag is null");
    requireNonNull(status, "status is null");
    requireNonNull(decidedBy, "decidedBy is null");
    requireNonNull(decidedAt, "decidedAt is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  /** Where a proposal stands; its name in the API and the database is the lower-case one. */
  public enum Status {
    PROPOSED,
    ACCEPTED,
    REJECTED;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a name of the API; empty for an unknown one. */
    public static Optional<Status> of(String value) {
      for (Status status : values()) {
        if (status.value().equals(value)) {
          return Optional.of(status);
        }
      }
      return Optional.empty();
    }
  }
}
