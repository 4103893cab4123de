package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import java.security.MessageDigest;

/**
 * An audit event in the chain: its sequence number (1, 2, 3, … without gaps), the hash of the
 * record before it and its own hash ({@link RecordEncoding#hash} of all three), as stored.
 */
public record ChainedRecord(long sequence, byte[] previousHash, byte[] hash, AuditEvent event) {
  public ChainedRecord {
    requireNonNull(event, "event is null");
  }

  /** Whether the stored hash is the hash of the stored content. */
  public boolean hashMatchesContent() {
    return hash != null && previousHash != null && previousHash.length == RecordEncoding.HASH_LENGTH
        && MessageDigest.isEqual(hash, RecordEncoding.hash(sequence, previousHash, event));
  }

  /** Whether the content hashes to the stored hash when written as sequence {@code other}. */
  boolean hashMatchesContentAt(long other) {
    return hash != null && previousHash != null && previousHash.length == RecordEncoding.HASH_LENGTH
        && MessageDigest.isEqual(hash, RecordEncoding.hash(other, previousHash, event));
  }
}
