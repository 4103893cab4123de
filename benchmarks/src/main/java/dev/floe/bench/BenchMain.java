package dev.floe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the suite: one PostgreSQL, then Floe and Iceberg's reference server one after the other
 * with identical parameters, then the report (benchmarks/results/latest.{md,json,png}).
 * Started by benchmarks/run.sh.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Settings settings = Settings.parse(args);
    Suite.Log log = new Suite.Log();
    long started = System.nanoTime();
    Map<String, ServerRun> runs = new LinkedHashMap<>();
    Map<String, Object> environment = new LinkedHashMap<>();
    Map<String, Object> embedded = new LinkedHashMap<>();

    deleteRecursively(settings.workDir);
    Files.createDirectories(settings.workDir);
    environment.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    environment.put("cores", Runtime.getRuntime().availableProcessors());
    environment.put("memoryGiB", memoryGiB());
    environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    environment.put("jdk", System.getProperty("java.runtime.version"));

    log.info("starting PostgreSQL");
    try (Postgres postgres = Postgres.start(settings.workDir.resolve("postgres"), settings.synchronousCommit)) {
      environment.put("postgresVersion", postgres.setting("server_version"));
      environment.put("postgresSynchronousCommit", postgres.setting("synchronous_commit"));
      log.info("PostgreSQL %s on port %d", environment.get("postgresVersion"), postgres.port());
      CpuMonitor cpu = new CpuMonitor();
      cpu.addRoot(postgres.postmasterPid(), CpuMonitor.POSTGRES);
      environment.put("loadAverageAtStart", CpuMonitor.loadAverage());
      Suite suite = new Suite(settings, log, cpu);
      HarnessWarmup.run(settings, log);
      for (String server : settings.servers) {
        try {
          runs.put(server, suite.run(server, postgres));
        } catch (Exception e) {
          log.info("%s: FAILED: %s", server, e);
          e.printStackTrace();
          ServerRun failed = runs.computeIfAbsent(server, ServerRun::new);
          failed.problems.add("run failed: " + e);
        }
      }
    }
    if (settings.measureEmbeddedStartup && settings.servers.contains("floe")) {
      measureEmbedded(settings, log, embedded);
    }

    double wall = (System.nanoTime() - started) / 1e9;
    Report report = new Report(settings, runs, environment, embedded, wall);
    report.write(settings.outDir);
    log.info("wrote %s/latest.md, latest.json, latest.png (suite %.0f s)", settings.outDir, wall);
    System.out.println();
    for (Report.Target target : report.targets) {
      System.out.printf("%-8s %s %s: %s%n", Boolean.TRUE.equals(target.met()) ? "MET" : "MISSED",
          target.name(), target.goal(), target.measured());
    }
  }

  /** Floe with no JDBC URL: its own embedded PostgreSQL, first start (initdb) and restart. */
  private static void measureEmbedded(Settings settings, Suite.Log log, Map<String, Object> embedded) {
    try {
      log.info("floe (embedded PostgreSQL): first start on an empty data directory");
      double first;
      try (ServerProcess process = Servers.startFloe(settings, null, null, "floe-embedded").process()) {
        first = process.readyAfter().toNanos() / 1e9;
      }
      log.info("floe (embedded PostgreSQL): restart on existing data");
      double restart;
      long rss;
      try (ServerProcess process = Servers.startFloe(settings, null, null, "floe-embedded").process()) {
        restart = process.readyAfter().toNanos() / 1e9;
        ServerProcess.sleep(settings.settle.toMillis());
        rss = process.rssKib();
      }
      embedded.put("firstStartSeconds", first);
      embedded.put("restartSeconds", restart);
      embedded.put("idleRssMiB", rss / 1024.0);
      log.info("floe (embedded PostgreSQL): first start %.2f s, restart %.2f s, idle RSS %.0f MiB", first, restart, rss / 1024.0);
    } catch (Exception e) {
      log.info("floe (embedded PostgreSQL) start-up not measured: %s", e);
    }
  }

  private static long memoryGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Math.round(kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return -1;
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
