package dev.floe.catalog.metastore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The records of requests sent with an {@code Idempotency-Key}, in PostgreSQL (table {@code
 * idempotency_records}). Every method commits on its own, apart from any transaction of the
 * caller: a claim must be seen by a retry on another node while the request still runs.
 *
 * <p>These transactions commit without waiting for their WAL to reach disk ({@code
 * synchronous_commit = off}): the change a claim guards commits synchronously after it, which
 * flushes the claim too, and a completion lost in a crash leaves the claim in progress until it
 * expires, exactly as a crash between the change and its completion always could. Two flushes
 * less per idempotent change.
 */
@ApplicationScoped
public class IdempotencyStore {
  static final int COMPRESS_FROM_BYTES = 1_024;

  private final Jdbc jdbc;

  @Inject
  public IdempotencyStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Claims {@code key} of {@code principal} for a request: returns empty when the claim succeeded
   * (the caller runs the request), or that principal's record already there. Keys are scoped per
   * principal: another principal's record with the same key is never seen.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<IdempotencyRecord> claim(
      String principal, String key, String operation, String resource, Instant expiresAt) {
    commitWithoutFlush();
    // an expired record no longer counts: remove it so the key can be claimed again
    jdbc.update(
        "DELETE FROM idempotency_records WHERE principal = ? AND idempotency_key = ? AND expires_at < now()",
        statement -> {
          statement.setString(1, principal);
          statement.setString(2, key);
        });
    int inserted =
        jdbc.update(
            "INSERT INTO idempotency_records (principal, idempotency_key, operation, resource, state, expires_at)"
                + " VALUES (?, ?, ?, ?, 'IN_PROGRESS', ?) ON CONFLICT (principal, idempotency_key) DO NOTHING",
            statement -> {
              statement.setString(1, principal);
              statement.setString(2, key);
              statement.setString(3, operation);
              statement.setString(4, resource);
              statement.setObject(5, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
            });
    if (inserted == 1) {
      return Optional.empty();
    }
    Optional<IdempotencyRecord> existing =
        jdbc.optional(
            "SELECT operation, resource, state, http_status, response_body, expires_at, response_body_gzip"
                + " FROM idempotency_records WHERE principal = ? AND idempotency_key = ?",
            statement -> {
              statement.setString(1, principal);
              statement.setString(2, key);
            },
            row ->
                new IdempotencyRecord(
                    principal,
                    key,
                    row.getString(1),
                    row.getString(2),
                    "COMPLETED".equals(row.getString(3)),
                    row.getInt(4),
                    storedBody(row.getString(5), row.getBytes(7)),
                    row.getObject(6, OffsetDateTime.class).toInstant()));
    // released between our insert and select: treat as in progress; the client retries
    return Optional.of(
        existing.orElseGet(() -> new IdempotencyRecord(principal, key, operation, resource, false, 0, null, expiresAt)));
  }

  /**
   * Keeps the answer to replay to every retry: as text below {@value #COMPRESS_FROM_BYTES} bytes,
   * else gzip-compressed (a table's answer of about 11 kB takes about 2 kB).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void complete(String principal, String key, int httpStatus, String responseBody) {
    byte[] bytes = responseBody == null ? null : responseBody.getBytes(StandardCharsets.UTF_8);
    boolean compress = bytes != null && bytes.length >= COMPRESS_FROM_BYTES;
    commitWithoutFlush();
    jdbc.update(
        "UPDATE idempotency_records SET state = 'COMPLETED', http_status = ?, response_body = ?, response_body_gzip = ?"
            + " WHERE principal = ? AND idempotency_key = ?",
        statement -> {
          statement.setInt(1, httpStatus);
          statement.setString(2, compress ? null : responseBody);
          statement.setBytes(3, compress ? GzipBytes.compress(bytes) : null);
          statement.setString(4, principal);
          statement.setString(5, key);
        });
  }

  /** This transaction commits without waiting for the WAL flush (see the class comment). */
  private void commitWithoutFlush() {
    jdbc.update("SET LOCAL synchronous_commit = off", statement -> {});
  }

  private static String storedBody(String text, byte[] compressed) {
    return compressed == null ? text : new String(GzipBytes.decompress(compressed), StandardCharsets.UTF_8);
  }

  /** Gives up a claim still in progress, so that a retry runs the request again. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void release(String principal, String key) {
    commitWithoutFlush();
    jdbc.update(
        "DELETE FROM idempotency_records WHERE principal = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'",
        statement -> {
          statement.setString(1, principal);
          statement.setString(2, key);
        });
  }

  /** Deletes the records that expired before {@code now}; returns how many. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteExpired(Instant now) {
    return jdbc.update(
        "DELETE FROM idempotency_records WHERE expires_at < ?",
        statement -> statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
  }
}
