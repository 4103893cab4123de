package dev.floe.catalog.pii;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;

/**
 * What a PII scan job has done so far. Counts and at most an error message naming a table, never
 * a sampled value.
 *
 * @param table the one table scanned, or empty for every table of the namespace
 * @param proposals how many column proposals the scan made (new ones, renewed ones and rejected
 *     ones proposed again because their evidence changed)
 * @param error why the job or one of its tables failed
 */
public record PiiScanJob(
    String id,
    String catalog,
    Namespace namespace,
    Optional<String> table,
    Status status,
    int tablesDone,
    int tablesTotal,
    int proposals,
    Optional<String> error,
    String startedBy,
    Instant startedAt,
    Optional<Instant> finishedAt) {
  public PiiScanJob {
    requireNonNull(id, "id is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(table, "table is null");
    requireNonNull(status, "status is null");
    requireNonNull(error, "error is null");
    requireNonNull(startedBy, "startedBy is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }

  public List<String> namespaceLevels() {
    return List.of(namespace.levels());
  }

  public enum Status {
    RUNNING,
    DONE,
    FAILED;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
