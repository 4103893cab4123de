package dev.floe.catalog.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code floe.audit.chain.*}: signed checkpoints of the audit chain and retention of old records
 * (docs/audit.md).
 */
@ConfigMapping(prefix = "floe.audit.chain")
public interface AuditChainConfig {
  /**
   * The checkpoint signing key as PEM text (an Ed25519 {@code PRIVATE KEY} and its {@code PUBLIC
   * KEY} block), for a secret passed in the environment ({@code FLOE_AUDIT_CHAIN_SIGNING_KEY}).
   * Takes precedence over {@link #signingKeyFile()}.
   */
  Optional<String> signingKey();

  /**
   * A file holding the signing key as PEM text. Unset: {@code <data-dir>/audit-checkpoint-key.pem},
   * generated at first start (mode 0600, its public half beside it as {@code
   * audit-checkpoint-key.pub.pem}). Set but missing: the server does not start.
   */
  Optional<String> signingKeyFile();

  /** Public keys (PEM files, comma-separated) of earlier signing keys whose checkpoints still verify. */
  Optional<String> trustedPublicKeyFiles();

  /** A checkpoint once this many records were appended since the last one. */
  @WithDefault("10000")
  int checkpointEveryRecords();

  /** A checkpoint at least this often while records are appended. */
  @WithDefault("PT1M")
  Duration checkpointInterval();

  /**
   * A file every checkpoint is appended to as a line of JSON, outside the database (each is also
   * logged at INFO by {@code dev.floe.audit.checkpoint}); {@code audit-verify --checkpoints-file}
   * reads it back.
   */
  Optional<String> checkpointFile();

  /**
   * Records older than this are removed, as whole sealed segments (up to a checkpoint signed before
   * now minus this age). Unset: kept forever.
   */
  Optional<Duration> retention();

  /** How often retention looks for segments to remove. */
  @WithDefault("PT1H")
  Duration retentionCheckInterval();
}
