package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.collect.ImmutableMap;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/**
 * 16 writers each append 25 times to one table through Iceberg's Java client. Conflicts must come
 * back as 409 and be retried by the clients; afterwards the table's history holds exactly the
 * successful commits, each data file once.
 */
class ITConcurrentCommits {
  private static final int WRITERS = 16;
  private static final int APPENDS_PER_WRITER = 25;

  @Test
  void concurrentAppendsLoseNothing() throws Exception {
    Namespace namespace = Namespace.of("it_concurrency");
    TableIdentifier identifier = TableIdentifier.of(namespace, "appends");
    try (RESTCatalog admin = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      admin.createNamespace(namespace);
      admin.createTable(
          identifier,
          IcebergClients.SCHEMA,
          org.apache.iceberg.PartitionSpec.unpartitioned(),
          // plenty of client retries: every writer must get through 15 competitors
          ImmutableMap.of("commit.retry.num-retries", "200", "commit.retry.min-wait-ms", "5",
              "commit.retry.max-wait-ms", "200", "commit.retry.total-timeout-ms", "600000"));
    }
    long conflictsBefore = conflictResponses();

    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    Set<String> committed = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      int writerId = writer;
      futures.add(
          pool.submit(
              () -> {
                try (RESTCatalog client = IcebergClients.catalog(FloeTestServer.catalogUri())) {
                  start.await();
                  for (int append = 0; append < APPENDS_PER_WRITER; append++) {
                    String path = "file:/fake/writer-" + writerId + "/append-" + append + ".parquet";
                    Table table = client.loadTable(identifier);
                    try {
                      table.newFastAppend().appendFile(IcebergClients.fakeDataFile(path)).commit();
                      committed.add(path);
                    } catch (RuntimeException e) {
                      failed.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long conflicts = conflictResponses() - conflictsBefore;

    try (RESTCatalog reader = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      Table table = reader.loadTable(identifier);
      List<Snapshot> history = new ArrayList<>();
      table.snapshots().forEach(history::add);
      List<String> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        tasks.forEach(task -> files.add(task.file().location()));
      }
      System.out.printf(
          "ITConcurrentCommits: %d committed, %d failed, %d snapshots, %d conflict (409) responses%n",
          committed.size(), failed.get(), history.size(), conflicts);

      assertThat(failed.get()).as("appends that failed after all client retries").isZero();
      assertThat(committed).hasSize(WRITERS * APPENDS_PER_WRITER);
      assertThat(history).as("one snapshot per successful commit").hasSize(committed.size());
      assertThat(new HashSet<>(files)).as("every committed file, once").isEqualTo(committed);
      assertThat(files).as("no file appended twice").hasSize(committed.size());
      // the snapshot chain is linear: every parent is the previous snapshot
      Set<Long> ids = new HashSet<>();
      history.forEach(snapshot -> ids.add(snapshot.snapshotId()));
      assertThat(history.stream().filter(s -> s.parentId() != null && !ids.contains(s.parentId())))
          .isEmpty();
      assertThat(conflicts).as("conflicting commits answered 409 and retried").isPositive();
      reader.dropTable(identifier, false);
      reader.dropNamespace(namespace);
    }
  }

  /** Count of 409 responses the server has sent, from its Prometheus metrics. */
  static long conflictResponses() throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    Pattern line =
        Pattern.compile("^http_server_requests_seconds_count\\{(.*)\\} ([0-9.E]+)$", Pattern.MULTILINE);
    Matcher matcher = line.matcher(metrics.body());
    double total = 0;
    while (matcher.find()) {
      String labels = matcher.group(1);
      if (labels.contains("status=\"409\"") && labels.contains("method=\"POST\"")) {
        total += Double.parseDouble(matcher.group(2));
      }
    }
    return (long) total;
  }
}
