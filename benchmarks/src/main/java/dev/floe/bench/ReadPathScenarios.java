package dev.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * The read-path scenarios of issue 16, run after the core suite for Floe and the reference:
 * the floor (nginx serving Floe's own loadTable body, wrk against nginx and the servers), the
 * scale curves (snapshots, namespace size, tables committed to, tables loaded) and, for Floe,
 * two nodes on one PostgreSQL (round-robin reads, cross-node staleness).
 */
final class ReadPathScenarios {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NEXT_PAGE_TOKEN = "\"next-page-token\"".getBytes(StandardCharsets.US_ASCII);
  /** add-snapshot updates per commit request while building a many-snapshot table. */
  private static final int SNAPSHOTS_PER_COMMIT = 500;

  private final Suite suite;
  private final Settings settings;
  private final Suite.Log log;
  private final ServerRun run;
  private final Servers.Started started;
  private final HttpClient http;
  private final String readBase;
  private final RESTCatalog catalog;
  private final URI loadTable;

  ReadPathScenarios(
      Suite suite, ServerRun run, Servers.Started started, HttpClient http, String readBase, RESTCatalog catalog,
      URI loadTable) {
    this.suite = suite;
    this.settings = suite.settings;
    this.log = suite.log;
    this.run = run;
    this.started = started;
    this.http = http;
    this.readBase = readBase;
    this.catalog = catalog;
    this.loadTable = loadTable;
  }

  // ---------------------------------------------------------------- floor: nginx + wrk

  /** Floe: nginx serving Floe's loadTable body, then wrk on nginx and on Floe. Reference: wrk on it. */
  void floor() throws Exception {
    List<String> headers = new ArrayList<>();
    headers.add("Accept: application/json");
    if (suite.bearer != null) {
      headers.add("Authorization: Bearer " + suite.bearer);
    }
    if (run.server.equals("floe")) {
      HttpResponse<byte[]> response =
          http.send(suite.request(loadTable).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("loadTable answered " + response.statusCode());
      }
      run.floorBodyBytes = response.body().length;
      run.floorContentType = response.headers().firstValue("Content-Type").orElse("application/json");
      log.info("%s: floor: nginx serves the %d-byte loadTable body as %s", run.server, run.floorBodyBytes, run.floorContentType);
      try (ServerProcess nginx = Floor.startNginx(settings, response.body(), run.floorContentType)) {
        suite.cpu.addRoot(nginx.pid(), CpuMonitor.SERVER);
        try {
          String url = "http://127.0.0.1:" + nginx.port() + "/loadtable.json";
          run.nginxFloor = wrkPhase("floor.nginx", "nginx: Floe's loadTable body as a static file (wrk)", url, List.of("Accept: application/json"));
        } finally {
          suite.cpu.removeRoot(nginx.pid());
        }
      }
    }
    ServerRun.Figures figures = wrkPhase("wrk.loadTable.c" + settings.wrkConnections,
        "loadTable (20 snapshots) under wrk, " + settings.wrkThreads + " threads x " + settings.wrkConnections + " connections",
        loadTable.toString(), headers);
    run.scenarios.put("wrk.loadTable.c" + settings.wrkConnections, figures);
    Suite.noteDisturbed(run, "wrk.loadTable.c" + settings.wrkConnections, figures.cpu());
    if (figures.errors() > 0) {
      run.problems.add("wrk.loadTable: " + figures.firstError());
    }
    if (run.nginxFloor != null) {
      log.info("%s: Floe / nginx floor under wrk: %.1f%%", run.server, 100 * figures.throughput() / run.nginxFloor.throughput());
    }
  }

  private ServerRun.Figures wrkPhase(String id, String title, String url, List<String> headers) throws Exception {
    // the server's JIT-aware warm-up (2 s more while its compiler threads are busy), driven by wrk
    suite.warmUp(run.server, id + " (wrk)", settings.warmup.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : settings.warmup,
        length -> {
          try {
            Floor.wrk(settings, url, headers, length, null);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return null;
        });
    suite.waitForQuiet(run.server);
    log.info("%s: %s", run.server, id);
    WrkCpu wrkCpu = new WrkCpu();
    CpuMonitor.Sample before = suite.cpu.sample();
    Floor.WrkResult result = Floor.wrk(settings, url, headers, settings.measure, wrkCpu::start);
    CpuMonitor.Usage usage = wrkCpu.adjust(suite.cpu.since(before));
    ServerRun.Figures figures = Floor.figures(title, result, usage);
    log.info("%s:   %-28s %9.1f req/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms  errors %d  cpu: wrk+harness %.0f%% server %.0f%% pg %.0f%% other %.0f%%",
        run.server, id, figures.throughput(), figures.p50(), figures.p90(), figures.p99(), figures.max(), figures.errors(),
        usage.harnessPercent(), usage.serverPercent(), usage.postgresPercent(), usage.otherPercent());
    Files.writeString(settings.workDir.resolve(run.server + "-" + id + ".wrk.txt"), result.output());
    return figures;
  }

  /**
   * wrk's own CPU time: it is a child of the harness, counted as harness while it runs, but its
   * ticks leave /proc when it exits (before the phase's last sample); polled every 100 ms instead.
   */
  private static final class WrkCpu {
    private volatile long ticks;
    private volatile boolean running = true;
    private Thread poller;

    void start(long pid) {
      poller = new Thread(() -> {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (running) {
          try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          } catch (Exception e) {
            return; // exited
          }
          ServerProcess.sleep(100);
        }
      }, "wrk-cpu");
      poller.setDaemon(true);
      poller.start();
    }

    CpuMonitor.Usage adjust(CpuMonitor.Usage usage) throws InterruptedException {
      running = false;
      if (poller != null) {
        poller.join(1000);
      }
      double percent = ticks / (usage.seconds() * 100.0 * Runtime.getRuntime().availableProcessors()) * 100.0;
      double moved = Math.min(percent, usage.otherPercent());
      return new CpuMonitor.Usage(usage.ownPercent() + moved, usage.otherPercent() - moved, usage.harnessPercent() + moved,
          usage.serverPercent(), usage.postgresPercent(), usage.opaPercent(), usage.seconds());
    }
  }

  // ---------------------------------------------------------------- two Floe nodes on one PostgreSQL

  void twoNodes() throws Exception {
    log.info("%s: starting a second node on the same database", run.server);
    Servers.Started second = Servers.startFloe(settings, suite.postgres, suite.database, "floe-b");
    try (ServerProcess nodeB = second.process()) {
      suite.cpu.addRoot(nodeB.pid(), CpuMonitor.SERVER);
      log.info("%s: second node ready after %.2f s (pid %d)", run.server, nodeB.readyAfter().toNanos() / 1e9, nodeB.pid());
      String tokenB = Suite.token(http, second);
      String baseB = readBase.replace(started.restUri(), second.restUri());
      URI loadTableB = URI.create(loadTable.toString().replace(started.restUri(), second.restUri()));
      HttpRequest[] requests = {
        suite.request(loadTable).header("Accept", "application/json").build(),
        HttpRequest.newBuilder(loadTableB).GET().header("Accept", "application/json").header("Authorization", "Bearer " + tokenB).build()
      };
      LoadGenerator.Operation roundRobin = (worker, sequence) -> {
        HttpResponse<Void> response = http.send(requests[(int) (sequence & 1)], HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode() + " from node " + (sequence & 1));
        }
        return 0;
      };
      // node B is cold: warm it up alone first, watching its JIT (then the phase's own warm-up watches node A's)
      long nodeA = suite.serverPid;
      suite.serverPid = nodeB.pid();
      try {
        LoadGenerator.Operation onlyB = (worker, sequence) -> roundRobin.run(worker, 1);
        suite.warmUp(run.server, "node B", settings.warmup, length -> LoadGenerator.closed(
            "node-b-warmup", settings.twoNodeClients, length, settings.maxOpsPerPhase, 1, onlyB));
      } finally {
        suite.serverPid = nodeA;
      }
      suite.closedPhase(run, "twonode.loadTable.c" + settings.twoNodeClients,
          "loadTable (20 snapshots), " + settings.twoNodeClients + " clients, round-robin over two Floe nodes on one PostgreSQL",
          "two-nodes", settings.twoNodeClients, 1, roundRobin, settings.warmup, settings.measure);
      staleness(tokenB, baseB);
      suite.cpu.removeRoot(nodeB.pid());
    }
  }

  /** Commit on node A (set-properties), then poll node B every ~1 ms until its metadata-location changes. */
  private void staleness(String tokenB, String baseB) throws Exception {
    catalog.createTable(TableIdentifier.of(Suite.BENCH, "staleness"), Suite.SCHEMA, PartitionSpec.unpartitioned());
    URI tableA = URI.create(readBase + "namespaces/bench/tables/staleness");
    URI tableB = URI.create(baseB + "namespaces/bench/tables/staleness");
    HttpRequest pollB = HttpRequest.newBuilder(tableB).GET().header("Accept", "application/json")
        .header("Authorization", "Bearer " + tokenB).build();
    suite.waitForQuiet(run.server);
    log.info("%s: cross-node staleness: %d commits on node A, node B polled every ~1 ms", run.server, settings.stalenessSamples);
    org.HdrHistogram.Histogram histogram = LoadGenerator.newHistogram();
    int timeouts = 0;
    int firstPoll = 0;
    long polls = 0;
    long pollNanos = 0;
    String firstError = null;
    for (int i = 0; i < settings.stalenessSamples; i++) {
      String body = "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"bench.staleness\":\"" + i + "\"}}]}";
      HttpResponse<byte[]> commit = http.send(
          suite.request(tableA).header("Content-Type", "application/json").header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long acknowledged = System.nanoTime();
      if (commit.statusCode() != 200) {
        firstError = firstError == null ? "commit on node A answered " + commit.statusCode() + ": " + new String(commit.body(), StandardCharsets.UTF_8) : firstError;
        continue;
      }
      String expected = metadataLocation(commit.body());
      boolean seen = false;
      int attempt = 0;
      while (System.nanoTime() - acknowledged < 5_000_000_000L) {
        long sent = System.nanoTime();
        HttpResponse<byte[]> poll = http.send(pollB, HttpResponse.BodyHandlers.ofByteArray());
        long answered = System.nanoTime();
        polls++;
        pollNanos += answered - sent;
        attempt++;
        if (poll.statusCode() == 200 && expected.equals(metadataLocation(poll.body()))) {
          histogram.recordValue(Math.max(0, (answered - acknowledged) / 1000));
          if (attempt == 1) {
            firstPoll++;
          }
          seen = true;
          break;
        }
        LockSupport.parkNanos(1_000_000);
      }
      if (!seen) {
        timeouts++;
      }
      LockSupport.parkNanos(2_000_000);
    }
    long samples = histogram.getTotalCount();
    ServerRun.Staleness staleness = new ServerRun.Staleness(
        (int) samples, timeouts,
        samples == 0 ? Double.NaN : histogram.getValueAtPercentile(50) / 1000.0,
        samples == 0 ? Double.NaN : histogram.getValueAtPercentile(99) / 1000.0,
        samples == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0,
        samples == 0 ? Double.NaN : histogram.getMean() / 1000.0,
        samples == 0 ? Double.NaN : firstPoll / (double) samples,
        polls == 0 ? Double.NaN : pollNanos / 1e6 / polls,
        firstError);
    run.staleness = staleness;
    log.info("%s: staleness over %d commits: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d timeouts; %.0f%% seen at the first poll; a poll takes %.2f ms)",
        run.server, samples, staleness.p50(), staleness.p99(), staleness.max(), timeouts, 100 * staleness.firstPollShare(),
        staleness.meanPollMillis());
    if (firstError != null) {
      run.problems.add("staleness: " + firstError);
    }
    if (timeouts > 0) {
      run.problems.add("staleness: node B never showed " + timeouts + " commits within 5 s");
    }
  }

  private static final Pattern METADATA_LOCATION = Pattern.compile("\"metadata-location\"\\s*:\\s*\"([^\"]*)\"");

  private static String metadataLocation(byte[] body) {
    Matcher matcher = METADATA_LOCATION.matcher(new String(body, StandardCharsets.UTF_8));
    return matcher.find() ? matcher.group(1) : "";
  }

  // ---------------------------------------------------------------- scale curves

  void scale() throws Exception {
    // (a) memory against tables loaded, first: the many-snapshot tables below would leave megabytes
    // of metadata in the server's caches that the memory curve would count
    Namespace small = Namespace.of("scale_small");
    Namespace big = Namespace.of("scale_big");
    catalog.createNamespace(small, new HashMap<>(Map.of("purpose", "scale")));
    catalog.createNamespace(big, new HashMap<>(Map.of("purpose", "scale")));
    createTables(small, 0, settings.scaleListSmall);
    int memorySmall = settings.scaleMemorySmall();
    createTables(big, 0, memorySmall);
    loadAll(big, memorySmall);
    memory(memorySmall);
    createTables(big, memorySmall, settings.scaleTables);
    loadAll(big, settings.scaleTables);
    memory(settings.scaleTables);

    // (b) listTables against namespace size
    listTables(small, settings.scaleListSmall);
    listTables(big, settings.scaleTables);

    // (c) loadTable against snapshot count
    for (int snapshots : settings.scaleSnapshots) {
      TableIdentifier identifier = TableIdentifier.of(Suite.BENCH, "snap" + snapshots);
      catalog.createTable(identifier, Suite.SCHEMA, PartitionSpec.unpartitioned());
      URI uri = URI.create(readBase + "namespaces/bench/tables/snap" + snapshots);
      long started = System.nanoTime();
      addSnapshots(uri, snapshots);
      HttpResponse<byte[]> response = http.send(suite.request(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode metadata = JSON.readTree(response.body()).path("metadata");
      int found = metadata.path("snapshots").size();
      if (found != snapshots) {
        throw new IllegalStateException(identifier + " has " + found + " snapshots, expected " + snapshots);
      }
      long metadataBytes = JSON.writeValueAsBytes(metadata).length;
      run.snapshotTableSizes.put(snapshots, new long[] {metadataBytes, response.body().length});
      log.info("%s: %s: %d snapshots added in %.1f s; metadata JSON %,d bytes, loadTable body %,d bytes",
          run.server, identifier, snapshots, (System.nanoTime() - started) / 1e9, metadataBytes, response.body().length);
    }
    for (int snapshots : settings.scaleSnapshots) {
      URI uri = URI.create(readBase + "namespaces/bench/tables/snap" + snapshots);
      for (int clients : settings.scaleLoadClients) {
        suite.closedPhase(run, "scale.loadTable.s" + snapshots + ".c" + clients,
            "loadTable, " + snapshots + " snapshots, " + clients + " clients", "scale", clients, 1,
            suite.signedGet(http, uri), settings.scaleWarmup, settings.scaleMeasure);
      }
    }

    // (d) commits against the number of tables committed to (last: they add snapshots to those
    // tables, which would otherwise weigh on the memory curve)
    for (int tables : settings.scaleCommitTables) {
      commits(big, Math.min(tables, settings.scaleTables));
    }
  }

  /** Adds {@code count} metadata-only snapshots (fake manifest lists) in commits of 500 add-snapshot updates. */
  private void addSnapshots(URI table, int count) throws Exception {
    HttpResponse<byte[]> response = http.send(suite.request(table).build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode metadata = JSON.readTree(response.body()).path("metadata");
    int formatVersion = metadata.path("format-version").asInt(2);
    long sequence = metadata.path("last-sequence-number").asLong(0);
    long nextRowId = metadata.path("next-row-id").asLong(0);
    long parent = metadata.path("current-snapshot-id").asLong(-1);
    long timestamp = System.currentTimeMillis() - count - 1000;
    long totalRecords = 0;
    int added = 0;
    while (added < count) {
      ObjectNode request = JSON.createObjectNode();
      request.putArray("requirements");
      ArrayNode updates = request.putArray("updates");
      int batch = Math.min(SNAPSHOTS_PER_COMMIT, count - added);
      for (int i = 0; i < batch; i++) {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        sequence++;
        totalRecords += 100;
        ObjectNode snapshot = JSON.createObjectNode();
        snapshot.put("sequence-number", sequence);
        snapshot.put("snapshot-id", id);
        if (parent > 0) {
          snapshot.put("parent-snapshot-id", parent);
        }
        snapshot.put("timestamp-ms", timestamp++);
        ObjectNode summary = snapshot.putObject("summary");
        summary.put("operation", "append");
        summary.put("added-data-files", "1");
        summary.put("added-records", "100");
        summary.put("added-files-size", "4096");
        summary.put("changed-partition-count", "1");
        summary.put("total-records", Long.toString(totalRecords));
        summary.put("total-files-size", Long.toString(totalRecords / 100 * 4096));
        summary.put("total-data-files", Long.toString(totalRecords / 100));
        summary.put("total-delete-files", "0");
        summary.put("total-position-deletes", "0");
        summary.put("total-equality-deletes", "0");
        snapshot.put("manifest-list", "file:///bench/metadata/snap-" + id + "-1-" + UUID.randomUUID() + ".avro");
        snapshot.put("schema-id", 0);
        if (formatVersion >= 3) {
          snapshot.put("first-row-id", nextRowId);
          snapshot.put("added-rows", 100);
          nextRowId += 100;
        }
        ObjectNode update = updates.addObject();
        update.put("action", "add-snapshot");
        update.set("snapshot", snapshot);
        parent = id;
      }
      ObjectNode ref = updates.addObject();
      ref.put("action", "set-snapshot-ref");
      ref.put("ref-name", "main");
      ref.put("type", "branch");
      ref.put("snapshot-id", parent);
      HttpResponse<byte[]> committed = http.send(
          suite.request(table).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (committed.statusCode() != 200) {
        throw new IllegalStateException("snapshot commit on " + table + " answered " + committed.statusCode() + ": "
            + new String(committed.body(), StandardCharsets.UTF_8));
      }
      added += batch;
    }
  }

  private static String tableName(int index) {
    return String.format("t_%06d", index);
  }

  /** Creates tables {@code from} .. {@code to - 1} in {@code namespace} with concurrent clients (timed, not measured). */
  private void createTables(Namespace namespace, int from, int to) throws InterruptedException {
    if (to <= from) {
      return;
    }
    log.info("%s: creating %,d tables in %s", run.server, to - from, namespace);
    LoadGenerator.Result result = LoadGenerator.closed("create-" + namespace, settings.scaleCreators, Duration.ofSeconds(3600),
        to - from, 1,
        (worker, n) -> {
          catalog.createTable(TableIdentifier.of(namespace, tableName(from + (int) n)), Suite.SCHEMA, PartitionSpec.unpartitioned());
          return 0;
        });
    run.scaleCreateSeconds = (Double.isNaN(run.scaleCreateSeconds) ? 0 : run.scaleCreateSeconds) + result.seconds();
    run.scaleTablesCreated += result.ok();
    log.info("%s: %,d tables created in %.1f s (%.0f/s), %d errors", run.server, result.ok(), result.seconds(),
        result.throughput(), result.errors());
    if (result.errors() > 0) {
      run.problems.add("scale: creating tables in " + namespace + ": " + result.errors() + " errors, first: " + result.firstError());
    }
  }

  /** A GET of every table 0 .. count-1 of {@code namespace} (16 clients), so the server has loaded each once. */
  private void loadAll(Namespace namespace, int count) throws InterruptedException {
    String base = readBase + "namespaces/" + namespace + "/tables/";
    LoadGenerator.Result result = LoadGenerator.closed("load-all-" + namespace, settings.scaleClients, Duration.ofSeconds(1800), count, 1,
        (worker, n) -> {
          HttpResponse<Void> response = http.send(suite.request(URI.create(base + tableName((int) n))).build(), HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + tableName((int) n));
          }
          return 0;
        });
    log.info("%s: loaded %,d tables of %s once in %.1f s (%d errors)", run.server, result.ok(), namespace, result.seconds(), result.errors());
    if (result.errors() > 0) {
      run.problems.add("scale: loading every table of " + namespace + ": " + result.errors() + " errors, first: " + result.firstError());
    }
  }

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  /** Live heap after a full GC (jcmd GC.class_histogram's total), heap used after it (GC.heap_info) and RSS. */
  private void memory(int tables) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    long pid = started.process().pid();
    try {
      Path histogram = settings.workDir.resolve(run.server + "-scale-histogram-" + tables + ".txt");
      Path heap = settings.workDir.resolve(run.server + "-scale-heap-info-" + tables + ".txt");
      new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
          .redirectErrorStream(true).redirectOutput(histogram.toFile()).start().waitFor();
      new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info")
          .redirectErrorStream(true).redirectOutput(heap.toFile()).start().waitFor();
      long live = -1;
      for (String line : Files.readAllLines(histogram)) {
        if (line.trim().startsWith("Total")) {
          String[] parts = line.trim().split("\\s+");
          live = Long.parseLong(parts[parts.length - 1]) / 1024;
        }
      }
      Matcher used = HEAP_USED.matcher(Files.readString(heap));
      long heapUsed = used.find() ? Long.parseLong(used.group(1)) : -1;
      long rss = started.process().rssKib();
      run.memory.put(tables, new ServerRun.Memory(tables, live, heapUsed, rss));
      log.info("%s: memory with %,d tables loaded: live heap %.1f MiB, heap used %.1f MiB, RSS %.0f MiB", run.server, tables,
          live / 1024.0, heapUsed / 1024.0, rss / 1024.0);
    } catch (Exception e) {
      run.problems.add("scale: memory at " + tables + " tables not measured: " + e);
    }
  }

  /** {@code scaleClients} clients appending; client w commits in turn to the tables i < count with i % clients == w. */
  private void commits(Namespace namespace, int count) throws InterruptedException {
    int clients = settings.scaleClients;
    Table[] tables = new Table[count];
    for (int i = 0; i < count; i++) {
      tables[i] = catalog.loadTable(TableIdentifier.of(namespace, tableName(i)));
    }
    int[][] own = new int[clients][];
    for (int worker = 0; worker < clients; worker++) {
      List<Integer> indexes = new ArrayList<>();
      for (int i = worker; i < count; i += clients) {
        indexes.add(i);
      }
      own[worker] = indexes.stream().mapToInt(Integer::intValue).toArray();
    }
    long[] turns = new long[clients];
    suite.closedPhase(run, "scale.commit.t" + count + ".c" + clients,
        "append commits, " + clients + " clients on " + count + " tables", "scale", clients, 1,
        (worker, sequence) -> {
          int[] mine = own[worker];
          if (mine.length == 0) {
            LockSupport.parkNanos(1_000_000); // more clients than tables: this one idles
            return 0;
          }
          Table table = tables[mine[(int) (turns[worker]++ % mine.length)]];
          table.newFastAppend().appendFile(Suite.dataFile()).commit();
          return 0;
        }, settings.scaleWarmup, settings.scaleMeasure);
  }

  /** listTables of the whole namespace (following next-page-token), {@code scaleClients} clients. */
  private void listTables(Namespace namespace, int tables) throws Exception {
    URI base = URI.create(readBase + "namespaces/" + namespace + "/tables");
    long[] shape = new long[3];
    listAll(base, shape);
    run.listingShape.put(tables, shape);
    log.info("%s: listTables of %s: %,d identifiers in %d page(s), %,d bytes", run.server, namespace, shape[0], shape[1], shape[2]);
    if (shape[0] != tables) {
      run.problems.add("scale: listTables of " + namespace + " gave " + shape[0] + " identifiers, expected " + tables);
    }
    suite.closedPhase(run, "scale.listTables.n" + tables + ".c" + settings.scaleClients,
        "listTables, " + tables + " tables (all pages), " + settings.scaleClients + " clients", "scale", settings.scaleClients, 1,
        (worker, sequence) -> {
          listAll(base, null);
          return 0;
        }, settings.scaleWarmup, settings.scaleMeasure);
  }

  /** One full listing; {@code shape} (when given) gets identifiers, pages and bytes. */
  private void listAll(URI base, long[] shape) throws Exception {
    String token = null;
    do {
      URI uri = token == null ? base : URI.create(base + "?pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      HttpResponse<byte[]> response = http.send(suite.request(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
      }
      byte[] body = response.body();
      token = null;
      if (shape != null || contains(body, NEXT_PAGE_TOKEN)) {
        JsonNode node = JSON.readTree(body);
        String next = node.path("next-page-token").asText(null);
        token = next == null || next.isEmpty() || node.path("next-page-token").isNull() ? null : next;
        if (shape != null) {
          shape[0] += node.path("identifiers").size();
          shape[1]++;
          shape[2] += body.length;
        }
      }
    } while (token != null);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

}
