package dev.floe.catalog.audit;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.chain.ChainHead;
import dev.floe.audit.chain.Checkpoint;
import dev.floe.audit.chain.CheckpointKeys;
import dev.floe.audit.chain.CheckpointLog;
import dev.floe.audit.chain.StoredChain;
import dev.floe.audit.chain.VerificationReport;
import dev.floe.catalog.config.FloeConfig;
import dev.floe.catalog.metastore.Jdbc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Signs checkpoints of the audit chain: every {@code checkpoint-every-records} records or {@code
 * checkpoint-interval}, whichever comes first, and once more at shutdown after the audit writer
 * flushed. Every node does it; two nodes checkpointing the same head store it once. Each checkpoint
 * also goes outside the database: a log line ({@code dev.floe.audit.checkpoint}, INFO) and, when
 * configured, a line in {@code checkpoint-file}.
 */
@Singleton
@Startup
public class AuditCheckpoints {
  private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
  private static final Logger CHECKPOINT_LOG = Logger.getLogger("dev.floe.audit.checkpoint");
  private static final long CHECK_MILLIS = 1000;

  private final Jdbc jdbc;
  private final PostgresAuditStore store;
  private final AuditChainConfig config;
  private final CheckpointSigningKey key;
  private final Clock clock = Clock.systemUTC();
  private final String node = nodeName();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "floe-audit-checkpoints");
        thread.setDaemon(true);
        return thread;
      });

  @Inject
  public AuditCheckpoints(DataSource dataSource, PostgresAuditStore store, AuditChainConfig config, FloeConfig floe) {
    this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    this.store = store;
    this.config = config;
    if (config.checkpointEveryRecords() < 1) {
      throw new IllegalStateException("floe.audit.chain.checkpoint-every-records must be at least 1, got " + config.checkpointEveryRecords());
    }
    if (config.checkpointInterval().toMillis() < 1) {
      throw new IllegalStateException("floe.audit.chain.checkpoint-interval must be positive, got " + config.checkpointInterval());
    }
    this.key = CheckpointSigningKey.load(config, floe);
    scheduler.scheduleWithFixedDelay(this::checkpointIfDue, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The signing key and the keys checkpoints verify with. */
  public CheckpointSigningKey key() {
    return key;
  }

  private void checkpointIfDue() {
    try {
      ChainHead head = store.head();
      Checkpoint newest = newest();
      long since = head.sequence() - (newest == null ? 0 : newest.sequence());
      if (since <= 0) {
        return;
      }
      boolean old = newest == null
          || newest.signedAt().plus(config.checkpointInterval()).isBefore(clock.instant());
      if (since >= config.checkpointEveryRecords() || old) {
        checkpoint(head);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not write an audit checkpoint; retrying in a second", e);
    }
  }

  /** Signs and stores a checkpoint of the current head, unless one covers it already. */
  public Optional<Checkpoint> checkpointNow() {
    ChainHead head = store.head();
    Checkpoint newest = newest();
    if (head.sequence() == 0 || (newest != null && newest.sequence() >= head.sequence())) {
      return Optional.empty();
    }
    return Optional.of(checkpoint(head));
  }

  private Checkpoint checkpoint(ChainHead head) {
    Checkpoint checkpoint = CheckpointKeys.sign(key.keys(), head, clock.instant());
    int stored =
        jdbc.update(
            "INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature, node) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (seq) DO NOTHING",
            statement -> {
              statement.setLong(1, checkpoint.sequence());
              statement.setBytes(2, checkpoint.hash());
              statement.setObject(3, OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC));
              statement.setString(4, checkpoint.keyId());
              statement.setBytes(5, checkpoint.signature());
              statement.setString(6, node);
            });
    if (stored == 1) {
      String line = CheckpointLog.line(checkpoint);
      CHECKPOINT_LOG.info(line);
      config.checkpointFile().ifPresent(file -> append(Path.of(file), line));
    }
    return checkpoint;
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.errorf(e, "Could not append the audit checkpoint to %s (it is stored and logged): %s", file, line);
    }
  }

  /** The newest stored checkpoint (every checkpoint signed here is stored, or one at its sequence is). */
  private Checkpoint newest() {
    return jdbc.optional(
            "SELECT " + StoredChain.CHECKPOINT_COLUMNS + " FROM audit_checkpoints ORDER BY seq DESC LIMIT 1",
            Jdbc.Parameters.NONE,
            StoredChain::checkpoint)
        .orElse(null);
  }

  /**
   * Walks the whole chain and its checkpoints (see {@link StoredChain#verify}), with the copies of
   * the checkpoints kept outside the database ({@code checkpoint-file}) when there is one: without
   * them, someone who rewrites records and deletes the checkpoints above them goes unnoticed.
   */
  public VerificationReport verify() {
    List<Checkpoint> outside = outsideCopies();
    return jdbc.onConnection(connection -> StoredChain.verify(connection, key.trusted(), outside));
  }

  private List<Checkpoint> outsideCopies() {
    if (config.checkpointFile().isEmpty() || !Files.isRegularFile(Path.of(config.checkpointFile().get()))) {
      return List.of();
    }
    try {
      return CheckpointLog.read(Path.of(config.checkpointFile().get()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot read the audit checkpoint file " + config.checkpointFile().get() + ": " + e.getMessage(), e);
    }
  }

  /** After the audit writer flushed at shutdown (its observer runs first): the tail is sealed. */
  void close(@Observes @Priority(5000) ShutdownEvent event) {
    scheduler.shutdownNow();
    try {
      checkpointNow();
    } catch (RuntimeException e) {
      LOG.warn("Could not write the audit checkpoint at shutdown", e);
    }
  }

  private static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
    } catch (IOException e) {
      return "pid " + ProcessHandle.current().pid();
    }
  }
}
