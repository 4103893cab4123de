package dev.floe.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.audit.AuditEvent;
import dev.floe.audit.chain.ChainProblem.Kind;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TestChainVerifier {
  private static final KeyPair KEYS = CheckpointKeys.generate();
  private static final KeyPair OTHER_KEYS = CheckpointKeys.generate();

  private final List<ChainedRecord> chain = ChainHead.GENESIS.append(events(1, 30));
  private final List<Checkpoint> checkpoints = new ArrayList<>(List.of(checkpoint(10), checkpoint(20)));

  @Test
  void anUntouchedChainVerifies() {
    VerificationReport report = verify(chain, checkpoints);
    assertThat(report.verified()).as(report.summary()).isTrue();
    assertThat(report.records()).isEqualTo(30);
    assertThat(report.checkpointsVerified()).isEqualTo(2);
    assertThat(report.lastVerifiedCheckpoint()).contains(20L);
    assertThat(report.uncheckpointedRecords()).isEqualTo(10);
  }

  @Test
  void aChangedPayloadIsNamed() {
    List<ChainedRecord> tampered = new ArrayList<>(chain);
    ChainedRecord original = tampered.get(6);
    tampered.set(6, new ChainedRecord(7, original.previousHash(), original.hash(), event(999, "bob")));
    assertFirst(verify(tampered, checkpoints), Kind.CHANGED, 7);
  }

  @Test
  void aDeletedRecordIsNamed() {
    List<ChainedRecord> tampered = new ArrayList<>(chain);
    tampered.remove(11);
    assertFirst(verify(tampered, checkpoints), Kind.DELETED, 12);
  }

  @Test
  void aDeletionThatRenumberedTheRestIsNamedOnce() {
    List<ChainedRecord> tampered = new ArrayList<>(chain.subList(0, 11));
    for (ChainedRecord moved : chain.subList(12, 30)) {
      tampered.add(new ChainedRecord(moved.sequence() - 1, moved.previousHash(), moved.hash(), moved.event()));
    }
    VerificationReport report = verify(tampered, checkpoints);
    assertFirst(report, Kind.DELETED, 12);
    assertThat(report.problemCount()).isEqualTo(1);
  }

  @Test
  void anInsertedRecordIsNamedEvenWhenForgedWithAValidHash() {
    List<ChainedRecord> tampered = new ArrayList<>(chain.subList(0, 14));
    ChainedRecord forged = new ChainHead(14, chain.get(13).hash()).append(List.of(event(500, "mallory"))).get(0);
    tampered.add(forged);
    for (ChainedRecord moved : chain.subList(14, 30)) {
      tampered.add(new ChainedRecord(moved.sequence() + 1, moved.previousHash(), moved.hash(), moved.event()));
    }
    VerificationReport report = verify(tampered, checkpoints);
    assertFirst(report, Kind.INSERTED, 15);
    assertThat(report.problemCount()).isEqualTo(1);
  }

  @Test
  void swappedRecordsAreNamed() {
    assertFirst(verify(swap(chain, 4, 5), checkpoints), Kind.REORDERED, 5);
    VerificationReport acrossACheckpoint = verify(swap(chain, 9, 10), checkpoints);
    assertFirst(acrossACheckpoint, Kind.REORDERED, 10);
    assertThat(acrossACheckpoint.problemCount()).as(acrossACheckpoint.problems().toString()).isEqualTo(1);
    assertFirst(verify(swap(chain, 3, 8), checkpoints), Kind.REORDERED, 4);
  }

  @Test
  void aTruncatedTailIsCaughtByTheCheckpoint() {
    VerificationReport report = verify(chain.subList(0, 17), checkpoints);
    assertFirst(report, Kind.TRUNCATED, 18);
  }

  @Test
  void aConsistentRewriteIsCaughtByTheCheckpoint() {
    List<ChainedRecord> rewritten = new ArrayList<>(chain.subList(0, 12));
    List<AuditEvent> rest = new ArrayList<>();
    rest.add(event(555, "mallory"));
    chain.subList(13, 30).forEach(record -> rest.add(record.event()));
    rewritten.addAll(ChainHead.of(chain.get(11)).append(rest));
    VerificationReport report = verify(rewritten, checkpoints);
    assertFirst(report, Kind.REWRITTEN, 11);
    assertThat(report.firstProblem().orElseThrow().message()).contains("record 20");
  }

  @Test
  void aForgedOrUntrustedCheckpointIsReported() {
    Checkpoint genuine = checkpoint(10);
    Checkpoint forged = new Checkpoint(20, chain.get(19).hash(), genuine.signedAt(), genuine.keyId(), genuine.signature());
    assertFirst(verify(chain, List.of(genuine, forged)), Kind.BAD_CHECKPOINT, 20);
    Checkpoint foreign = CheckpointKeys.sign(OTHER_KEYS, ChainHead.of(chain.get(9)), Instant.now());
    assertFirst(verify(chain, List.of(foreign)), Kind.BAD_CHECKPOINT, 10);
  }

  @Test
  void aChainStartingAtASealedSegmentBoundaryVerifiesWhenRetentionRecordedIt() {
    List<AuditEvent> events = new ArrayList<>(events(1, 30));
    events.set(
        14,
        new AuditEvent(new UUID(1, 15), Instant.parse("2026-11-30T12:00:01Z"), AuditEvent.Kind.MUTATION, "floe",
            ChainVerifier.RETENTION_OPERATION, "", "SUCCESS", "retention", null, null, Map.of("through-sequence", "10")));
    List<ChainedRecord> pruned = ChainHead.GENESIS.append(events);
    List<Checkpoint> sealed = List.of(CheckpointKeys.sign(KEYS, ChainHead.of(pruned.get(9)), Instant.now()));
    VerificationReport report = verify(pruned.subList(10, 30), sealed);
    assertThat(report.verified()).as(report.summary()).isTrue();
    assertThat(report.startsAfterCheckpoint()).contains(10L);
    // the same cut without retention's record: someone deleted the oldest records up to a checkpoint
    assertFirst(verify(chain.subList(10, 30), checkpoints), Kind.MISSING_START, 1);
    assertFirst(verify(chain.subList(12, 30), checkpoints), Kind.MISSING_START, 1);
  }

  @Test
  void aRecordOfAKindOrDetailFloeNeverWritesDoesNotVerify() {
    // the stand-in StoredChain reads for such a row cannot match the stored hash
    ChainedRecord original = chain.get(4);
    AuditEvent standIn = new AuditEvent(new UUID(0, 0), Instant.EPOCH, AuditEvent.Kind.MUTATION, null, "", "", "", "", null, null,
        Map.of("unreadable-record", "No enum constant"));
    List<ChainedRecord> tampered = new ArrayList<>(chain);
    tampered.set(4, new ChainedRecord(5, original.previousHash(), original.hash(), standIn));
    assertFirst(verify(tampered, checkpoints), Kind.CHANGED, 5);
  }

  @Test
  void theEncodingIsStable() {
    AuditEvent event =
        new AuditEvent(
            UUID.fromString("00000000-0000-0000-0000-00000000002a"),
            Instant.parse("2026-11-30T12:00:00.123456789Z"),
            AuditEvent.Kind.MUTATION,
            "alice",
            "CREATE_TABLE",
            "table:lake.sales.orders",
            "SUCCESS",
            "",
            null,
            "127.0.0.1",
            Map.of("status", "200", "a", "b"));
    // pinned (and computed independently from docs/audit.md): a change of the encoding must be a new version
    assertThat(java.util.HexFormat.of().formatHex(RecordEncoding.hash(1, ChainHead.GENESIS.hash(), event)))
        .isEqualTo(PINNED_HASH);
  }

  private static final String PINNED_HASH = "0c69e9924493203a01e87e055353ae4f703f8ff572fed70517f12df380c6c14f";

  private static void assertFirst(VerificationReport report, Kind kind, long sequence) {
    assertThat(report.verified()).isFalse();
    ChainProblem first = report.firstProblem().orElseThrow();
    assertThat(first.kind()).as(report.summary()).isEqualTo(kind);
    assertThat(first.sequence()).as(report.summary()).isEqualTo(sequence);
  }

  private Checkpoint checkpoint(long sequence) {
    return CheckpointKeys.sign(KEYS, ChainHead.of(chain.get((int) sequence - 1)), Instant.parse("2026-11-30T12:00:00Z").plusSeconds(sequence));
  }

  private static VerificationReport verify(List<ChainedRecord> records, List<Checkpoint> checkpoints) {
    ChainVerifier verifier = new ChainVerifier(List.of(KEYS.getPublic()), checkpoints);
    records.forEach(verifier::accept);
    return verifier.finish();
  }

  private static List<ChainedRecord> swap(List<ChainedRecord> chain, int first, int second) {
    List<ChainedRecord> swapped = new ArrayList<>(chain);
    ChainedRecord a = chain.get(first);
    ChainedRecord b = chain.get(second);
    swapped.set(first, new ChainedRecord(a.sequence(), b.previousHash(), b.hash(), b.event()));
    swapped.set(second, new ChainedRecord(b.sequence(), a.previousHash(), a.hash(), a.event()));
    return swapped;
  }

  private static List<AuditEvent> events(int from, int to) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      events.add(event(i, "alice"));
    }
    return events;
  }

  private static AuditEvent event(int n, String principal) {
    return new AuditEvent(
        new UUID(0, n),
        Instant.parse("2026-11-30T12:00:00Z").plusMillis(n),
        AuditEvent.Kind.AUTHORIZATION,
        principal,
        "LOAD_TABLE",
        "table:lake.sales.t" + n,
        "ALLOW",
        "grant " + n,
        "req-" + n,
        "127.0.0.1",
        Map.of("n", Integer.toString(n)));
  }
}
