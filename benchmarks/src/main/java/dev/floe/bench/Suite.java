package dev.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * The scenarios, run against one server at a time with identical parameters. Reads go through
 * java.net.http (raw GETs, HTTP/1.1, body discarded after a one-off check); writes go through
 * Iceberg's own {@link RESTCatalog} with an in-memory FileIO on the client (manifests live in
 * client memory; the servers write only their metadata files).
 */
final class Suite {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "event_time", Types.TimestampType.withZone()),
          Types.NestedField.optional(3, "category", Types.StringType.get()),
          Types.NestedField.optional(4, "amount", Types.DecimalType.of(18, 2)),
          Types.NestedField.optional(5, "payload", Types.StringType.get()));

  static final Namespace BENCH = Namespace.of("bench");
  static final String COMMIT_ID = "bench.commit-id";
  /** Generous client retries for the contended table (same for both servers). */
  static final Map<String, String> CONTENDED_PROPERTIES =
      Map.of(
          "commit.retry.num-retries", "50",
          "commit.retry.min-wait-ms", "5",
          "commit.retry.max-wait-ms", "200",
          "commit.retry.total-timeout-ms", "120000");

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A phase during which other processes used more than this share of the machine is flagged. */
  static final double NOISY_PERCENT = 5.0;

  final Settings settings;
  final Log log;
  final CpuMonitor cpu;
  Postgres postgres;
  String database;
  long serverPid = -1;
  /** Floe's /q/metrics while a Floe server is measured, else null. */
  private URI metrics;
  private HttpClient metricsHttp;
  /** The access token of the server under test, or null when it needs none. */
  volatile String bearer;

  Suite(Settings settings, Log log, CpuMonitor cpu) {
    this.settings = settings;
    this.log = log;
    this.cpu = cpu;
  }

  /** Runs every scenario against {@code server} ("floe" or "reference"). */
  ServerRun run(String server, Postgres postgres) throws Exception {
    ServerRun run = new ServerRun(server);
    String database = server.replace('-', '_');
    postgres.recreateDatabase(database);
    this.postgres = postgres;
    this.database = database;
    run.readScenariosOnly = settings.readOnlyServers.contains(server);
    CpuMonitor.Sample runStart = cpu.sample();
    waitForQuiet(server);
    log.info("%s: starting", server);
    Servers.Started started =
        switch (server) {
          case "floe" -> Servers.startFloe(settings, postgres, database, server);
          case "floe-opa" -> Servers.startFloeOpa(settings, postgres, database, server);
          case "reference" -> Servers.startReference(settings, postgres, database);
          default -> throw new IllegalArgumentException("Unknown server " + server + " (floe, floe-opa, reference)");
        };
    if (started.sidecar() != null) {
      cpu.addRoot(started.sidecar().pid(), CpuMonitor.OPA);
      log.info("%s: OPA ready after %.2f s (pid %d, port %d)", server,
          started.sidecar().readyAfter().toNanos() / 1e9, started.sidecar().pid(), started.sidecar().port());
    }
    cpu.addRoot(started.process().pid(), CpuMonitor.SERVER);
    serverPid = started.process().pid();
    metrics = server.startsWith("floe") ? URI.create("http://127.0.0.1:" + started.process().port() + "/q/metrics") : null;
    try (ServerProcess sidecar = started.sidecar();
        ServerProcess process = started.process()) {
      run.readySeconds = process.readyAfter().toNanos() / 1e9;
      log.info("%s: ready after %.2f s (pid %d)", server, run.readySeconds, process.pid());
      ServerProcess.sleep(settings.settle.toMillis());
      run.idleRssKib = process.rssKib();
      log.info("%s: idle RSS %.0f MiB", server, run.idleRssKib / 1024.0);

      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      bearer = started.credential() == null ? null : token(http, started);
      metricsHttp = http;
      String readBase = readBase(http, started, run);
      RESTCatalog catalog = client(started, server);
      try {
        scenarios(run, started, http, readBase, catalog);
      } finally {
        run.peakRssLifetimeKib = process.peakRssKib();
        catalog.close();
        http.close();
        diagnostics(run, process);
      }
    }
    metrics = null;
    metricsHttp = null;
    run.cpu = cpu.since(runStart);
    cpu.removeRoot(started.process().pid());
    if (started.sidecar() != null) {
      cpu.removeRoot(started.sidecar().pid());
    }
    log.info("%s: stopped (CPU over the run: benchmark processes %.0f%%, other processes %.0f%% of the machine)",
        server, run.cpu.ownPercent(), run.cpu.otherPercent());
    return run;
  }

  private void scenarios(
      ServerRun run, Servers.Started started, HttpClient http, String readBase, RESTCatalog catalog)
      throws Exception {
    ServerProcess process = started.process();
    boolean core = settings.runs("core");
    // ------------------------------------------------------------ (1) tree dataset
    if (core) {
      createTree(catalog, "warmup", 2, 3, 2); // warm-up, not measured
      treeDataset(run, catalog);
    }

    // ------------------------------------------------------------ set-up (not measured)
    catalog.createNamespace(BENCH, new HashMap<>(Map.of("purpose", "benchmark")));
    Table hot = catalog.createTable(TableIdentifier.of(BENCH, "hot20"), SCHEMA, PartitionSpec.unpartitioned());
    for (int i = 0; i < settings.hotSnapshots; i++) {
      hot.newFastAppend().appendFile(dataFile()).commit();
    }
    int writers = run.readScenariosOnly || !core ? 0 : Math.max(settings.commitClients, settings.mixClients);
    for (int i = 0; i < writers; i++) {
      catalog.createTable(TableIdentifier.of(BENCH, name("commit", i)), SCHEMA, PartitionSpec.unpartitioned());
      catalog.createTable(TableIdentifier.of(BENCH, name("mix", i)), SCHEMA, PartitionSpec.unpartitioned());
    }
    if (!run.readScenariosOnly && core) {
      catalog.buildTable(TableIdentifier.of(BENCH, "contended_warmup"), SCHEMA)
          .withPartitionSpec(PartitionSpec.unpartitioned())
          .withProperties(CONTENDED_PROPERTIES)
          .create();
    }

    // ------------------------------------------------------------ (2) read-only
    URI loadTable = URI.create(readBase + "namespaces/bench/tables/hot20");
    URI listTables = URI.create(readBase + "namespaces/tree_00/tables");
    URI loadNamespace = URI.create(readBase + "namespaces/tree_00");
    checkReads(http, run, loadTable, core ? listTables : null);
    if (core) {
      coreScenarios(run, process, http, readBase, catalog, loadTable, listTables, loadNamespace);
    }
    boolean extras = run.server.equals("floe") || run.server.equals("reference");
    if (extras && (settings.runs("floor") || settings.runs("two-nodes") || settings.runs("scale"))) {
      ReadPathScenarios more = new ReadPathScenarios(this, run, started, http, readBase, catalog, loadTable);
      if (settings.runs("floor")) {
        more.floor();
      }
      if (settings.runs("two-nodes") && run.server.equals("floe")) {
        more.twoNodes();
      }
      if (settings.runs("scale")) {
        more.scale();
      }
    }
  }

  private void coreScenarios(
      ServerRun run, ServerProcess process, HttpClient http, String readBase, RESTCatalog catalog,
      URI loadTable, URI listTables, URI loadNamespace) throws Exception {
    String server = run.server;
    RssSampler sampler = new RssSampler(process);
    sampler.start();
    try {
      closedPhase(run, "read.loadTable.c" + settings.readClients,
          "loadTable (20 snapshots), " + settings.readClients + " clients", "read", settings.readClients, 1, signedGet(http, loadTable));
      closedPhase(run, "read.listTables.c" + settings.readClients,
          "listTables (" + settings.treeTablesPerNamespace + " tables), " + settings.readClients + " clients", "read",
          settings.readClients, 1, signedGet(http, listTables));
      if (!run.readScenariosOnly) {
        closedPhase(run, "read.loadNamespace.c" + settings.readClients,
            "loadNamespace, " + settings.readClients + " clients", "read", settings.readClients, 1, signedGet(http, loadNamespace));
      }
      for (int clients : settings.concurrencySweep) {
        String id = "read.loadTable.c" + clients;
        while (run.scenarios.containsKey(id)) {
          id += "'"; // the same client count again, later in the run
        }
        closedPhase(run, id, "loadTable (20 snapshots), " + clients + " clients", "sweep", clients, 1, signedGet(http, loadTable));
      }
      for (double rate : run.readScenariosOnly ? List.<Double>of() : settings.openRates) {
        String id = "read.loadTable.open" + (long) rate;
        warmUp(server, id, settings.openWarmup,
            length -> LoadGenerator.open(id + "-warmup", rate, length, settings.openWorkers, 1, signedGet(http, loadTable)));
        Measured measured =
            measure(server, id, () -> LoadGenerator.open(id, rate, settings.openMeasure, settings.openWorkers, 1, signedGet(http, loadTable)));
        record(run, id, "loadTable at a fixed " + (long) rate + "/s (open model)", "open", measured.result(), measured.usage());
        run.transactionsPerOperation.put(id, measured.transactionsPerOperation());
        run.contextSwitchesPerOperation.put(id, measured.switchesPerOperation());
      }
    } finally {
      sampler.stop();
    }
    run.peakRssUnderLoadKib = sampler.peakKib();
    log.info("%s: peak RSS during the read scenarios %.0f MiB", server, run.peakRssUnderLoadKib / 1024.0);
    if (run.readScenariosOnly) {
      log.info("%s: read scenarios only (the rest runs for floe and the reference)", server);
      return;
    }

    // ------------------------------------------------------------ (3) read/write mix
    Table[] mixTables = new Table[settings.mixClients];
    LoadGenerator.Operation[] mixReads = new LoadGenerator.Operation[settings.mixClients];
    for (int i = 0; i < settings.mixClients; i++) {
      mixTables[i] = catalog.loadTable(TableIdentifier.of(BENCH, name("mix", i)));
      mixReads[i] = signedGet(http, URI.create(readBase + "namespaces/bench/tables/" + name("mix", i)));
    }
    double writeFraction = settings.mixWriteFraction;
    LoadGenerator.Operation mix =
        (worker, sequence) -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          if (random.nextDouble() < writeFraction) {
            mixTables[worker].newFastAppend().appendFile(dataFile()).commit();
            return 1;
          }
          return mixReads[random.nextInt(mixReads.length)].run(worker, sequence);
        };
    int readPercent = (int) Math.round(100 * (1 - writeFraction));
    String mixId = "mix.r" + readPercent + "w" + (100 - readPercent) + ".c" + settings.mixClients;
    warmUp(server, mixId, settings.warmup,
        length -> LoadGenerator.closed(mixId + "-warmup", settings.mixClients, length, settings.maxOpsPerPhase, 2, mix));
    Measured measuredMix =
        measure(server, mixId, () -> LoadGenerator.closed(mixId, settings.mixClients, settings.measure, settings.maxOpsPerPhase, 2, mix));
    LoadGenerator.Result mixed = measuredMix.result();
    run.transactionsPerOperation.put(mixId, measuredMix.transactionsPerOperation());
    run.contextSwitchesPerOperation.put(mixId, measuredMix.switchesPerOperation());
    CpuMonitor.Usage mixCpu = measuredMix.usage();
    String mixTitle = readPercent + "/" + (100 - readPercent) + " loadTable/append on " + settings.mixClients
        + " tables, " + settings.mixClients + " clients";
    record(run, mixId, mixTitle + ": all", "mix", mixed, mixCpu);
    run.scenarios.put(mixId + ".reads", ServerRun.Figures.of(mixTitle + ": loadTable part", "mix",
        mixed.byCategory()[0], mixed.byCategory()[0].getTotalCount(), 0, 0, mixed.seconds(), null).withCpu(mixCpu));
    run.scenarios.put(mixId + ".writes", ServerRun.Figures.of(mixTitle + ": append part", "mix",
        mixed.byCategory()[1], mixed.byCategory()[1].getTotalCount(), 0, 0, mixed.seconds(), null).withCpu(mixCpu));

    // ------------------------------------------------------------ (4) commits, distinct tables
    Table[] commitTables = new Table[settings.commitClients];
    for (int i = 0; i < settings.commitClients; i++) {
      commitTables[i] = catalog.loadTable(TableIdentifier.of(BENCH, name("commit", i)));
    }
    closedPhase(run, "commit.distinct.c" + settings.commitClients,
        "append commits, " + settings.commitClients + " clients on " + settings.commitClients + " distinct tables",
        "commit", settings.commitClients, 1,
        (worker, sequence) -> {
          commitTables[worker].newFastAppend().appendFile(dataFile()).commit();
          return 0;
        });

    // ------------------------------------------------------------ (5) commits contending on one table
    log.info("%s: contention warm-up", server);
    contend(catalog, TableIdentifier.of(BENCH, "contended_warmup"), settings.contentionClients, 3);
    contention(run, catalog);
  }

  /** Heap figures after the run (jcmd; a full GC, so only once everything is measured). */
  private void diagnostics(ServerRun run, ServerProcess process) {
    String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      java.nio.file.Path heap = settings.workDir.resolve(run.server + "-heap-info.txt");
      java.nio.file.Path histogram = settings.workDir.resolve(run.server + "-class-histogram.txt");
      new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.heap_info")
          .redirectErrorStream(true).redirectOutput(heap.toFile()).start().waitFor();
      new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.class_histogram")
          .redirectErrorStream(true).redirectOutput(histogram.toFile()).start().waitFor();
      run.rssAfterFullGcKib = process.rssKib();
      List<String> lines = java.nio.file.Files.readAllLines(histogram);
      for (String line : lines) {
        if (line.trim().matches("^\\d+:\\s+\\d+.*")) {
          run.heapHistogram.add(line.trim());
          if (run.heapHistogram.size() >= 12) {
            break;
          }
        }
      }
      lines.stream().filter(line -> line.trim().startsWith("Total")).findFirst().ifPresent(run.heapHistogram::add);
    } catch (Exception e) {
      log.info("%s: no heap diagnostics: %s", run.server, e);
    }
  }

  // ---------------------------------------------------------------- (1) tree dataset

  private void treeDataset(ServerRun run, RESTCatalog catalog) throws InterruptedException {
    TreeResult best = null;
    CpuMonitor.Usage bestUsage = null;
    for (int attempt = 0; attempt <= settings.noisyRetries; attempt++) {
      // a repeated attempt builds a second tree of the same shape under other names
      String prefix = attempt == 0 ? "tree" : "tree" + attempt;
      waitForQuiet(run.server);
      log.info("%s: creating the tree dataset (%s_*)", run.server, prefix);
      CpuMonitor.Sample before = cpu.sample();
      TreeResult tree = createTree(
          catalog, prefix, settings.treeNamespaces, settings.treeTablesPerNamespace, settings.treeViewsPerNamespace);
      CpuMonitor.Usage usage = cpu.since(before);
      log.info("%s: tree dataset created in %.2f s (%d operations, %d errors), other processes %.0f%% CPU",
          run.server, tree.seconds, tree.all.getTotalCount(), tree.errors, usage.otherPercent());
      if (best == null || usage.otherPercent() < bestUsage.otherPercent()) {
        best = tree;
        bestUsage = usage;
      }
      if (usage.otherPercent() <= NOISY_PERCENT) {
        break;
      }
    }
    TreeResult tree = best;
    ServerRun.Figures figures = ServerRun.Figures.of(
        "create tree: " + settings.treeNamespaces + " namespaces, " + settings.treeNamespaces * settings.treeTablesPerNamespace
            + " tables, " + settings.treeNamespaces * settings.treeViewsPerNamespace + " views (" + settings.treeCreators + " clients)",
        "tree", tree.all, tree.all.getTotalCount(), tree.errors, 0, tree.seconds, tree.firstError).withCpu(bestUsage);
    run.scenarios.put("tree.create", figures);
    noteDisturbed(run, "tree.create", bestUsage);
    String[] kinds = {"namespace", "table", "view"};
    for (int i = 0; i < 3; i++) {
      LoadGenerator.Result phase = tree.phases.get(i);
      record(run, "tree.create." + kinds[i], "create tree: " + kinds[i] + "s", "tree", phase, null);
    }
  }

  private record TreeResult(List<LoadGenerator.Result> phases, Histogram all, double seconds, long errors, String firstError) {}

  private TreeResult createTree(RESTCatalog catalog, String prefix, int namespaces, int tables, int views)
      throws InterruptedException {
    int clients = settings.treeCreators;
    long limit = 600;
    LoadGenerator.Result ns =
        LoadGenerator.closed(prefix + "-namespaces", clients, Duration.ofSeconds(limit), namespaces, 1,
            (worker, n) -> {
              catalog.createNamespace(Namespace.of(name(prefix, (int) n)), new HashMap<>(Map.of("owner", "bench", "tier", "gold")));
              return 0;
            });
    LoadGenerator.Result tb =
        LoadGenerator.closed(prefix + "-tables", clients, Duration.ofSeconds(limit), (long) namespaces * tables, 1,
            (worker, n) -> {
              Namespace namespace = Namespace.of(name(prefix, (int) (n / tables)));
              catalog.createTable(TableIdentifier.of(namespace, name("t", (int) (n % tables))), SCHEMA, PartitionSpec.unpartitioned());
              return 0;
            });
    LoadGenerator.Result vw =
        LoadGenerator.closed(prefix + "-views", clients, Duration.ofSeconds(limit), (long) namespaces * views, 1,
            (worker, n) -> {
              Namespace namespace = Namespace.of(name(prefix, (int) (n / views)));
              catalog.buildView(TableIdentifier.of(namespace, name("v", (int) (n % views))))
                  .withSchema(SCHEMA)
                  .withDefaultNamespace(namespace)
                  .withQuery("spark", "SELECT id, category, amount FROM " + namespace + ".t_00 WHERE amount > 10")
                  .create();
              return 0;
            });
    Histogram all = LoadGenerator.newHistogram();
    long errors = 0;
    double seconds = 0;
    String firstError = null;
    List<LoadGenerator.Result> phases = List.of(ns, tb, vw);
    for (LoadGenerator.Result phase : phases) {
      all.add(phase.histogram());
      errors += phase.errors();
      seconds += phase.seconds();
      if (firstError == null) {
        firstError = phase.firstError();
      }
    }
    return new TreeResult(phases, all, seconds, errors, firstError);
  }

  // ---------------------------------------------------------------- (5) contention

  private void contention(ServerRun run, RESTCatalog catalog) throws InterruptedException {
    ServerRun.Contention bestContention = null;
    ServerRun.Figures bestFigures = null;
    for (int attempt = 0; attempt <= settings.noisyRetries; attempt++) {
      TableIdentifier identifier = TableIdentifier.of(BENCH, attempt == 0 ? "contended" : "contended" + attempt);
      catalog.buildTable(identifier, SCHEMA)
          .withPartitionSpec(PartitionSpec.unpartitioned())
          .withProperties(CONTENDED_PROPERTIES)
          .create();
      waitForQuiet(run.server);
      log.info("%s: contention on %s: %d clients x %d appends",
          run.server, identifier, settings.contentionClients, settings.contentionAppends);
      CpuMonitor.Sample cpuBefore = cpu.sample();
      ContendResult result = contend(catalog, identifier, settings.contentionClients, settings.contentionAppends);
      CpuMonitor.Usage usage = cpu.since(cpuBefore);
      ServerRun.Contention contention = check(catalog, identifier, result);
      log.info("%s: contention: %d succeeded, %d failed, %d snapshots added, %d lost, %d duplicated, other processes %.0f%% CPU",
          run.server, contention.succeeded(), contention.attempted() - contention.succeeded(),
          contention.snapshotsAdded(), contention.lost(), contention.duplicated(), usage.otherPercent());
      if (contention.lost() > 0 || contention.duplicated() > 0 || contention.committedDespiteFailure() > 0) {
        // correctness counts in every attempt, disturbed or not
        run.problems.add("commit.contended on " + identifier + ": " + contention.lost() + " lost, "
            + contention.duplicated() + " duplicated, " + contention.committedDespiteFailure()
            + " committed although the client saw a failure");
      }
      ServerRun.Figures figures = ServerRun.Figures.of(
          "append commits, " + settings.contentionClients + " clients x " + settings.contentionAppends
              + " on ONE table (with client retries)",
          "commit", result.histogram, contention.succeeded(), contention.attempted() - contention.succeeded(), 0,
          result.seconds, result.firstError).withCpu(usage);
      boolean worseCorrectness = bestContention != null
          && contention.lost() + contention.duplicated() > bestContention.lost() + bestContention.duplicated();
      if (bestFigures == null || worseCorrectness || usage.otherPercent() < bestFigures.otherCpuPercent()) {
        bestContention = contention;
        bestFigures = figures;
      }
      if (usage.otherPercent() <= NOISY_PERCENT) {
        break;
      }
    }
    run.contention = bestContention;
    run.scenarios.put("commit.contended", bestFigures);
    noteDisturbed(run, "commit.contended", bestFigures.cpu());
  }

  /** Matches the table's snapshots against the commits the clients saw succeed. */
  private ServerRun.Contention check(RESTCatalog catalog, TableIdentifier identifier, ContendResult result) {
    Table after = catalog.loadTable(identifier);
    Map<String, Integer> found = new HashMap<>();
    int snapshots = 0;
    for (Snapshot snapshot : after.snapshots()) {
      snapshots++;
      String id = snapshot.summary().get(COMMIT_ID);
      if (id != null) {
        found.merge(id, 1, Integer::sum);
      }
    }
    List<HistoryEntry> history = after.history();
    long lost = result.succeeded.stream().filter(id -> !found.containsKey(id)).count();
    long duplicated = found.values().stream().mapToLong(count -> count - 1).sum();
    Set<String> unexpected = new HashSet<>(found.keySet());
    unexpected.removeAll(result.succeeded);
    return new ServerRun.Contention(
        settings.contentionClients,
        settings.contentionAppends,
        result.attempted.get(),
        result.succeeded.size(),
        result.conflicts.get(),
        result.unknown.get(),
        result.other.get(),
        snapshots,
        history.size(),
        lost,
        duplicated,
        unexpected.size(),
        result.firstError);
  }

  private static final class ContendResult {
    final Set<String> succeeded = ConcurrentHashMap.newKeySet();
    final AtomicLong attempted = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    Histogram histogram;
    double seconds;
    volatile String firstError;
  }

  /** {@code clients} clients, each with its own Table object, each committing {@code appends} appends. */
  private ContendResult contend(RESTCatalog catalog, TableIdentifier identifier, int clients, int appends)
      throws InterruptedException {
    ContendResult result = new ContendResult();
    Table[] tables = new Table[clients];
    for (int i = 0; i < clients; i++) {
      tables[i] = catalog.loadTable(identifier);
    }
    AtomicLong[] done = new AtomicLong[clients];
    for (int i = 0; i < clients; i++) {
      done[i] = new AtomicLong();
    }
    LoadGenerator.Result run =
        LoadGenerator.closed("contend-" + identifier.name(), clients, Duration.ofSeconds(300), (long) clients * appends, 1,
            (worker, n) -> {
              String id = UUID.randomUUID().toString();
              result.attempted.incrementAndGet();
              try {
                tables[worker].newFastAppend().appendFile(dataFile()).set(COMMIT_ID, id).commit();
              } catch (CommitFailedException e) {
                result.conflicts.incrementAndGet();
                noteError(result, e);
                throw e;
              } catch (CommitStateUnknownException e) {
                result.unknown.incrementAndGet();
                noteError(result, e);
                throw e;
              } catch (RuntimeException e) {
                result.other.incrementAndGet();
                noteError(result, e);
                throw e;
              }
              result.succeeded.add(id);
              return 0;
            });
    result.histogram = run.histogram();
    result.seconds = run.seconds();
    return result;
  }

  private static void noteError(ContendResult result, Exception e) {
    if (result.firstError == null) {
      result.firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  // ---------------------------------------------------------------- helpers

  private void closedPhase(
      ServerRun run, String id, String title, String group, int clients, int categories, LoadGenerator.Operation operation)
      throws InterruptedException {
    closedPhase(run, id, title, group, clients, categories, operation, settings.warmup, settings.measure);
  }

  void closedPhase(
      ServerRun run, String id, String title, String group, int clients, int categories, LoadGenerator.Operation operation,
      Duration warmupLength, Duration measureLength)
      throws InterruptedException {
    warmUp(run.server, id, warmupLength,
        length -> LoadGenerator.closed(id + "-warmup", clients, length, settings.maxOpsPerPhase, categories, operation));
    Measured measured =
        measure(run.server, id, () -> LoadGenerator.closed(id, clients, measureLength, settings.maxOpsPerPhase, categories, operation));
    record(run, id, title, group, measured.result(), measured.usage());
    run.transactionsPerOperation.put(id, measured.transactionsPerOperation());
    run.contextSwitchesPerOperation.put(id, measured.switchesPerOperation());
    if (measured.authorization() != null) {
      AuthorizationMetrics.Phase a = measured.authorization();
      run.authorization.put(id, a);
      log.info("%s:   authorization (%s) over %s: %d decisions (%.2f per request), mean %.0f µs, "
              + "p50 <= %.0f µs, p99 <= %.0f µs (buckets), %.2f%% within 1 ms; gauges p50 %.0f µs, p99 %.0f µs",
          run.server, a.authorizer(), id, a.decisions(), a.decisionsPerOperation(), a.meanMicros(), a.p50BoundMicros(),
          a.p99BoundMicros(), 100 * a.shareWithin1ms(), a.gaugeP50Micros(), a.gaugeP99Micros());
    }
  }

  interface WarmUp {
    LoadGenerator.Result run(Duration length) throws InterruptedException;
  }

  /**
   * Runs the phase's workload for {@code length}, then keeps running it in 2 s steps (up to
   * {@code maxExtraWarmup}) while the server's JIT compiler threads still use more than 5% of a
   * core: on 2 shared cores, compilation left over from a short warm-up would be measured.
   */
  void warmUp(String server, String id, Duration length, WarmUp warm) throws InterruptedException {
    log.info("%s: %s warm-up", server, id);
    warm.run(length);
    long deadline = System.nanoTime() + settings.maxExtraWarmup.toNanos();
    while (serverPid > 0 && System.nanoTime() < deadline) {
      long before = CpuMonitor.compilerTicks(serverPid);
      long started = System.nanoTime();
      warm.run(Duration.ofSeconds(2));
      double share = (CpuMonitor.compilerTicks(serverPid) - before) / 100.0 / ((System.nanoTime() - started) / 1e9);
      if (share < 0.05) {
        return;
      }
      log.info("%s: %s: the JIT still compiles (%.0f%% of a core), warming up 2 s more", server, id, share * 100);
    }
  }

  interface Measurement {
    LoadGenerator.Result run() throws InterruptedException;
  }

  record Measured(
      LoadGenerator.Result result,
      CpuMonitor.Usage usage,
      double transactionsPerOperation,
      double switchesPerOperation,
      AuthorizationMetrics.Phase authorization) {}

  /** Floe's decide timer now, or null (not Floe, or the scrape failed: logged, not fatal). */
  private AuthorizationMetrics.Snapshot authorizationSnapshot(String id) {
    if (metrics == null || metricsHttp == null || !id.startsWith("read.loadTable.c")) {
      return null;
    }
    try {
      return AuthorizationMetrics.scrape(metricsHttp, metrics, bearer);
    } catch (Exception e) {
      log.info("authorization timer not read from %s: %s", metrics, e);
      return null;
    }
  }

  /** PostgreSQL transactions committed or rolled back in the server's database so far (after the stats settle). */
  private long transactions() {
    ServerProcess.sleep(700); // backends report their counts at most every 500 ms
    return postgres == null ? 0 : postgres.transactions(database);
  }

  /**
   * Runs a measured phase once the machine is quiet; if other processes still disturbed it
   * (more than {@link #NOISY_PERCENT} of the CPU), measures again, up to {@code noisyRetries}
   * times, and keeps the least disturbed attempt.
   */
  Measured measure(String server, String id, Measurement measurement) throws InterruptedException {
    Measured best = null;
    for (int attempt = 0; attempt <= settings.noisyRetries; attempt++) {
      waitForQuiet(server);
      log.info("%s: %s", server, id);
      long transactionsBefore = transactions();
      long switchesBefore = serverPid > 0 ? CpuMonitor.contextSwitches(serverPid) : 0;
      AuthorizationMetrics.Snapshot authorizationBefore = authorizationSnapshot(id);
      CpuMonitor.Sample before = cpu.sample();
      LoadGenerator.Result result = measurement.run();
      CpuMonitor.Usage usage = cpu.since(before);
      AuthorizationMetrics.Phase authorization =
          authorizationBefore == null
              ? null
              : AuthorizationMetrics.between(authorizationBefore, authorizationSnapshot(id), result.ok() + result.errors());
      long operations = Math.max(1, result.ok() + result.errors());
      long switches = serverPid > 0 ? CpuMonitor.contextSwitches(serverPid) - switchesBefore : 0;
      double perOperation = (transactions() - transactionsBefore) / (double) operations;
      if (best == null || usage.otherPercent() < best.usage().otherPercent()) {
        best = new Measured(result, usage, perOperation, switches / (double) operations, authorization);
      }
      if (usage.otherPercent() <= NOISY_PERCENT) {
        break;
      }
      log.info("%s: %s was disturbed: other processes used %.0f%% of the CPU", server, id, usage.otherPercent());
    }
    return best;
  }

  /** Waits (at most the configured time) until processes outside the benchmark use under NOISY_PERCENT of the CPU. */
  void waitForQuiet(String server) {
    long deadline = System.nanoTime() + settings.quietWait.toNanos();
    boolean said = false;
    while (true) {
      CpuMonitor.Sample before = cpu.sample();
      ServerProcess.sleep(500);
      CpuMonitor.Usage usage = cpu.since(before);
      if (usage.otherPercent() <= NOISY_PERCENT) {
        return;
      }
      if (System.nanoTime() > deadline) {
        log.info("%s: machine still busy (other processes %.0f%% CPU); measuring anyway", server, usage.otherPercent());
        return;
      }
      if (!said) {
        log.info("%s: waiting for other processes to quiet down (they use %.0f%% of the CPU)", server, usage.otherPercent());
        said = true;
      }
    }
  }

  void record(
      ServerRun run, String id, String title, String group, LoadGenerator.Result result, CpuMonitor.Usage usage) {
    ServerRun.Figures figures = ServerRun.Figures.of(title, group, result);
    if (usage != null) {
      figures = figures.withCpu(usage);
    }
    run.scenarios.put(id, figures);
    log.info("%s:   %-28s %9.1f ops/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms  errors %d%s%s",
        run.server, id, figures.throughput(), figures.p50(), figures.p90(), figures.p99(), figures.max(),
        figures.errors(), figures.missed() > 0 ? "  missed " + figures.missed() : "",
        usage == null ? "" : String.format("  cpu: harness %.0f%% server %.0f%% pg %.0f%% other %.0f%%",
            usage.harnessPercent(), usage.serverPercent(), usage.postgresPercent(), usage.otherPercent())
            + (usage.opaPercent() > 0 ? String.format(" opa %.0f%%", usage.opaPercent()) : ""));
    noteDisturbed(run, id, usage);
    if (figures.errors() > 0) {
      log.info("%s:   first error: %s", run.server, figures.firstError());
      run.problems.add(id + ": " + figures.errors() + " errors, first: " + figures.firstError());
    }
    if (figures.missed() > 0) {
      run.problems.add(id + ": " + figures.missed() + " scheduled requests not sent (server too slow for the rate)");
    }
  }

  static void noteDisturbed(ServerRun run, String id, CpuMonitor.Usage usage) {
    if (usage != null && usage.otherPercent() > NOISY_PERCENT) {
      run.problems.add(String.format(java.util.Locale.ROOT,
          "%s: other processes on the machine used %.0f%% of its CPU during this phase (figures disturbed)",
          id, usage.otherPercent()));
    }
  }

  /** A GET of {@code uri}, signed in when the server needs it. */
  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  /** An access token from the server's OAuth2 endpoint for the started server's credential. */
  static String token(HttpClient http, Servers.Started started) throws Exception {
    String[] credential = started.credential().split(":", 2);
    String form =
        "grant_type=client_credentials&scope=PRINCIPAL_ROLE%3AALL&client_id="
            + URLEncoder.encode(credential[0], StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(credential[1], StandardCharsets.UTF_8);
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(started.restUri() + "/v1/oauth/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  /** A GET of {@code uri} with no authentication (the harness warm-up's own server). */
  static LoadGenerator.Operation get(HttpClient http, URI uri) {
    return get(http, uri, HttpRequest.newBuilder(uri).GET().header("Accept", "application/json").build());
  }

  LoadGenerator.Operation signedGet(HttpClient http, URI uri) {
    return get(http, uri, request(uri).header("Accept", "application/json").build());
  }

  private static LoadGenerator.Operation get(HttpClient http, URI uri, HttpRequest request) {
    return (worker, sequence) -> {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
      }
      return 0;
    };
  }

  /** One-off checks that the raw GETs return what the scenarios claim to measure. */
  private void checkReads(HttpClient http, ServerRun run, URI loadTable, URI listTables) throws Exception {
    HttpResponse<byte[]> table =
        http.send(request(loadTable).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (table.statusCode() != 200) {
      throw new IllegalStateException("loadTable answered " + table.statusCode() + ": " + new String(table.body(), StandardCharsets.UTF_8));
    }
    JsonNode metadata = JSON.readTree(table.body()).path("metadata");
    int snapshots = metadata.path("snapshots").size();
    if (snapshots != settings.hotSnapshots) {
      throw new IllegalStateException("hot20 has " + snapshots + " snapshots, expected " + settings.hotSnapshots);
    }
    run.loadTableBodyBytes = table.body().length;
    if (listTables == null) {
      log.info("%s: loadTable body %d bytes (%d snapshots)", run.server, run.loadTableBodyBytes, snapshots);
      return;
    }
    HttpResponse<byte[]> list =
        http.send(request(listTables).build(), HttpResponse.BodyHandlers.ofByteArray());
    int identifiers = JSON.readTree(list.body()).path("identifiers").size();
    if (list.statusCode() != 200 || identifiers != settings.treeTablesPerNamespace) {
      throw new IllegalStateException("listTables answered " + list.statusCode() + " with " + identifiers + " tables");
    }
    log.info("%s: loadTable body %d bytes (%d snapshots), listTables %d tables", run.server,
        run.loadTableBodyBytes, snapshots, identifiers);
  }

  /** The base URL of raw catalog requests, with the prefix the server's /v1/config announces. */
  private String readBase(HttpClient http, Servers.Started started, ServerRun run) throws Exception {
    HttpResponse<byte[]> response =
        http.send(request(URI.create(started.configUrl())).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/v1/config answered " + response.statusCode());
    }
    JsonNode config = JSON.readTree(response.body());
    String prefix = config.path("overrides").path("prefix").asText(null);
    if (prefix == null) {
      prefix = config.path("defaults").path("prefix").asText(null);
    }
    run.configPrefix = prefix;
    String base = started.restUri() + "/v1/";
    if (prefix != null && !prefix.isEmpty()) {
      base += URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "/";
    }
    log.info("%s: /v1/config prefix %s, requests under %s", run.server, prefix, base);
    return base;
  }

  RESTCatalog client(Servers.Started started, String server) {
    Map<String, String> properties = new HashMap<>();
    properties.put("uri", started.restUri());
    if (started.warehouse() != null) {
      properties.put("warehouse", started.warehouse());
    }
    properties.put("io-impl", InMemoryFileIO.class.getName());
    if (started.credential() != null) {
      properties.put("credential", started.credential());
      properties.put("oauth2-server-uri", started.restUri() + "/v1/oauth/tokens");
      properties.put("scope", "PRINCIPAL_ROLE:ALL");
    }
    properties.put("rest-metrics-reporting-enabled", Boolean.toString(settings.metricsReporting));
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("bench-" + server, properties);
    return catalog;
  }

  static DataFile dataFile() {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("file:///bench/data/" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(4096)
        .withRecordCount(100)
        .build();
  }

  static String name(String prefix, int index) {
    return String.format("%s_%02d", prefix, index);
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }

  /** Samples a process's VmRSS every 100 ms and keeps the peak. */
  static final class RssSampler {
    private final ServerProcess process;
    private volatile boolean running = true;
    private volatile long peak = -1;
    private Thread thread;

    RssSampler(ServerProcess process) {
      this.process = process;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  long rss = process.rssKib();
                  if (rss > peak) {
                    peak = rss;
                  }
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(1000);
    }

    long peakKib() {
      return peak;
    }
  }

  /** Progress lines on stderr, with elapsed time. */
  static final class Log {
    private final long start = System.nanoTime();

    void info(String format, Object... args) {
      System.err.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
    }
  }
}
