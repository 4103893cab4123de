package dev.floe.catalog.audit;

import dev.floe.audit.AuditEvent;
import dev.floe.audit.chain.Checkpoint;
import dev.floe.audit.chain.CheckpointKeys;
import dev.floe.audit.chain.StoredChain;
import dev.floe.catalog.metastore.Jdbc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Removes audit records older than {@code floe.audit.chain.retention}, only as whole sealed
 * segments: up to a checkpoint signed before the cutoff (every record up to it was written before
 * it was signed), one segment per transaction, oldest first, so that the chain always starts right
 * after a checkpoint and still verifies. The checkpoint at the new start is kept; older ones go.
 * Each removal is recorded in its own transaction ({@code PRUNE_AUDIT_SEGMENTS}).
 */
@Singleton
@Startup
public class AuditRetention {
  private static final Logger LOG = Logger.getLogger(AuditRetention.class);

  private final Jdbc jdbc;
  private final AuditChainConfig config;
  /** The operation of retention's own records. */
  public static final String RETENTION_OPERATION = dev.floe.audit.chain.ChainVerifier.RETENTION_OPERATION;

  private final PostgresAuditStore store;
  private final CheckpointSigningKey keys;
  private final ScheduledExecutorService scheduler;

  @Inject
  public AuditRetention(DataSource dataSource, AuditChainConfig config, PostgresAuditStore store, AuditCheckpoints checkpoints) {
    this.jdbc = new Jdbc(dataSource);
    this.config = config;
    this.store = store;
    this.keys = checkpoints.key();
    if (config.retention().isEmpty()) {
      scheduler = null;
      return;
    }
    Duration retention = config.retention().get();
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalStateException("floe.audit.chain.retention must be positive, got " + retention);
    }
    long every = Math.max(1, config.retentionCheckInterval().toMillis());
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "floe-audit-retention");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void pruneQuietly() {
    try {
      prune(Instant.now().minus(config.retention().orElseThrow()));
    } catch (RuntimeException e) {
      LOG.warn("Audit retention failed; retrying at its next interval", e);
    }
  }

  /**
   * Removes the sealed segments whose checkpoint was signed before {@code cutoff}; answers how
   * many records went. A segment goes only when its checkpoint's signature verifies with a trusted
   * key and the record it names has its hash (a forged checkpoint row seals nothing), and never the
   * newest record (the chain keeps its head). Each removal commits together with its record
   * ({@code PRUNE_AUDIT_SEGMENTS}, detail {@code through-sequence}), which verification requires of
   * a chain that starts after a checkpoint.
   */
  public long prune(Instant cutoff) {
    List<Checkpoint> candidates =
        jdbc.list(
            "SELECT " + StoredChain.CHECKPOINT_COLUMNS + " FROM audit_checkpoints WHERE signed_at < ?"
                + " AND seq > COALESCE((SELECT min(seq) - 1 FROM audit_events), 0)"
                + " AND seq < (SELECT max(seq) FROM audit_events) ORDER BY seq",
            statement -> statement.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)),
            StoredChain::checkpoint);
    long removed = 0;
    for (Checkpoint checkpoint : candidates) {
      if (!sealedBy(checkpoint)) {
        LOG.errorf("Audit retention skipped the checkpoint at %d: its signature or hash does not verify (run audit-verify)", checkpoint.sequence());
        break;
      }
      long boundary = checkpoint.sequence();
      removed += jdbc.inTransaction(connection -> {
        int records = jdbc.update("DELETE FROM audit_events WHERE seq <= ?", statement -> statement.setLong(1, boundary));
        jdbc.update("DELETE FROM audit_checkpoints WHERE seq < ?", statement -> statement.setLong(1, boundary));
        store.append(List.of(pruned(boundary, records, cutoff)));
        return records;
      });
      LOG.infof("Audit retention removed the records up to the checkpoint at %d (signed before %s)", boundary, cutoff);
    }
    return removed;
  }

  /** Whether a trusted key signed the checkpoint and the record it names still has its hash. */
  private boolean sealedBy(Checkpoint checkpoint) {
    boolean signed = keys.trusted().stream().anyMatch(key -> CheckpointKeys.keyId(key).equals(checkpoint.keyId()) && CheckpointKeys.verifies(key, checkpoint));
    return signed
        && jdbc.exists(
            "SELECT 1 FROM audit_events WHERE seq = ? AND hash = ?",
            statement -> {
              statement.setLong(1, checkpoint.sequence());
              statement.setBytes(2, checkpoint.hash());
            });
  }

  private AuditEvent pruned(long through, int records, Instant cutoff) {
    return new AuditEvent(
        UUID.randomUUID(),
        Instant.now(),
        AuditEvent.Kind.MUTATION,
        "floe",
        RETENTION_OPERATION,
        "",
        "SUCCESS",
        "retention: records older than " + config.retention().map(Duration::toString).orElse("the cutoff"),
        null,
        null,
        Map.of("through-sequence", Long.toString(through), "records", Integer.toString(records), "cutoff", cutoff.toString()));
  }

  void close(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
