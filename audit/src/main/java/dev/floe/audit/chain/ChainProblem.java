package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

/**
 * One thing verification found wrong, at the sequence number it names.
 *
 * @param kind what happened to the record
 * @param sequence the record it names (for {@link Kind#TRUNCATED}, the first missing one)
 * @param message what was found, in words
 */
public record ChainProblem(Kind kind, long sequence, String message) {
  public enum Kind {
    /** The record's content no longer matches its hash. */
    CHANGED,
    /** The record is missing: the sequence has a gap there. */
    DELETED,
    /** A record that was never written by Floe is at this sequence (the ones after it moved up). */
    INSERTED,
    /** The record at this sequence was written at another sequence. */
    REORDERED,
    /** Records up to a signed checkpoint are missing from the end of the chain. */
    TRUNCATED,
    /** The chain verifies link by link but not against a signed checkpoint: it was re-hashed. */
    REWRITTEN,
    /** A checkpoint whose signature does not verify with any trusted key. */
    BAD_CHECKPOINT,
    /** The chain's oldest records are gone and no signed checkpoint seals the segment before them. */
    MISSING_START
  }

  public ChainProblem {
    requireNonNull(kind, "kind is null");
    requireNonNull(message, "message is null");
  }
}
