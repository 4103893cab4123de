package dev.floe.catalog.purge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The {@code purge_jobs} table: recording a purge together with the drop, claiming jobs with a
 * lease ({@code FOR UPDATE SKIP LOCKED}, so two nodes never run one job at once), progress,
 * completion and retries with backoff. Each method is one statement ({@link Jdbc}).
 */
public class PurgeJobs {
  private static final ObjectMapper JSON = FloeJson.mapper();
  private static final TypeReference<List<String>> ROOTS_TYPE = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, catalog_id, catalog_name, namespace_path, table_name, location, roots, metadata_location, status,"
          + " files_deleted, files_skipped, attempts, last_error, claimed_by, lease_until, next_attempt_at,"
          + " created_at, updated_at, finished_at";

  private final Jdbc jdbc;

  public PurgeJobs(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Drops table {@code identifier} of catalog {@code catalogId} and records its purge, in one
   * statement: either both happen or neither. Returns the dropped table's metadata location;
   * empty when there is no such table.
   *
   * @param roots the locations the purge may delete under (normalized, the table location first)
   */
  public Optional<String> dropAndRecord(
      long catalogId, String catalogName, TableIdentifier identifier, List<String> roots) {
    String sql =
        "WITH dropped AS (DELETE FROM catalog_objects WHERE catalog_id = ? AND namespace_path = ? AND name = ?"
            + " AND kind = 'TABLE' RETURNING id, metadata_location, location),"
            + " job AS (INSERT INTO purge_jobs (catalog_id, catalog_name, namespace_path, table_name, location, roots,"
            + " metadata_location, status)"
            + " SELECT ?, ?, ?, ?, COALESCE(location, ''), ?, metadata_location, 'PENDING' FROM dropped"
            + " RETURNING id, metadata_location),"
            // the table's prefixes stay reserved for the purge until it is done: no new table can
            // move in and have its files deleted
            + " kept AS (INSERT INTO storage_prefixes (prefix, owner_kind, catalog_id, purge_job_id)"
            + " SELECT owned.prefix, 'PURGE', owned.catalog_id, job.id FROM storage_prefixes owned, dropped, job"
            + " WHERE owned.object_id = dropped.id)"
            + " SELECT metadata_location FROM job";
    String rootsJson = json(roots);
    String path = NamespacePaths.path(identifier.namespace());
    return jdbc.writeReturning(
        sql,
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, path);
          statement.setString(3, identifier.name());
          statement.setLong(4, catalogId);
          statement.setString(5, catalogName);
          statement.setString(6, path);
          statement.setString(7, identifier.name());
          statement.setString(8, rootsJson);
        },
        row -> row.getString(1));
  }

  /**
   * Claims the oldest due job for {@code node} until {@code lease} from now: a pending one whose
   * next attempt is due, or a running one whose lease ran out (its node stopped). Counts an
   * attempt. Empty when nothing is due.
   */
  public Optional<PurgeJob> claim(String node, Duration lease) {
    String sql =
        "UPDATE purge_jobs SET status = 'RUNNING', claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',"
            + " attempts = attempts + 1, updated_at = now()"
            + " WHERE id = (SELECT id FROM purge_jobs WHERE (status = 'PENDING' AND next_attempt_at <= now())"
            + " OR (status = 'RUNNING' AND lease_until < now()) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + COLUMNS;
    return jdbc.optional(
        sql,
        statement -> {
          statement.setString(1, node);
          statement.setLong(2, lease.toMillis());
        },
        PurgeJobs::read);
  }

  /**
   * Records progress and extends the lease; false when {@code node} no longer holds the job
   * (another node took it over after the lease ran out): the caller stops.
   */
  public boolean progress(long id, String node, long deleted, long skipped, Duration lease) {
    return jdbc.update(
        "UPDATE purge_jobs SET files_deleted = ?, files_skipped = ?, lease_until = now() + ? * interval '1 millisecond',"
            + " updated_at = now() WHERE id = ? AND claimed_by = ? AND status = 'RUNNING'",
        statement -> {
          statement.setLong(1, deleted);
          statement.setLong(2, skipped);
          statement.setLong(3, lease.toMillis());
          statement.setLong(4, id);
          statement.setString(5, node);
        })
        == 1;
  }

  /**
   * Marks the job done and releases the prefixes it reserved; false when {@code node} no longer
   * held it. (A failed job keeps them: its files may still be there.)
   */
  public boolean complete(long id, String node, long deleted, long skipped) {
    // the statement's single result is the number of jobs its data-modifying part changed
    return jdbc.single(
        "WITH done AS (UPDATE purge_jobs SET status = 'DONE', files_deleted = ?, files_skipped = ?, last_error = NULL,"
            + " lease_until = NULL, updated_at = now(), finished_at = now()"
            + " WHERE id = ? AND claimed_by = ? AND status = 'RUNNING' RETURNING id),"
            + " released AS (DELETE FROM storage_prefixes WHERE purge_job_id IN (SELECT id FROM done))"
            + " SELECT count(*) FROM done",
        statement -> {
          statement.setLong(1, deleted);
          statement.setLong(2, skipped);
          statement.setLong(3, id);
          statement.setString(4, node);
        },
        row -> row.getLong(1))
        == 1;
  }

  /**
   * Records a failed attempt: pending again after {@code retryAfter}, or failed for good when
   * {@code attempts} reached {@code maxAttempts}.
   */
  public boolean fail(long id, String node, long deleted, long skipped, String error, Duration retryAfter, int maxAttempts) {
    return jdbc.update(
        "UPDATE purge_jobs SET status = CASE WHEN attempts >= ? THEN 'FAILED' ELSE 'PENDING' END,"
            + " files_deleted = ?, files_skipped = ?, last_error = ?, lease_until = NULL,"
            + " next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now(),"
            + " finished_at = CASE WHEN attempts >= ? THEN now() END"
            + " WHERE id = ? AND claimed_by = ? AND status = 'RUNNING'",
        statement -> {
          statement.setInt(1, maxAttempts);
          statement.setLong(2, deleted);
          statement.setLong(3, skipped);
          statement.setString(4, error);
          statement.setLong(5, retryAfter.toMillis());
          statement.setInt(6, maxAttempts);
          statement.setLong(7, id);
          statement.setString(8, node);
        })
        == 1;
  }

  /** The jobs of catalog {@code catalogName}, newest first, at most {@code limit}. */
  public List<PurgeJob> list(String catalogName, int limit) {
    return jdbc.list(
        "SELECT " + COLUMNS + " FROM purge_jobs WHERE catalog_name = ? ORDER BY id DESC LIMIT ?",
        statement -> {
          statement.setString(1, catalogName);
          statement.setInt(2, limit);
        },
        PurgeJobs::read);
  }

  public Optional<PurgeJob> find(long id) {
    return jdbc.optional("SELECT " + COLUMNS + " FROM purge_jobs WHERE id = ?", statement -> statement.setLong(1, id), PurgeJobs::read);
  }

  private static PurgeJob read(ResultSet results) throws SQLException {
    String table =
        NamespacePaths.namespace(results.getString("namespace_path")) + "." + results.getString("table_name");
    List<String> roots;
    try {
      roots = JSON.readValue(results.getString("roots"), ROOTS_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Invalid roots of purge job " + results.getLong("id"), e);
    }
    return new PurgeJob(
        results.getLong("id"),
        results.getLong("catalog_id"),
        results.getString("catalog_name"),
        table,
        results.getString("location"),
        roots,
        results.getString("metadata_location"),
        PurgeJob.Status.valueOf(results.getString("status")),
        results.getLong("files_deleted"),
        results.getLong("files_skipped"),
        results.getInt("attempts"),
        results.getString("last_error"),
        results.getString("claimed_by"),
        instant(results.getTimestamp("lease_until")),
        instant(results.getTimestamp("next_attempt_at")),
        instant(results.getTimestamp("created_at")),
        instant(results.getTimestamp("updated_at")),
        instant(results.getTimestamp("finished_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static String json(List<String> roots) {
    try {
      return JSON.writeValueAsString(roots);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
