package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed statement that the chain's record {@code sequence} had hash {@code hash} at {@code
 * signedAt}: whoever can write to the database but does not hold the signing key can neither
 * rewrite the records up to it nor cut them off unnoticed.
 *
 * <p>The signature (Ed25519) is over the UTF-8 text {@link #signedText()}: {@code
 * floe-audit-checkpoint/1}, the sequence, the hash in lower-case hex and the time ({@link
 * RecordEncoding#time}), separated by {@code \n}.
 *
 * @param keyId which key signed it ({@link CheckpointKeys#keyId})
 */
public record Checkpoint(long sequence, byte[] hash, Instant signedAt, String keyId, byte[] signature) {
  public static final String TAG = "floe-audit-checkpoint/1";

  public Checkpoint {
    requireNonNull(hash, "hash is null");
    requireNonNull(signedAt, "signedAt is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(signature, "signature is null");
    signedAt = signedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** What the signature covers. */
  public String signedText() {
    return signedText(sequence, hash, signedAt);
  }

  static String signedText(long sequence, byte[] hash, Instant signedAt) {
    return TAG + "\n" + sequence + "\n" + HexFormat.of().formatHex(hash) + "\n"
        + RecordEncoding.time(signedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
  }

  byte[] signedBytes() {
    return signedText().getBytes(StandardCharsets.UTF_8);
  }
}
