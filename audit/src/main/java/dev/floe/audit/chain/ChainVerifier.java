package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import dev.floe.audit.chain.ChainProblem.Kind;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks the chain record by record, in sequence order ({@link #accept}), and checks each record's
 * hash against its content, each link against the record before it, the sequence for gaps, and the
 * records at signed checkpoints against the checkpoints; {@link #finish} reports.
 *
 * <p>When a record does not match its hash, the verifier looks for the sequence number it was
 * written at (within {@link #SEARCH_DISTANCE}), to tell a changed record from one moved by a
 * reordering, an insertion or a deletion that renumbered the records after it. Records that only
 * moved with such a renumbering are not reported again one by one.
 *
 * <p>Not thread-safe; one verifier per walk.
 */
public final class ChainVerifier {
  /**
   * The operation of the record retention writes with each removal, detail {@code
   * through-sequence} naming the checkpoint the chain now starts after.
   */
  public static final String RETENTION_OPERATION = "PRUNE_AUDIT_SEGMENTS";

  /** Problems kept in the report (all are counted). */
  public static final int MAX_PROBLEMS = 100;
  /** How far from its place a moved record is looked for. */
  static final int SEARCH_DISTANCE = 1000;

  private final long started = System.nanoTime();
  private final Map<Long, Checkpoint> checkpoints = new TreeMap<>();
  /** The verified checkpoints by hash (hex), to recognize a checkpointed record that only moved. */
  private final Map<String, Checkpoint> checkpointsByHash = new HashMap<>();
  /** Checkpoints whose record did not match, unless the record turns up moved (already reported). */
  private final Map<Long, ChainProblem> mismatchedCheckpoints = new TreeMap<>();
  /** Checkpoints whose record turned up intact at another sequence. */
  private final java.util.Set<Long> movedCheckpoints = new java.util.HashSet<>();
  private final long checkpointsRead;
  private final List<ChainProblem> problems = new ArrayList<>();
  private long problemCount;

  private long records;
  private long firstSequence;
  private long lastSequence;
  private long expectedSequence = 1;
  /** The stored hash of the record before; null when there is nothing to link to. */
  private byte[] previousHash;
  /** The stored hash of the record before that one. */
  private byte[] previousPreviousHash;
  /** By how much the records since the last renumbering moved (0 when none did). */
  private long renumbering;
  /** A deletion inferred from a record moved down by one, unless the next one shows a swap. */
  private ChainProblem tentativeDeletion;
  /** Set when the record just checked completed a swapped pair. */
  private boolean swapResolved;
  private Long startsAfterCheckpoint;
  /** Whether a retention record names the checkpoint the chain starts after. */
  private boolean startRecorded;
  private long checkpointsVerified;
  private Long lastVerifiedCheckpoint;

  /**
   * @param trustedKeys the public keys whose checkpoints count (from outside the database)
   * @param storedCheckpoints the checkpoints stored beside the chain, in any order
   */
  public ChainVerifier(Collection<PublicKey> trustedKeys, Collection<Checkpoint> storedCheckpoints) {
    Map<String, PublicKey> keys = new HashMap<>();
    for (PublicKey key : trustedKeys) {
      keys.put(CheckpointKeys.keyId(key), key);
    }
    List<Checkpoint> sorted = new ArrayList<>(storedCheckpoints);
    sorted.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    for (Checkpoint checkpoint : sorted) {
      PublicKey key = keys.get(checkpoint.keyId());
      if (key == null) {
        problem(new ChainProblem(Kind.BAD_CHECKPOINT, checkpoint.sequence(),
            "the checkpoint signed at " + checkpoint.signedAt() + " names key " + checkpoint.keyId() + ", which is not trusted"));
      } else if (!CheckpointKeys.verifies(key, checkpoint)) {
        problem(new ChainProblem(Kind.BAD_CHECKPOINT, checkpoint.sequence(),
            "the signature of the checkpoint signed at " + checkpoint.signedAt() + " does not verify with key " + checkpoint.keyId()));
      } else {
        checkpointsByHash.put(java.util.HexFormat.of().formatHex(checkpoint.hash()), checkpoint);
        Checkpoint other = checkpoints.putIfAbsent(checkpoint.sequence(), checkpoint);
        if (other != null && !MessageDigest.isEqual(other.hash(), checkpoint.hash())) {
          problem(new ChainProblem(Kind.REWRITTEN, checkpoint.sequence(),
              "two validly signed checkpoints name different hashes for this record: the chain was forked"));
        }
      }
    }
    this.checkpointsRead = storedCheckpoints.size();
  }

  /** The next record; records must come in increasing sequence order. */
  public void accept(ChainedRecord record) {
    long sequence = record.sequence();
    if (records > 0 && sequence <= lastSequence) {
      throw new IllegalArgumentException("records out of order: " + sequence + " after " + lastSequence);
    }
    if (records == 0) {
      start(record);
    } else if (sequence > expectedSequence) {
      settleTentative();
      problem(new ChainProblem(Kind.DELETED, expectedSequence, sequence - expectedSequence == 1
          ? "record " + expectedSequence + " is missing"
          : "records " + expectedSequence + " to " + (sequence - 1) + " are missing"));
      previousHash = null;
    }
    check(record);
    checkCheckpoint(record);
    if (startsAfterCheckpoint != null
        && RETENTION_OPERATION.equals(record.event().operation())
        && String.valueOf(startsAfterCheckpoint).equals(record.event().details().get("through-sequence"))) {
      startRecorded = true;
    }
    records++;
    lastSequence = sequence;
    expectedSequence = sequence + 1;
    if (swapResolved) {
      // the record after a swapped pair links to the pair's later record, now the first of the two
      swapResolved = false;
      previousPreviousHash = null;
    } else {
      previousPreviousHash = previousHash;
      previousHash = record.hash();
    }
  }

  private void start(ChainedRecord record) {
    long sequence = record.sequence();
    firstSequence = sequence;
    expectedSequence = sequence;
    if (sequence == 1) {
      previousHash = ChainHead.GENESIS.hash();
      return;
    }
    Checkpoint boundary = checkpoints.get(sequence - 1);
    if (boundary != null && record.previousHash() != null && MessageDigest.isEqual(boundary.hash(), record.previousHash())) {
      startsAfterCheckpoint = sequence - 1;
      previousHash = boundary.hash();
      lastVerifiedCheckpoint = sequence - 1;
      checkpointsVerified++;
    } else {
      problem(new ChainProblem(Kind.MISSING_START, 1, "the chain starts at record " + sequence
          + " and no verified checkpoint at " + (sequence - 1) + " seals the records before it (retention removes only sealed segments)"));
      previousHash = null;
    }
  }

  private void check(ChainedRecord record) {
    long sequence = record.sequence();
    boolean linked = previousHash == null || (record.previousHash() != null && MessageDigest.isEqual(record.previousHash(), previousHash));
    if (record.hashMatchesContent()) {
      settleTentative();
      renumbering = 0;
      if (!linked) {
        if (previousPreviousHash != null && MessageDigest.isEqual(record.previousHash(), previousPreviousHash)) {
          problem(new ChainProblem(Kind.INSERTED, sequence - 1,
              "record " + sequence + " links to record " + (sequence - 2) + ": record " + (sequence - 1) + " was inserted between them"));
        } else {
          problem(new ChainProblem(Kind.CHANGED, sequence - 1,
              "record " + sequence + " links to another record " + (sequence - 1) + " than the one stored: record " + (sequence - 1)
                  + " was replaced together with its hash"));
        }
      }
      return;
    }
    if (renumbering != 0 && record.hashMatchesContentAt(sequence + renumbering) && linked) {
      return; // moved with the renumbering already reported
    }
    // looking for where a record was written costs up to 2,000 hashes: only for reported problems
    Long writtenAt = problemCount < MAX_PROBLEMS ? writtenAt(record) : null;
    if (writtenAt == null) {
      settleTentative();
      renumbering = 0;
      problem(new ChainProblem(Kind.CHANGED, sequence, "record " + sequence + " does not match its hash: its content was changed"));
      return;
    }
    long offset = writtenAt - sequence;
    if (tentativeDeletion != null && offset == -1 && tentativeDeletion.sequence() == writtenAt) {
      // the record before was this one's successor: the two were swapped, nothing was deleted
      ChainProblem swapped = new ChainProblem(Kind.REORDERED, writtenAt,
          "records " + writtenAt + " and " + sequence + " were swapped");
      tentativeDeletion = null;
      problem(swapped);
      renumbering = 0;
      swapResolved = true;
      return;
    }
    settleTentative();
    if (offset == -1) {
      renumbering = offset;
      problem(new ChainProblem(Kind.INSERTED, sequence - 1, "record " + sequence + " was written as record " + writtenAt
          + ": a record was inserted at " + (sequence - 1) + " and the records after it renumbered"));
    } else if (offset == 1) {
      renumbering = offset;
      tentativeDeletion = new ChainProblem(Kind.DELETED, sequence, "record " + sequence + " holds the record written as "
          + writtenAt + ": record " + sequence + " was deleted and the records after it renumbered");
    } else {
      renumbering = 0;
      problem(new ChainProblem(Kind.REORDERED, sequence, "record " + sequence + " holds the record written as " + writtenAt));
    }
  }

  /** The sequence the record was written at, when it is near its place; null when none fits. */
  private static Long writtenAt(ChainedRecord record) {
    long sequence = record.sequence();
    for (long distance = 1; distance <= SEARCH_DISTANCE; distance++) {
      if (sequence - distance >= 1 && record.hashMatchesContentAt(sequence - distance)) {
        return sequence - distance;
      }
      if (record.hashMatchesContentAt(sequence + distance)) {
        return sequence + distance;
      }
    }
    return null;
  }

  private void settleTentative() {
    if (tentativeDeletion != null) {
      ChainProblem deletion = tentativeDeletion;
      tentativeDeletion = null;
      problem(deletion);
    }
  }

  private void checkCheckpoint(ChainedRecord record) {
    if (record.hash() != null && (problemCount > 0 || tentativeDeletion != null || renumbering != 0)) {
      Checkpoint moved = checkpointsByHash.get(java.util.HexFormat.of().formatHex(record.hash()));
      if (moved != null && moved.sequence() != record.sequence()) {
        // the checkpointed record is intact, only moved: the move is reported on its own
        movedCheckpoints.add(moved.sequence());
        mismatchedCheckpoints.remove(moved.sequence());
      }
    }
    Checkpoint checkpoint = checkpoints.get(record.sequence());
    if (checkpoint == null || movedCheckpoints.contains(record.sequence())) {
      return;
    }
    if (MessageDigest.isEqual(checkpoint.hash(), record.hash())) {
      checkpointsVerified++;
      lastVerifiedCheckpoint = record.sequence();
      return;
    }
    long from = lastVerifiedCheckpoint == null ? firstSequence : lastVerifiedCheckpoint + 1;
    mismatchedCheckpoints.put(record.sequence(), new ChainProblem(Kind.REWRITTEN, from, "record " + record.sequence() + " does not have the hash of the checkpoint signed at "
        + checkpoint.signedAt() + ": the chain from record " + from + " to " + record.sequence() + " was rewritten and re-hashed"));
  }

  /** The report, after the last record. */
  public VerificationReport finish() {
    settleTentative();
    if (startsAfterCheckpoint != null && !startRecorded) {
      problem(new ChainProblem(Kind.MISSING_START, 1, "records 1 to " + startsAfterCheckpoint
          + " are gone and no retention record (" + RETENTION_OPERATION + " through " + startsAfterCheckpoint + ") says they were removed"));
    }
    mismatchedCheckpoints.values().forEach(this::problem);
    mismatchedCheckpoints.clear();
    Map.Entry<Long, Checkpoint> newest = ((TreeMap<Long, Checkpoint>) checkpoints).lastEntry();
    if (newest != null && newest.getKey() > lastSequence) {
      long from = lastSequence + 1;
      problem(new ChainProblem(Kind.TRUNCATED, from, "records " + from + " to " + newest.getKey() + " are missing from the end: the checkpoint signed at "
          + newest.getValue().signedAt() + " covers record " + newest.getKey()));
    }
    long covered = lastVerifiedCheckpoint == null ? firstSequence - 1 : lastVerifiedCheckpoint;
    long uncheckpointed = records == 0 ? 0 : Math.max(0, lastSequence - Math.max(covered, firstSequence - 1));
    List<ChainProblem> ordered = new ArrayList<>(problems);
    ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return new VerificationReport(
        records,
        firstSequence,
        lastSequence,
        Optional.ofNullable(startsAfterCheckpoint),
        checkpointsRead,
        checkpointsVerified,
        Optional.ofNullable(lastVerifiedCheckpoint),
        uncheckpointed,
        ordered,
        problemCount,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private void problem(ChainProblem problem) {
    problemCount++;
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(requireNonNull(problem));
    }
  }
}
