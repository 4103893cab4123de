package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The last record of the chain: its sequence number and hash. {@link #GENESIS} is the head of an
 * empty chain (sequence 0, 32 zero bytes).
 */
public record ChainHead(long sequence, byte[] hash) {
  public static final ChainHead GENESIS = new ChainHead(0, new byte[RecordEncoding.HASH_LENGTH]);

  public ChainHead {
    requireNonNull(hash, "hash is null");
    if (hash.length != RecordEncoding.HASH_LENGTH) {
      throw new IllegalArgumentException("hash must be " + RecordEncoding.HASH_LENGTH + " bytes, got " + hash.length);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, got " + sequence);
    }
  }

  /** {@code events} chained after this head, in order. */
  public List<ChainedRecord> append(List<AuditEvent> events) {
    List<ChainedRecord> records = new ArrayList<>(events.size());
    long sequence = this.sequence;
    byte[] previous = hash;
    for (AuditEvent event : events) {
      sequence++;
      byte[] hash = RecordEncoding.hash(sequence, previous, event);
      records.add(new ChainedRecord(sequence, previous, hash, event));
      previous = hash;
    }
    return records;
  }

  /** The head after {@code record}. */
  public static ChainHead of(ChainedRecord record) {
    return new ChainHead(record.sequence(), record.hash());
  }
}
