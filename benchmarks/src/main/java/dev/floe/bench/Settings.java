package dev.floe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every knob of a run; the same values are used for Floe and for the reference server. */
final class Settings {
  boolean quick;
  Path floeJar;
  Path referenceClasspath;
  Path workDir;
  Path outDir;
  /** JVM options given to both servers (none by default: the servers as a user starts them). */
  List<String> serverJvmOptions = new ArrayList<>();
  /** JVM options for Floe only (e.g. a JFR recording while profiling). */
  List<String> floeExtraJvmOptions = new ArrayList<>();
  String referenceJava;
  /** Extra environment for Floe only (configuration experiments, e.g. QUARKUS_DATASOURCE_JDBC_MAX_SIZE=4). */
  java.util.Map<String, String> floeEnvironment = new java.util.LinkedHashMap<>();
  List<String> servers = new ArrayList<>(List.of("floe", "floe-opa", "reference"));
  /**
   * Servers that run only the read scenarios (loadTable and listTables at readClients, the
   * concurrency sweep) after the tree dataset: floe-opa by default, to keep the suite short.
   */
  List<String> readOnlyServers = new ArrayList<>(List.of("floe-opa"));
  /** The OPA binary for floe-opa (run.sh: $(go env GOPATH)/bin/opa, installed by scripts/install-opa.sh). */
  Path opaBinary;
  /** Floe's Rego bundle served by that OPA. */
  Path opaPolicy = Path.of("policy/src/main/resources/floe/rego");
  boolean synchronousCommit = true;
  boolean measureEmbeddedStartup = true;
  boolean metricsReporting = true;

  // dataset
  int treeNamespaces = 10;
  int treeTablesPerNamespace = 10;
  int treeViewsPerNamespace = 5;
  int treeCreators = 4;
  int hotSnapshots = 20;

  // phases
  Duration settle = Duration.ofSeconds(5);
  Duration warmup = Duration.ofSeconds(5);
  Duration measure = Duration.ofSeconds(10);
  Duration openWarmup = Duration.ofSeconds(3);
  /** How much longer a warm-up may go on while the server's JIT is still compiling. */
  Duration maxExtraWarmup = Duration.ofSeconds(30);
  Duration openMeasure = Duration.ofSeconds(10);
  int readClients = 16;
  /**
   * Extra closed loadTable phases at these client counts (e.g. 1,4,64); 1 by default: the
   * sequential warm loadTable whose latency shows what the authorizer adds end to end.
   */
  List<Integer> concurrencySweep = new ArrayList<>(List.of(1));
  List<Double> openRates = new ArrayList<>(List.of(1000.0, 2000.0, 4000.0));
  int openWorkers = 64;
  double mixWriteFraction = 0.10;
  int mixClients = 16;
  int commitClients = 16;
  int contentionClients = 8;
  int contentionAppends = 25;
  /** How long to wait, before each measured phase, for other processes to leave the CPU alone. */
  Duration quietWait = Duration.ofSeconds(120);
  /** How often a phase disturbed by other processes is measured again. */
  int noisyRetries = 1;
  /** Safety bound on the operations of any one closed phase. */
  long maxOpsPerPhase = 2_000_000;

  // scenario families (--scenarios): core (the original suite), floor (nginx + wrk), two-nodes, scale
  List<String> scenarios = new ArrayList<>(ALL_SCENARIOS);
  static final List<String> ALL_SCENARIOS = List.of("core", "floor", "two-nodes", "scale");
  /** nginx and wrk for the floor scenario (run.sh installs Debian's packages when missing). */
  String nginxBinary = "nginx";
  String wrkBinary = "wrk";
  int wrkThreads = 2;
  int wrkConnections = 16;
  /** Snapshot counts of the loadTable scale curve. */
  List<Integer> scaleSnapshots = new ArrayList<>(List.of(20, 480, 5000));
  /** Client counts of the loadTable scale curve. */
  List<Integer> scaleLoadClients = new ArrayList<>(List.of(1, 16));
  /** Tables in the small namespace of the listTables curve. */
  int scaleListSmall = 100;
  /** Tables in the large namespace: the listTables curve's large size and the memory curve's large size. */
  int scaleTables = 10_000;
  /** Tables committed to (16 clients) in the commit curve; the largest is also the memory curve's small size. */
  List<Integer> scaleCommitTables = new ArrayList<>(List.of(16, 1000));
  int scaleClients = 16;
  /** Concurrent clients creating the scale tables (not measured, only timed). */
  int scaleCreators = 16;
  Duration scaleWarmup = Duration.ofSeconds(3);
  Duration scaleMeasure = Duration.ofSeconds(6);
  /** Commit on node A, poll node B: samples of the cross-node staleness. */
  int stalenessSamples = 200;
  int twoNodeClients = 16;

  static Settings parse(String[] args) {
    Settings settings = new Settings();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> settings.quick();
        case "--floe-jar" -> settings.floeJar = Path.of(args[++i]);
        case "--reference-classpath" -> settings.referenceClasspath = Path.of(args[++i]);
        case "--work" -> settings.workDir = Path.of(args[++i]);
        case "--out" -> settings.outDir = Path.of(args[++i]);
        case "--server-jvm-opts" -> settings.serverJvmOptions = split(args[++i]);
        case "--floe-extra-jvm-opts" -> settings.floeExtraJvmOptions = split(args[++i]);
        case "--reference-java" -> settings.referenceJava = args[++i];
        case "--floe-env" -> {
          String[] pair = args[++i].split("=", 2);
          settings.floeEnvironment.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        case "--only" -> settings.servers = List.of(args[++i].split(","));
        case "--opa-binary" -> {
          String binary = args[++i];
          settings.opaBinary = binary.isBlank() ? null : Path.of(binary);
        }
        case "--opa-policy" -> settings.opaPolicy = Path.of(args[++i]);
        case "--all-scenarios" -> settings.readOnlyServers = new ArrayList<>();
        case "--pg-synchronous-commit" -> settings.synchronousCommit = Boolean.parseBoolean(args[++i]);
        case "--no-embedded-startup" -> settings.measureEmbeddedStartup = false;
        case "--no-metrics-reporting" -> settings.metricsReporting = false;
        case "--open-rates" -> {
          settings.openRates = new ArrayList<>();
          for (String rate : args[++i].split(",")) {
            settings.openRates.add(Double.parseDouble(rate));
          }
        }
        case "--concurrency-sweep" -> {
          settings.concurrencySweep = new ArrayList<>();
          for (String clients : args[++i].split(",")) {
            if (clients.isBlank()) {
              continue;
            }
            settings.concurrencySweep.add(Integer.parseInt(clients.trim()));
          }
        }
        case "--measure-seconds" -> settings.measure = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--quiet-wait-seconds" -> settings.quietWait = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--noisy-retries" -> settings.noisyRetries = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> settings.warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--scenarios" -> {
          settings.scenarios = new ArrayList<>();
          for (String scenario : args[++i].split(",")) {
            if (!ALL_SCENARIOS.contains(scenario.trim())) {
              throw new IllegalArgumentException("Unknown scenario family " + scenario + " (" + ALL_SCENARIOS + ")");
            }
            settings.scenarios.add(scenario.trim());
          }
        }
        case "--nginx-binary" -> settings.nginxBinary = args[++i];
        case "--wrk-binary" -> settings.wrkBinary = args[++i];
        case "--wrk-threads" -> settings.wrkThreads = Integer.parseInt(args[++i]);
        case "--wrk-connections" -> settings.wrkConnections = Integer.parseInt(args[++i]);
        case "--scale-snapshots" -> settings.scaleSnapshots = integers(args[++i]);
        case "--scale-load-clients" -> settings.scaleLoadClients = integers(args[++i]);
        case "--scale-list-small" -> settings.scaleListSmall = Integer.parseInt(args[++i]);
        case "--scale-tables" -> settings.scaleTables = Integer.parseInt(args[++i]);
        case "--scale-commit-tables" -> settings.scaleCommitTables = integers(args[++i]);
        case "--scale-measure-seconds" -> settings.scaleMeasure = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--scale-warmup-seconds" -> settings.scaleWarmup = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--staleness-samples" -> settings.stalenessSamples = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument: " + arg);
      }
    }
    if (settings.floeJar == null || settings.referenceClasspath == null) {
      throw new IllegalArgumentException("--floe-jar and --reference-classpath are required");
    }
    if (settings.workDir == null) {
      settings.workDir = Path.of("benchmarks/target/bench-work");
    }
    if (settings.outDir == null) {
      settings.outDir = Path.of("benchmarks/results");
    }
    return settings;
  }

  /** A short smoke run: same scenarios, smaller dataset, short phases. */
  void quick() {
    quick = true;
    treeNamespaces = 3;
    treeTablesPerNamespace = 4;
    treeViewsPerNamespace = 2;
    settle = Duration.ofSeconds(2);
    warmup = Duration.ofSeconds(1);
    measure = Duration.ofSeconds(3);
    openWarmup = Duration.ofSeconds(1);
    openMeasure = Duration.ofSeconds(3);
    maxExtraWarmup = Duration.ofSeconds(6);
    openRates = new ArrayList<>(List.of(500.0, 2000.0));
    contentionClients = 4;
    contentionAppends = 5;
    quietWait = Duration.ofSeconds(10);
    noisyRetries = 0;
    measureEmbeddedStartup = false;
    scaleTables = 2000;
    scaleCommitTables = new ArrayList<>(List.of(16, 200));
    scaleWarmup = Duration.ofSeconds(1);
    scaleMeasure = Duration.ofSeconds(2);
    stalenessSamples = 50;
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  /** The memory curve's small size: the largest commit-curve table count. */
  int scaleMemorySmall() {
    int small = 0;
    for (int tables : scaleCommitTables) {
      small = Math.max(small, tables);
    }
    return Math.min(Math.max(small, 1), scaleTables);
  }

  private static List<Integer> integers(String value) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        list.add(Integer.parseInt(part.trim()));
      }
    }
    return list;
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.trim().split("\\s+")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** For the report. */
  Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("mode", quick ? "quick" : "full");
    map.put("servers", servers);
    if (!readOnlyServers.isEmpty()) {
      map.put("readScenariosOnly", readOnlyServers.stream().filter(servers::contains).toList());
    }
    map.put("serverJvmOptions", String.join(" ", serverJvmOptions));
    if (!floeEnvironment.isEmpty()) {
      map.put("floeEnvironment", floeEnvironment);
    }
    map.put("postgresSynchronousCommit", synchronousCommit);
    map.put("clientMetricsReporting", metricsReporting);
    map.put("treeDataset", treeNamespaces + " namespaces x (" + treeTablesPerNamespace + " tables + " + treeViewsPerNamespace + " views), " + treeCreators + " concurrent creators");
    map.put("hotTableSnapshots", hotSnapshots);
    map.put("warmupSeconds", warmup.toSeconds());
    map.put("measureSeconds", measure.toSeconds());
    map.put("openWarmupSeconds", openWarmup.toSeconds());
    map.put("maxExtraWarmupWhileJitCompilesSeconds", maxExtraWarmup.toSeconds());
    map.put("openMeasureSeconds", openMeasure.toSeconds());
    map.put("readClients", readClients);
    if (!concurrencySweep.isEmpty()) {
      map.put("concurrencySweep", concurrencySweep);
    }
    map.put("openRates", openRates);
    map.put("openWorkers", openWorkers);
    map.put("mixWriteFraction", mixWriteFraction);
    map.put("mixClients", mixClients);
    map.put("commitClients", commitClients);
    map.put("contention", contentionClients + " clients x " + contentionAppends + " appends");
    map.put("quietWaitSeconds", quietWait.toSeconds());
    map.put("noisyRetries", noisyRetries);
    map.put("scenarios", scenarios);
    if (runs("floor")) {
      map.put("wrk", wrkThreads + " threads, " + wrkConnections + " connections, " + measure.toSeconds() + " s after a " + warmup.toSeconds() + " s warm-up");
    }
    if (runs("scale")) {
      map.put("scaleSnapshots", scaleSnapshots);
      map.put("scaleLoadClients", scaleLoadClients);
      map.put("scaleListTables", List.of(scaleListSmall, scaleTables));
      map.put("scaleCommitTables", scaleCommitTables);
      map.put("scaleMemoryTables", List.of(scaleMemorySmall(), scaleTables));
      map.put("scaleClients", scaleClients);
      map.put("scaleWarmupSeconds", scaleWarmup.toSeconds());
      map.put("scaleMeasureSeconds", scaleMeasure.toSeconds());
    }
    if (runs("two-nodes")) {
      map.put("twoNodeClients", twoNodeClients);
      map.put("stalenessSamples", stalenessSamples);
    }
    return map;
  }
}
