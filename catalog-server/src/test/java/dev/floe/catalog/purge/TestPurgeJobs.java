package dev.floe.catalog.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.config.ConfigMappingAssertions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PurgeJobs} on a real PostgreSQL with Floe's migrations: the drop and the job are one
 * step, a job is claimed by one node at a time, a node that died loses its job to another once the
 * lease runs out (the restart case), and failures are retried with backoff until the last attempt.
 */
class TestPurgeJobs {
  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;
  private PurgeJobs jobs;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    // every migration: a purge reserves the dropped table's storage prefixes (V7)
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void clean() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE purge_jobs, catalog_objects, namespaces, catalogs RESTART IDENTITY CASCADE");
      statement.execute("INSERT INTO catalogs (name, storage_root) VALUES ('lake', 's3://b/lake')");
      statement.execute("INSERT INTO namespaces (catalog_id, path, parent_path) VALUES (1, 'ns', '')");
      statement.execute(
          "INSERT INTO catalog_objects (catalog_id, namespace_id, namespace_path, name, kind, metadata_location, location)"
              + " VALUES (1, 1, 'ns', 't1', 'TABLE', 's3://b/lake/ns/t1/metadata/v1.metadata.json', 's3://b/lake/ns/t1')");
    }
    jobs = new PurgeJobs(dataSource);
  }

  private static final TableIdentifier T1 = TableIdentifier.of(Namespace.of("ns"), "t1");

  @Test
  void dropsAndRecordsInOneStep() throws Exception {
    assertThat(jobs.dropAndRecord(1, "lake", T1, List.of("s3://b/lake/ns/t1", "s3://b/data/t1")))
        .contains("s3://b/lake/ns/t1/metadata/v1.metadata.json");
    assertThat(count("catalog_objects")).isZero();
    PurgeJob job = jobs.list("lake", 10).get(0);
    assertThat(job.table()).isEqualTo("ns.t1");
    assertThat(job.location()).isEqualTo("s3://b/lake/ns/t1");
    assertThat(job.roots()).containsExactly("s3://b/lake/ns/t1", "s3://b/data/t1");
    assertThat(job.status()).isEqualTo(PurgeJob.Status.PENDING);
    // no table, no job
    assertThat(jobs.dropAndRecord(1, "lake", T1, List.of("s3://b/lake/ns/t1"))).isEmpty();
    assertThat(count("purge_jobs")).isEqualTo(1);
  }

  @Test
  void oneNodeAtATimeAndTakeOverAfterTheLeaseRunsOut() throws Exception {
    jobs.dropAndRecord(1, "lake", T1, List.of("s3://b/lake/ns/t1"));
    PurgeJob claimed = jobs.claim("node-a", Duration.ofMillis(700)).orElseThrow();
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(claimed.claimedBy()).isEqualTo("node-a");
    assertThat(jobs.claim("node-b", Duration.ofSeconds(30))).as("held by node-a").isEmpty();
    assertThat(jobs.progress(claimed.id(), "node-a", 5, 0, Duration.ofMillis(700))).isTrue();

    // node-a dies: no more progress; after its lease node-b takes the job over, with its progress
    Thread.sleep(900);
    PurgeJob taken = jobs.claim("node-b", Duration.ofSeconds(30)).orElseThrow();
    assertThat(taken.id()).isEqualTo(claimed.id());
    assertThat(taken.attempts()).isEqualTo(2);
    assertThat(taken.filesDeleted()).isEqualTo(5);
    // node-a, back from a pause, cannot touch it any more
    assertThat(jobs.progress(claimed.id(), "node-a", 6, 0, Duration.ofSeconds(1))).isFalse();
    assertThat(jobs.complete(claimed.id(), "node-a", 6, 0)).isFalse();
    assertThat(jobs.complete(taken.id(), "node-b", 12, 1)).isTrue();
    PurgeJob done = jobs.find(taken.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(PurgeJob.Status.DONE);
    assertThat(done.filesDeleted()).isEqualTo(12);
    assertThat(done.filesSkipped()).isEqualTo(1);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(jobs.claim("node-c", Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void failuresAreRetriedAfterABackoffUntilTheLastAttempt() throws Exception {
    jobs.dropAndRecord(1, "lake", T1, List.of("s3://b/lake/ns/t1"));
    PurgeJob first = jobs.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
    assertThat(jobs.fail(first.id(), "node-a", 3, 0, "SdkClientException: connection refused", Duration.ofMillis(500), 2)).isTrue();
    PurgeJob pending = jobs.find(first.id()).orElseThrow();
    assertThat(pending.status()).isEqualTo(PurgeJob.Status.PENDING);
    assertThat(pending.lastError()).contains("connection refused");
    assertThat(jobs.claim("node-a", Duration.ofSeconds(30))).as("not due yet").isEmpty();
    Thread.sleep(700);
    PurgeJob second = jobs.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(jobs.fail(second.id(), "node-a", 3, 0, "still down", Duration.ofMillis(1), 2)).isTrue();
    PurgeJob failed = jobs.find(first.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(PurgeJob.Status.FAILED);
    assertThat(failed.finishedAt()).isNotNull();
    Thread.sleep(50);
    assertThat(jobs.claim("node-a", Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void concurrentClaimsNeverShareAJob() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < 20; i++) {
        statement.execute(
            "INSERT INTO purge_jobs (catalog_id, catalog_name, namespace_path, table_name, location, roots, metadata_location, status)"
                + " VALUES (1, 'lake', 'ns', 't" + i + "', 's3://b/t" + i + "', '[]', 'm', 'PENDING')");
      }
    }
    java.util.concurrent.ConcurrentLinkedQueue<Long> claimed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int n = 0; n < 4; n++) {
      String node = "node-" + n;
      threads.add(Thread.ofPlatform().start(() -> {
        Optional<PurgeJob> job;
        while ((job = jobs.claim(node, Duration.ofSeconds(30))).isPresent()) {
          claimed.add(job.get().id());
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void backoffDoublesAndIsCapped() {
    PurgeConfig config =
        ConfigMappingAssertions.load(PurgeConfig.class, Map.of("floe.purge.retry-backoff", "PT10S", "floe.purge.enabled", "false"));
    PurgeWorker worker = new PurgeWorker(dataSource, null, null, config);
    assertThat(worker.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(worker.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(worker.backoff(4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(worker.backoff(30)).isEqualTo(Duration.ofHours(1));
  }

  private static long count(String table) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        var results = statement.executeQuery("SELECT count(*) FROM " + table)) {
      results.next();
      return results.getLong(1);
    }
  }
}
