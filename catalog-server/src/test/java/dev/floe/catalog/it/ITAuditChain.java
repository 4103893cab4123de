package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.audit.AuditEvent;
import dev.floe.audit.chain.ChainHead;
import dev.floe.audit.chain.ChainProblem;
import dev.floe.audit.chain.ChainedRecord;
import dev.floe.audit.chain.CheckpointKeys;
import dev.floe.audit.chain.CheckpointLog;
import dev.floe.audit.chain.StoredChain;
import dev.floe.audit.chain.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The audit trail as evidence, against real PostgreSQL and packaged Floe nodes on databases of
 * their own: one chain from two nodes writing at once, every committed change with its record
 * (even after kill -9), tampering of every kind named by sequence number, and retention that
 * leaves a chain that still verifies.
 */
class ITAuditChain {
  private static final Path WORK = FloeTestServer.workDir().resolve("audit-chain");

  /** Two nodes on one database, mutations and reads on both at once: one chain that verifies. */
  @Test
  void twoNodesWriteOneVerifiableChainWithARecordForEveryChange() throws Exception {
    String url = AuditChainNodes.database("audit_two_nodes");
    Path dataDir = WORK.resolve("two-nodes");
    Map<String, String> settings = Map.of("FLOE_AUDIT_CHAIN_CHECKPOINT_EVERY_RECORDS", "100", "FLOE_AUDIT_CHAIN_CHECKPOINT_FILE",
        dataDir.resolve("checkpoints.jsonl").toString());
    try (ServerProcess first = AuditChainNodes.start("audit-node-1", url, dataDir, settings);
        ServerProcess second = AuditChainNodes.start("audit-node-2", url, dataDir, settings)) {
      String firstToken = AuditChainNodes.rootToken(first);
      String secondToken = AuditChainNodes.rootToken(second);
      int threads = 8;
      int perThread = 25;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> created = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        created.add(pool.submit(() -> {
          ServerProcess node = thread % 2 == 0 ? first : second;
          String token = thread % 2 == 0 ? firstToken : secondToken;
          int ok = 0;
          for (int i = 0; i < perThread; i++) {
            String name = "two_nodes_" + thread + "_" + i;
            if (AuditChainNodes.createNamespace(node, token, name).statusCode() == 200) {
              ok++;
            }
            // a read between the changes: its authorization goes through the queue of that node
            AuditChainNodes.call(node, "GET", "/api/catalog/v1/lakehouse/namespaces/" + name, null, token);
          }
          return ok;
        }));
      }
      int succeeded = 0;
      for (Future<Integer> future : created) {
        succeeded += future.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertThat(succeeded).isEqualTo(threads * perThread);

      // a change whose transaction fails (the namespace exists: the insert is refused) leaves no success record
      HttpResponse<String> duplicate = AuditChainNodes.createNamespace(first, firstToken, "two_nodes_0_0");
      assertThat(duplicate.statusCode()).isEqualTo(409);
      String duplicateRequest = duplicate.headers().firstValue("X-Request-Id").orElseThrow();

      // every change that committed has exactly one success record, and no record names a change that did not commit
      try (Connection connection = AuditChainNodes.connect(url)) {
        Set<String> namespaces = strings(connection, "SELECT n.path FROM namespaces n");
        Set<String> recorded =
            strings(connection, "SELECT substring(resource from 'namespace:lakehouse\\.(.*)') FROM audit_events"
                + " WHERE operation = 'CREATE_NAMESPACE' AND decision = 'SUCCESS'");
        assertThat(count(connection, "SELECT count(*) FROM audit_events WHERE operation = 'CREATE_NAMESPACE' AND decision = 'SUCCESS'"))
            .isEqualTo(threads * perThread);
        assertThat(recorded).isEqualTo(namespaces.stream().filter(n -> n.startsWith("two_nodes_")).collect(java.util.stream.Collectors.toSet()));
        assertThat(count(connection, "SELECT count(*) FROM audit_events WHERE request_id = '" + duplicateRequest + "' AND kind = 'MUTATION' AND decision = 'SUCCESS'"))
            .isZero();
      }
      assertThat(awaitFailureRecord(url, duplicateRequest)).isEqualTo(1);
      // a change that only read before failing (dropping a namespace that does not exist) carries no success record
      HttpResponse<String> missingDrop = AuditChainNodes.call(first, "DELETE", "/api/catalog/v1/lakehouse/namespaces/never_created", null, firstToken);
      assertThat(missingDrop.statusCode()).isEqualTo(404);
      String missingDropRequest = missingDrop.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(awaitFailureRecord(url, missingDropRequest)).isEqualTo(1);
      try (Connection connection = AuditChainNodes.connect(url)) {
        assertThat(count(connection, "SELECT count(*) FROM audit_events WHERE request_id = '" + missingDropRequest + "' AND kind = 'MUTATION' AND decision = 'SUCCESS'"))
            .isZero();
      }

      first.close();
      second.close();
    }
    // both nodes flushed and sealed the tail at shutdown: the chain verifies from outside the server, with the public key only
    Path publicKey = dataDir.resolve("audit-checkpoint-key.pub.pem");
    try (Connection connection = AuditChainNodes.connect(url)) {
      VerificationReport report = verify(connection, publicKey);
      assertThat(report.verified()).as(report.summary()).isTrue();
      assertThat(report.records()).isGreaterThan(2L * 200);
      assertThat(report.uncheckpointedRecords()).as("the shutdown checkpoint covers the tail").isZero();
      assertThat(count(connection, "SELECT count(*) FROM audit_events")).isEqualTo(report.records());
      // the checkpoint file outside the database holds what the table holds
      assertThat(CheckpointLog.read(dataDir.resolve("checkpoints.jsonl"))).hasSize((int) count(connection, "SELECT count(*) FROM audit_checkpoints"));
      System.out.printf("ITAuditChain: two nodes wrote %d records; verified in %d ms%n", report.records(), report.elapsed().toMillis());
    }
    // the command an auditor runs, as a separate process
    Process command =
        new ProcessBuilder("../scripts/audit-verify.sh", "--jdbc-url", url, "--user", "postgres", "--public-key", publicKey.toString(),
                "--checkpoints-file", dataDir.resolve("checkpoints.jsonl").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(command.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(command.exitValue()).as(output).isZero();
    assertThat(output).contains("records verify");
  }

  /** kill -9 in the middle of a burst of changes: every change that committed has its record. */
  @Test
  void everyCommittedChangeKeepsItsRecordThroughKillNine() throws Exception {
    String url = AuditChainNodes.database("audit_kill");
    Path dataDir = WORK.resolve("kill");
    ServerProcess node = AuditChainNodes.start("audit-kill", url, dataDir, Map.of());
    String token = AuditChainNodes.rootToken(node);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.submit(() -> {
        for (int i = 0; running.get(); i++) {
          try {
            if (AuditChainNodes.createNamespace(node, token, "killed_" + thread + "_" + i).statusCode() == 200) {
              answered.incrementAndGet();
            }
          } catch (RuntimeException e) {
            return; // the server is gone
          }
        }
      });
    }
    while (answered.get() < 100) {
      Thread.sleep(20);
    }
    ProcessHandle.of(node.pid()).orElseThrow().destroyForcibly();
    running.set(false);
    pool.shutdown();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    node.close();
    try (Connection connection = AuditChainNodes.connect(url)) {
      Set<String> namespaces = strings(connection, "SELECT n.path FROM namespaces n WHERE n.path LIKE 'killed%'");
      Set<String> recorded =
          strings(connection, "SELECT substring(resource from 'namespace:lakehouse\\.(.*)') FROM audit_events"
              + " WHERE operation = 'CREATE_NAMESPACE' AND decision = 'SUCCESS'");
      assertThat(namespaces.size()).isGreaterThanOrEqualTo(answered.get());
      assertThat(recorded).isEqualTo(namespaces);
      VerificationReport report = verify(connection, dataDir.resolve("audit-checkpoint-key.pub.pem"));
      assertThat(report.verified()).as(report.summary()).isTrue();
      System.out.printf("ITAuditChain: kill -9 after %d answered creations: %d committed, %d recorded%n", answered.get(), namespaces.size(), recorded.size());
    }
  }

  /** Every kind of tampering is named by the sequence number of the record it touched. */
  @Test
  void tamperingIsNamedByRecord() throws Exception {
    String url = AuditChainNodes.database("audit_tamper");
    Path dataDir = WORK.resolve("tamper");
    try (ServerProcess node = AuditChainNodes.start("audit-tamper", url, dataDir, Map.of("FLOE_AUDIT_CHAIN_CHECKPOINT_EVERY_RECORDS", "25"))) {
      String token = AuditChainNodes.rootToken(node);
      for (int i = 0; i < 60; i++) {
        assertThat(AuditChainNodes.createNamespace(node, token, "tamper_" + i).statusCode()).isEqualTo(200);
        if (i % 15 == 14) {
          // a checkpoint now, besides the ones every 25 records (taken at most once a second)
          assertThat(AuditChainNodes.call(node, "POST", "/api/management/v1/audit/chain/checkpoints", null, token).statusCode())
              .isIn(201, 204);
        }
      }
      node.close();
    }
    Path publicKey = dataDir.resolve("audit-checkpoint-key.pub.pem");
    try (Connection connection = AuditChainNodes.connect(url)) {
      execute(connection, "CREATE TABLE original_events AS SELECT * FROM audit_events");
      execute(connection, "CREATE TABLE original_head AS SELECT * FROM audit_chain_head");
      VerificationReport clean = verify(connection, publicKey);
      assertThat(clean.verified()).as(clean.summary()).isTrue();
      long last = clean.lastSequence();
      List<Long> checkpoints = longs(connection, "SELECT seq FROM audit_checkpoints ORDER BY seq");
      assertThat(checkpoints.size()).as("checkpoints %s", checkpoints).isGreaterThanOrEqualTo(3);
      long lastCheckpoint = checkpoints.get(checkpoints.size() - 1);
      assertThat(lastCheckpoint).isEqualTo(last);

      // a row's payload changed
      execute(connection, "UPDATE audit_events SET principal = 'mallory' WHERE seq = 30");
      assertNamed(connection, publicKey, ChainProblem.Kind.CHANGED, 30);
      restore(connection);

      // a row deleted
      execute(connection, "DELETE FROM audit_events WHERE seq = 41");
      assertNamed(connection, publicKey, ChainProblem.Kind.DELETED, 41);
      restore(connection);

      // a forged row inserted at 50, hashed correctly onto 49, the rows after it renumbered
      execute(connection, "UPDATE audit_events SET seq = -seq - 1 WHERE seq >= 50");
      execute(connection, "UPDATE audit_events SET seq = -seq WHERE seq < 0");
      ChainedRecord before = record(connection, 49);
      AuditEvent forged = new AuditEvent(UUID.randomUUID(), before.event().time(), AuditEvent.Kind.MUTATION, "root", "DROP_TABLE",
          "table:lakehouse.tamper_1.t", "SUCCESS", "", null, "127.0.0.1", Map.of());
      insert(connection, ChainHead.of(before).append(List.of(forged)).get(0));
      assertNamed(connection, publicKey, ChainProblem.Kind.INSERTED, 50);
      restore(connection);

      // two rows swapped
      execute(connection, "UPDATE audit_events SET seq = -1 WHERE seq = 60");
      execute(connection, "UPDATE audit_events SET seq = 60 WHERE seq = 61");
      execute(connection, "UPDATE audit_events SET seq = 61 WHERE seq = -1");
      assertNamed(connection, publicKey, ChainProblem.Kind.REORDERED, 60);
      restore(connection);

      // the tail cut off (head moved back too): the signed checkpoint still names the last record
      long cut = last - 10;
      execute(connection, "DELETE FROM audit_events WHERE seq > " + cut);
      ChainedRecord newLast = record(connection, cut);
      execute(connection, "UPDATE audit_chain_head SET seq = " + cut + ", hash = decode('" + java.util.HexFormat.of().formatHex(newLast.hash()) + "', 'hex')");
      assertNamed(connection, publicKey, ChainProblem.Kind.TRUNCATED, cut + 1);
      restore(connection);

      // a consistent rewrite: one record changed and every record after it re-hashed; only the checkpoints catch it
      long rewriteFrom = 45;
      List<ChainedRecord> tail = new ArrayList<>();
      for (long seq = rewriteFrom; seq <= last; seq++) {
        tail.add(record(connection, seq));
      }
      List<AuditEvent> events = new ArrayList<>();
      for (ChainedRecord record : tail) {
        events.add(record.event());
      }
      AuditEvent original = events.get(0);
      events.set(0, new AuditEvent(original.id(), original.time(), original.kind(), "mallory", original.operation(), original.resource(),
          original.decision(), original.reason(), original.requestId(), original.clientAddress(), original.details()));
      execute(connection, "DELETE FROM audit_events WHERE seq >= " + rewriteFrom);
      for (ChainedRecord rewritten : ChainHead.of(record(connection, rewriteFrom - 1)).append(events)) {
        insert(connection, rewritten);
      }
      VerificationReport rewrite = verify(connection, publicKey);
      assertThat(rewrite.verified()).isFalse();
      ChainProblem caught = rewrite.firstProblem().orElseThrow();
      assertThat(caught.kind()).as(rewrite.summary()).isEqualTo(ChainProblem.Kind.REWRITTEN);
      long sealedBefore = checkpoints.stream().filter(seq -> seq < rewriteFrom).max(Long::compare).orElse(0L);
      assertThat(caught.sequence()).as(rewrite.summary()).isEqualTo(sealedBefore + 1);
      restore(connection);

      // a forged checkpoint (signed with another key) is named too
      java.security.KeyPair mallory = CheckpointKeys.generate();
      var forgedCheckpoint = CheckpointKeys.sign(mallory, ChainHead.of(record(connection, 10)), java.time.Instant.now());
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (?, ?, now(), ?, ?) ON CONFLICT (seq) DO UPDATE"
              + " SET key_id = excluded.key_id, signature = excluded.signature")) {
        statement.setLong(1, 10);
        statement.setBytes(2, forgedCheckpoint.hash());
        statement.setString(3, forgedCheckpoint.keyId());
        statement.setBytes(4, forgedCheckpoint.signature());
        statement.executeUpdate();
      }
      assertNamed(connection, publicKey, ChainProblem.Kind.BAD_CHECKPOINT, 10);
      execute(connection, "DELETE FROM audit_checkpoints WHERE seq = 10 AND key_id = '" + forgedCheckpoint.keyId() + "'");
      assertThat(verify(connection, publicKey).verified()).isTrue();
    }
  }

  /** Retention removes whole sealed segments; what is left still verifies from the boundary. */
  @Test
  void retentionLeavesAVerifiableChain() throws Exception {
    String url = AuditChainNodes.database("audit_retention");
    Path dataDir = WORK.resolve("retention");
    try (ServerProcess node = AuditChainNodes.start("audit-retention", url, dataDir, Map.of(
        "FLOE_AUDIT_CHAIN_CHECKPOINT_EVERY_RECORDS", "10",
        "FLOE_AUDIT_CHAIN_RETENTION", "PT3S",
        "FLOE_AUDIT_CHAIN_RETENTION_CHECK_INTERVAL", "PT0.5S"))) {
      String token = AuditChainNodes.rootToken(node);
      for (int i = 0; i < 30; i++) {
        assertThat(AuditChainNodes.createNamespace(node, token, "old_" + i).statusCode()).isEqualTo(200);
      }
      try (Connection connection = AuditChainNodes.connect(url)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // a segment is sealed once a checkpoint has records after it: keep records coming (the
        // old ones may all have been written before the first checkpoint, which then is the head)
        for (int tick = 0; count(connection, "SELECT count(*) FROM audit_events WHERE operation = 'PRUNE_AUDIT_SEGMENTS'") == 0; tick++) {
          assertThat(System.nanoTime()).as("retention pruned within 30 s").isLessThan(deadline);
          assertThat(AuditChainNodes.createNamespace(node, token, "tick_" + tick).statusCode()).isEqualTo(200);
          Thread.sleep(500);
        }
        for (int i = 0; i < 10; i++) {
          assertThat(AuditChainNodes.createNamespace(node, token, "new_" + i).statusCode()).isEqualTo(200);
        }
        long first = count(connection, "SELECT min(seq) FROM audit_events");
        assertThat(first).isGreaterThan(1);
        assertThat(count(connection, "SELECT count(*) FROM audit_checkpoints WHERE seq = " + (first - 1)))
            .as("the segment boundary's checkpoint is kept").isEqualTo(1);
        JsonNode verification = AuditChainNodes.verification(node, token);
        assertThat(verification.path("verified").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("starts-after-checkpoint").asLong()).isEqualTo(first - 1);
        VerificationReport report = verify(connection, dataDir.resolve("audit-checkpoint-key.pub.pem"));
        assertThat(report.verified()).as(report.summary()).isTrue();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void assertNamed(Connection connection, Path publicKey, ChainProblem.Kind kind, long sequence) throws Exception {
    VerificationReport report = verify(connection, publicKey);
    assertThat(report.verified()).as(report.summary()).isFalse();
    ChainProblem first = report.firstProblem().orElseThrow();
    assertThat(first.kind()).as(report.summary()).isEqualTo(kind);
    assertThat(first.sequence()).as(report.summary()).isEqualTo(sequence);
  }

  private static VerificationReport verify(Connection connection, Path publicKey) throws Exception {
    PublicKey key = CheckpointKeys.readPublic(Files.readString(publicKey));
    return StoredChain.verify(connection, List.of(key), List.of());
  }

  private static void restore(Connection connection) throws SQLException {
    execute(connection, "DELETE FROM audit_events");
    execute(connection, "INSERT INTO audit_events SELECT * FROM original_events");
    execute(connection, "DELETE FROM audit_chain_head");
    execute(connection, "INSERT INTO audit_chain_head SELECT * FROM original_head");
  }

  private static ChainedRecord record(Connection connection, long sequence) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + StoredChain.RECORD_COLUMNS + " FROM audit_events WHERE seq = ?")) {
      statement.setLong(1, sequence);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("record %d", sequence).isTrue();
        return StoredChain.record(row);
      }
    }
  }

  private static void insert(Connection connection, ChainedRecord record) throws SQLException {
    AuditEvent event = record.event();
    try (PreparedStatement statement = connection.prepareStatement(
        "INSERT INTO audit_events (seq, prev_hash, hash, id, time, kind, principal, operation, resource, decision, reason, request_id,"
            + " client_address, details) VALUES (?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      statement.setLong(1, record.sequence());
      statement.setBytes(2, record.previousHash());
      statement.setBytes(3, record.hash());
      statement.setObject(4, event.id());
      statement.setString(5, event.time().toString());
      statement.setString(6, event.kind().name());
      statement.setString(7, event.principal());
      statement.setString(8, event.operation());
      statement.setString(9, event.resource());
      statement.setString(10, event.decision());
      statement.setString(11, event.reason());
      statement.setString(12, event.requestId());
      statement.setString(13, event.clientAddress());
      statement.setString(14, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event.details()));
      statement.executeUpdate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long awaitFailureRecord(String url, String requestId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection connection = AuditChainNodes.connect(url)) {
      while (true) {
        long found = count(connection,
            "SELECT count(*) FROM audit_events WHERE request_id = '" + requestId + "' AND kind = 'MUTATION' AND decision = 'FAILURE'");
        if (found > 0 || System.nanoTime() > deadline) {
          return found;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<Long> longs(Connection connection, String sql) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getLong(1));
      }
    }
    return values;
  }

  private static Set<String> strings(Connection connection, String sql) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
