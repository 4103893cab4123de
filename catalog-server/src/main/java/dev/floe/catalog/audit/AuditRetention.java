package dev.floe.catalog.audit;

import dev.floe.audit.AuditEvent;
import dev.floe.audit.AuditSink;
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
 * Each removal is itself recorded ({@code PRUNE_AUDIT_SEGMENTS}).
 */
@Singleton
@Startup
public class AuditRetention {
  private static final Logger LOG = Logger.getLogger(AuditRetention.class);

  private final Jdbc jdbc;
  private final AuditChainConfig config;
  private final AuditSink audit;
  private final ScheduledExecutorService scheduler;

  @Inject
  public AuditRetention(DataSource dataSource, AuditChainConfig config, AuditSink audit) {
    this.jdbc = new Jdbc(dataSource);
    this.config = config;
    this.audit = audit;
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
   * many records went.
   */
  public long prune(Instant cutoff) {
    List<Long> boundaries =
        jdbc.list(
            "SELECT seq FROM audit_checkpoints WHERE signed_at < ? AND seq > COALESCE((SELECT min(seq) - 1 FROM audit_events), 0)"
                + " ORDER BY seq",
            statement -> statement.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)),
            row -> row.getLong(1));
    long removed = 0;
    long through = 0;
    for (long boundary : boundaries) {
      removed += jdbc.inTransaction(connection -> {
        int records = jdbc.update("DELETE FROM audit_events WHERE seq <= ?", statement -> statement.setLong(1, boundary));
        jdbc.update("DELETE FROM audit_checkpoints WHERE seq < ?", statement -> statement.setLong(1, boundary));
        return records;
      });
      through = boundary;
    }
    if (removed > 0) {
      LOG.infof("Audit retention removed %d records up to the checkpoint at %d (signed before %s)", removed, through, cutoff);
      audit.record(new AuditEvent(
          UUID.randomUUID(),
          Instant.now(),
          AuditEvent.Kind.MUTATION,
          "floe",
          "PRUNE_AUDIT_SEGMENTS",
          "",
          "SUCCESS",
          "retention: records older than " + config.retention().map(Duration::toString).orElse("the cutoff"),
          null,
          null,
          Map.of("through-sequence", Long.toString(through), "records", Long.toString(removed), "cutoff", cutoff.toString())));
    }
    return removed;
  }

  void close(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
