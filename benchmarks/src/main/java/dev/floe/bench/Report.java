package dev.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The run's results as Markdown, JSON and (through {@link Chart}) PNG. */
final class Report {
  static final double MIB = 1024.0;

  final Settings settings;
  final Map<String, ServerRun> runs;
  final Map<String, Object> environment;
  final Map<String, Object> embedded;
  final double wallSeconds;
  final List<Target> targets;

  Report(
      Settings settings,
      Map<String, ServerRun> runs,
      Map<String, Object> environment,
      Map<String, Object> embedded,
      double wallSeconds) {
    this.settings = settings;
    this.runs = runs;
    this.environment = environment;
    this.embedded = embedded;
    this.wallSeconds = wallSeconds;
    this.targets = targets();
  }

  ServerRun floe() {
    return runs.get("floe");
  }

  ServerRun reference() {
    return runs.get("reference");
  }

  /** Floe deciding with OPA instead of its built-in RBAC, or null when it did not run. */
  ServerRun floeOpa() {
    return runs.get("floe-opa");
  }

  /** The loadTable phase the authorization target is judged on (16 clients, warm). */
  String loadTableId() {
    return "read.loadTable.c" + settings.readClients;
  }

  /** The sequential loadTable phase (1 client), or null when the sweep has no 1. */
  String sequentialLoadTableId() {
    return settings.concurrencySweep.contains(1) ? "read.loadTable.c1" : null;
  }

  /** Scenario ids in run order (union over the servers). */
  List<String> scenarioIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (ServerRun run : runs.values()) {
      ids.addAll(run.scenarios.keySet());
    }
    return new ArrayList<>(ids);
  }

  ServerRun.Figures figures(ServerRun run, String id) {
    return run == null ? null : run.scenarios.get(id);
  }

  static double ratio(double floe, double reference) {
    if (Double.isNaN(floe) || Double.isNaN(reference) || reference == 0) {
      return Double.NaN;
    }
    return floe / reference;
  }

  // ---------------------------------------------------------------- targets

  /** One target Floe is judged against. */
  record Target(String name, String goal, String measured, Boolean met, String note) {}

  private List<Target> targets() {
    List<Target> list = new ArrayList<>();
    ServerRun floe = floe();
    ServerRun reference = reference();
    if (floe == null) {
      return list;
    }
    String loadId = "read.loadTable.c" + settings.readClients;
    ServerRun.Figures floeLoad = figures(floe, loadId);
    ServerRun.Figures refLoad = figures(reference, loadId);
    if (floeLoad != null && refLoad != null) {
      double r = ratio(floeLoad.throughput(), refLoad.throughput());
      list.add(new Target("loadTable throughput vs reference (" + settings.readClients + " clients)", ">= 3.0x",
          fmt(r, 2) + "x (" + fmt(floeLoad.throughput(), 0) + " vs " + fmt(refLoad.throughput(), 0) + " req/s)",
          r >= 3.0, null));
    }
    if (floeLoad != null) {
      list.add(new Target("loadTable p99 (" + settings.readClients + " clients)", "<= 10 ms",
          fmt(floeLoad.p99(), 2) + " ms", floeLoad.p99() <= 10.0, null));
    }
    ServerRun.Figures commits = figures(floe, "commit.distinct.c" + settings.commitClients);
    if (commits != null) {
      list.add(new Target("commits/s across " + settings.commitClients + " distinct tables", ">= 100/s",
          fmt(commits.throughput(), 1) + "/s", commits.throughput() >= 100.0 && commits.errors() == 0,
          commits.errors() > 0 ? commits.errors() + " failed commits" : null));
    }
    if (floe.contention != null) {
      ServerRun.Contention c = floe.contention;
      list.add(new Target("lost commits under contention", "0 (and 0 duplicated)",
          c.lost() + " lost, " + c.duplicated() + " duplicated (" + c.succeeded() + " reported, "
              + c.snapshotsAdded() + " snapshots added)",
          c.lost() == 0 && c.duplicated() == 0 && c.committedDespiteFailure() == 0, null));
    }
    AuthorizationMetrics.Phase rbac = floe.authorization.get(loadTableId());
    if (rbac != null) {
      boolean within = rbac.p99BoundMicros() <= 1000.0;
      list.add(new Target("authorization p99 on warm loadTable (RBAC, " + settings.readClients + " clients)", "<= 1 ms",
          (within ? "p99 <= 1 ms" : "p99 <= " + fmt(rbac.p99BoundMicros(), 0) + " µs") + " over the phase ("
              + fmt(100 * rbac.shareWithin1ms(), 2) + "% of " + fmt(rbac.decisions(), 0) + " decisions within 1 ms); gauges p50 "
              + fmt(rbac.gaugeP50Micros(), 0) + " µs, p99 " + fmt(rbac.gaugeP99Micros(), 0) + " µs",
          within, null));
    }
    if (floe.idleRssKib > 0) {
      double mib = floe.idleRssKib / MIB;
      double mb = floe.idleRssKib * 1024.0 / 1e6;
      list.add(new Target("idle RSS", "<= 400 MB", fmt(mib, 0) + " MiB (" + fmt(mb, 0) + " MB)", mb <= 400.0, null));
    }
    if (!Double.isNaN(floe.readySeconds)) {
      list.add(new Target("start-up to ready (external PostgreSQL)", "<= 5 s", fmt(floe.readySeconds, 2) + " s",
          floe.readySeconds <= 5.0, null));
    }
    String wrkId = "wrk.loadTable.c" + settings.wrkConnections;
    ServerRun.Figures floeWrk = figures(floe, wrkId);
    if (floeWrk != null && floe.nginxFloor != null) {
      double share = ratio(floeWrk.throughput(), floe.nginxFloor.throughput());
      list.add(new Target("loadTable under wrk vs the nginx floor (Floe's body as a static file)", ">= 40%",
          fmt(100 * share, 1) + "% (" + fmt(floeWrk.throughput(), 0) + " vs " + fmt(floe.nginxFloor.throughput(), 0) + " req/s)",
          share >= 0.40, null));
    }
    ServerRun.Figures refWrk = figures(reference, wrkId);
    if (floeWrk != null && refWrk != null) {
      double r = ratio(floeWrk.throughput(), refWrk.throughput());
      list.add(new Target("loadTable throughput vs reference under wrk (" + settings.wrkConnections + " connections)", ">= 3.0x",
          fmt(r, 2) + "x (" + fmt(floeWrk.throughput(), 0) + " vs " + fmt(refWrk.throughput(), 0) + " req/s)", r >= 3.0, null));
    }
    if (floe.staleness != null) {
      ServerRun.Staleness st = floe.staleness;
      list.add(new Target("cross-node staleness p99 (commit on node A, loadTable on node B)", "<= 50 ms",
          fmt(st.p99(), 2) + " ms (p50 " + fmt(st.p50(), 2) + ", max " + fmt(st.max(), 2) + " ms, " + st.samples() + " commits"
              + (st.timeouts() > 0 ? ", " + st.timeouts() + " never seen within 5 s" : "") + ")",
          st.p99() <= 50.0 && st.timeouts() == 0, null));
    }
    return list;
  }

  // ---------------------------------------------------------------- read path (issue 16)

  /** Scale ids of one family, e.g. ("scale.loadTable.s", ".c16") -> sizes in run order. */
  List<Integer> scaleSizes(String prefix, String suffix) {
    List<Integer> sizes = new ArrayList<>();
    for (String id : scenarioIds()) {
      if (id.startsWith(prefix) && id.endsWith(suffix)) {
        String middle = id.substring(prefix.length(), id.length() - suffix.length());
        if (middle.matches("\\d+")) {
          sizes.add(Integer.parseInt(middle));
        }
      }
    }
    return sizes;
  }

  private void readPath(StringBuilder md) {
    ServerRun floe = floe();
    ServerRun ref = reference();
    String wrkId = "wrk.loadTable.c" + settings.wrkConnections;
    if (floe != null && (floe.nginxFloor != null || figures(floe, wrkId) != null)) {
      md.append("\n## Floor: nginx serving Floe's loadTable body (wrk)\n\n")
          .append("wrk (").append(settings.wrkThreads).append(" threads, ").append(settings.wrkConnections)
          .append(" connections, keep-alive, ").append(settings.measure.toSeconds()).append(" s after a ")
          .append(settings.warmup.toSeconds()).append(" s warm-up) against nginx on loopback serving the exact loadTable body of `bench.hot20` fetched from the running Floe (")
          .append(floe.floorBodyBytes).append(" bytes, `").append(floe.floorContentType).append("`), then against Floe's loadTable (root's bearer token) and the reference's. ")
          .append("wrk runs as a separate process; its CPU is counted with the harness.\n\n")
          .append("| | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | CPU % wrk+harness / server / pg / other | share of the floor |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      double floor = floe.nginxFloor == null ? Double.NaN : floe.nginxFloor.throughput();
      wrkRow(md, "nginx (the floor)", floe.nginxFloor, floor);
      wrkRow(md, "Floe loadTable", figures(floe, wrkId), floor);
      wrkRow(md, "reference loadTable", figures(ref, wrkId), floor);
      ServerRun.Figures f = figures(floe, wrkId);
      ServerRun.Figures r = figures(ref, wrkId);
      md.append("\n**Floe / nginx floor: ").append(f == null ? "-" : fmt(100 * ratio(f.throughput(), floor), 1) + " %")
          .append("** (target >= 40 %). Floe / reference under wrk: ")
          .append(f == null || r == null ? "-" : fmtRatio(ratio(f.throughput(), r.throughput()))).append(" (target >= 3x). ");
      ServerRun.Figures javaLoad = figures(floe, loadTableId());
      if (javaLoad != null && f != null) {
        md.append("The java.net.http generator's `").append(loadTableId()).append("` gave Floe ")
            .append(fmt(javaLoad.throughput(), 0)).append(" req/s in the same run, with the harness using ")
            .append(javaLoad.cpu() == null ? "-" : fmt(javaLoad.cpu().harnessPercent(), 0)).append("% of the machine (wrk with the harness: ")
            .append(f.cpu() == null ? "-" : fmt(f.cpu().harnessPercent(), 0)).append("%).");
      }
      md.append("\n");
    }

    if (floe != null && (floe.staleness != null || figures(floe, "twonode.loadTable.c" + settings.twoNodeClients) != null)) {
      md.append("\n## Two Floe nodes on one PostgreSQL\n\n");
      ServerRun.Figures two = figures(floe, "twonode.loadTable.c" + settings.twoNodeClients);
      ServerRun.Figures one = figures(floe, loadTableId());
      if (two != null) {
        md.append("A second Floe process on the same database (another port, its own data directory), ").append(settings.twoNodeClients)
            .append(" clients, each request to the next node in turn (round-robin in the load generator): **")
            .append(fmt(two.throughput(), 0)).append(" loadTable/s**, p50 ").append(fmtMs(two.p50())).append(" ms, p99 ")
            .append(fmtMs(two.p99())).append(" ms");
        if (one != null) {
          md.append(" (one node, `").append(loadTableId()).append("`: ").append(fmt(one.throughput(), 0)).append("/s, so ")
              .append(fmtRatio(ratio(two.throughput(), one.throughput()))).append(")");
        }
        md.append(". Both nodes share the same 2 cores, so a second node cannot add CPU here; the figure shows that the nodes serve the same data and what two JVMs cost.\n\n");
      }
      ServerRun.Staleness st = floe.staleness;
      if (st != null) {
        md.append("**Cross-node staleness**: ").append(settings.stalenessSamples)
            .append(" times, a `set-properties` commit on node A (raw REST commit), then node B's loadTable polled every ~1 ms until its `metadata-location` is the one node A answered; ")
            .append("staleness = from node A's answer to node B's first answer showing the new location (it includes one poll's round trip).\n\n")
            .append("| samples | p50 ms | p99 ms | max ms | mean ms | seen at the first poll | never seen (5 s) | one poll, mean ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
            .append("| ").append(st.samples()).append(" | ").append(fmtMs(st.p50())).append(" | ").append(fmtMs(st.p99())).append(" | ")
            .append(fmtMs(st.max())).append(" | ").append(fmtMs(st.mean())).append(" | ").append(fmt(100 * st.firstPollShare(), 0)).append(" % | ")
            .append(st.timeouts()).append(" | ").append(fmtMs(st.meanPollMillis())).append(" |\n\nTarget: p99 <= 50 ms.\n");
      }
    }

    boolean scale = runs.values().stream().anyMatch(r -> !r.memory.isEmpty() || !r.snapshotTableSizes.isEmpty());
    if (!scale) {
      return;
    }
    md.append("\n## Scale curves\n\n")
        .append("Each phase: ").append(settings.scaleWarmup.toSeconds()).append(" s warm-up, ").append(settings.scaleMeasure.toSeconds())
        .append(" s measured. *Growth* = the figure at the large size / at the small size (for throughput below 1 means it falls; for latency and memory above 1 means it grows). ")
        .append("Chart: [scale.png](scale.png).\n\n");
    md.append("**loadTable against snapshot count.** Tables built with metadata-only appends (raw REST commits of ")
        .append("`add-snapshot` updates, 500 per request, fake manifest lists, summaries like an Iceberg append's).\n\n")
        .append("| snapshots | metadata JSON bytes Floe / ref | loadTable body bytes Floe / ref |\n|---:|---:|---:|\n");
    for (Integer n : settings.scaleSnapshots) {
      long[] fs = floe == null ? null : floe.snapshotTableSizes.get(n);
      long[] rs = ref == null ? null : ref.snapshotTableSizes.get(n);
      md.append("| ").append(fmt(n, 0)).append(" | ").append(fs == null ? "-" : fmt(fs[0], 0)).append(" / ").append(rs == null ? "-" : fmt(rs[0], 0))
          .append(" | ").append(fs == null ? "-" : fmt(fs[1], 0)).append(" / ").append(rs == null ? "-" : fmt(rs[1], 0)).append(" |\n");
    }
    md.append("\n| loadTable | clients | Floe p50 ms | Floe p99 ms | Floe req/s | Ref p50 ms | Ref p99 ms | Ref req/s | p99 Floe / ref | req/s Floe / ref |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int clients : settings.scaleLoadClients) {
      List<Integer> sizes = scaleSizes("scale.loadTable.s", ".c" + clients);
      for (int n : sizes) {
        String id = "scale.loadTable.s" + n + ".c" + clients;
        scaleRow(md, n + " snapshots", clients, figures(floe, id), figures(ref, id));
      }
      growthRow(md, "loadTable", clients, sizes, n -> "scale.loadTable.s" + n + ".c" + clients);
    }
    md.append("\n**listTables against namespace size** (a full listing, following `next-page-token` when the server pages):\n\n")
        .append("| listTables | clients | Floe p50 ms | Floe p99 ms | Floe lists/s | Ref p50 ms | Ref p99 ms | Ref lists/s | p99 Floe / ref | lists/s Floe / ref |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Integer> listSizes = scaleSizes("scale.listTables.n", ".c" + settings.scaleClients);
    for (int n : listSizes) {
      String id = "scale.listTables.n" + n + ".c" + settings.scaleClients;
      scaleRow(md, n + " tables" + pages(floe, ref, n), settings.scaleClients, figures(floe, id), figures(ref, id));
    }
    growthRow(md, "listTables", settings.scaleClients, listSizes, n -> "scale.listTables.n" + n + ".c" + settings.scaleClients);
    md.append("\n**Commits against the number of tables committed to** (").append(settings.scaleClients)
        .append(" clients; client w appends in turn to the tables i with i mod ").append(settings.scaleClients).append(" = w, so no two clients touch one table):\n\n")
        .append("| commits | clients | Floe p50 ms | Floe p99 ms | Floe commits/s | Ref p50 ms | Ref p99 ms | Ref commits/s | p99 Floe / ref | commits/s Floe / ref |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Integer> commitSizes = scaleSizes("scale.commit.t", ".c" + settings.scaleClients);
    for (int n : commitSizes) {
      String id = "scale.commit.t" + n + ".c" + settings.scaleClients;
      scaleRow(md, n + " tables", settings.scaleClients, figures(floe, id), figures(ref, id));
    }
    growthRow(md, "commits", settings.scaleClients, commitSizes, n -> "scale.commit.t" + n + ".c" + settings.scaleClients);
    md.append("\n**Memory against tables loaded** (each table of the namespace `scale_big` loaded once, then `jcmd GC.class_histogram`: live heap after its full GC; `GC.heap_info`: heap used right after; RSS from /proc). ");
    if (settings.scaleTables < 100_000) {
      md.append("The large size is ").append(fmt(settings.scaleTables, 0)).append(" tables (`--scale-tables`), not 100,000: creating 100,000 tables through the Iceberg client takes about ")
          .append(createMinutes(floe, 100_000)).append(" min for Floe and ").append(createMinutes(ref, 100_000)).append(" min for the reference at this run's creation rates, too long for the suite. ");
    }
    md.append("\n\n| tables loaded | Floe live heap MiB | Floe RSS MiB | Ref live heap MiB | Ref RSS MiB | live heap Floe / ref | RSS Floe / ref |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Integer> memorySizes = new ArrayList<>();
    for (ServerRun r : runs.values()) {
      for (Integer n : r.memory.keySet()) {
        if (!memorySizes.contains(n)) {
          memorySizes.add(n);
        }
      }
    }
    for (int n : memorySizes) {
      ServerRun.Memory fm = floe == null ? null : floe.memory.get(n);
      ServerRun.Memory rm = ref == null ? null : ref.memory.get(n);
      md.append("| ").append(fmt(n, 0)).append(" | ").append(fm == null ? "-" : fmt(fm.liveHeapKib() / MIB, 1)).append(" | ")
          .append(fm == null ? "-" : fmt(fm.rssKib() / MIB, 0)).append(" | ").append(rm == null ? "-" : fmt(rm.liveHeapKib() / MIB, 1)).append(" | ")
          .append(rm == null ? "-" : fmt(rm.rssKib() / MIB, 0)).append(" | ")
          .append(fm == null || rm == null ? "-" : fmtRatio(ratio(fm.liveHeapKib(), rm.liveHeapKib()))).append(" | ")
          .append(fm == null || rm == null ? "-" : fmtRatio(ratio(fm.rssKib(), rm.rssKib()))).append(" |\n");
    }
    if (memorySizes.size() >= 2) {
      int small = memorySizes.get(0);
      int large = memorySizes.get(memorySizes.size() - 1);
      md.append("| growth ").append(fmt(large, 0)).append(" / ").append(fmt(small, 0)).append(" | ")
          .append(memoryGrowth(floe, small, large, true)).append(" | ").append(memoryGrowth(floe, small, large, false)).append(" | ")
          .append(memoryGrowth(ref, small, large, true)).append(" | ").append(memoryGrowth(ref, small, large, false)).append(" | | |\n");
      for (ServerRun r : new ServerRun[] {floe, ref}) {
        if (r != null && r.memory.get(small) != null && r.memory.get(large) != null) {
          double perTable = (r.memory.get(large).liveHeapKib() - r.memory.get(small).liveHeapKib()) * 1024.0 / (large - small);
          md.append("\n").append(r.server).append(": ").append(fmt(perTable, 0)).append(" bytes of live heap per extra table loaded.");
        }
      }
      md.append(" Live heap counts everything the server holds at that moment (caches with a time-based expiry, the JIT's and the pools' buffers), which moves by tens of MiB between two points on its own: a per-table figure means something only where the growth is larger than that.");
      md.append("\n");
    }
    for (ServerRun r : new ServerRun[] {floe, ref}) {
      if (r != null && r.scaleTablesCreated > 0) {
        md.append("\n").append(r.server).append(": ").append(fmt(r.scaleTablesCreated, 0)).append(" scale tables created in ")
            .append(fmt(r.scaleCreateSeconds, 1)).append(" s (").append(fmt(r.scaleTablesCreated / r.scaleCreateSeconds, 0))
            .append("/s, ").append(settings.scaleCreators).append(" clients through the Iceberg client; set-up, not measured).");
      }
    }
    md.append("\n");
  }

  private static String createMinutes(ServerRun run, int tables) {
    if (run == null || run.scaleTablesCreated == 0) {
      return "?";
    }
    return fmt(tables / (run.scaleTablesCreated / run.scaleCreateSeconds) / 60.0, 0);
  }

  private static String memoryGrowth(ServerRun run, int small, int large, boolean heap) {
    if (run == null || run.memory.get(small) == null || run.memory.get(large) == null) {
      return "-";
    }
    ServerRun.Memory a = run.memory.get(small);
    ServerRun.Memory b = run.memory.get(large);
    return fmtRatio(heap ? ratio(b.liveHeapKib(), a.liveHeapKib()) : ratio(b.rssKib(), a.rssKib()));
  }

  private static String pages(ServerRun floe, ServerRun ref, int n) {
    long[] f = floe == null ? null : floe.listingShape.get(n);
    long[] r = ref == null ? null : ref.listingShape.get(n);
    if (f == null && r == null) {
      return "";
    }
    return " (pages Floe " + (f == null ? "-" : f[1]) + ", ref " + (r == null ? "-" : r[1]) + "; bytes Floe "
        + (f == null ? "-" : fmt(f[2], 0)) + ", ref " + (r == null ? "-" : fmt(r[2], 0)) + ")";
  }

  private static void scaleRow(StringBuilder md, String label, int clients, ServerRun.Figures f, ServerRun.Figures r) {
    md.append("| ").append(label).append(" | ").append(clients).append(" | ")
        .append(f == null ? "-" : fmtMs(f.p50())).append(" | ").append(f == null ? "-" : fmtMs(f.p99())).append(" | ")
        .append(f == null ? "-" : fmt(f.throughput(), 1)).append(" | ")
        .append(r == null ? "-" : fmtMs(r.p50())).append(" | ").append(r == null ? "-" : fmtMs(r.p99())).append(" | ")
        .append(r == null ? "-" : fmt(r.throughput(), 1)).append(" | ")
        .append(f == null || r == null ? "-" : fmtRatio(ratio(f.p99(), r.p99()))).append(" | ")
        .append(f == null || r == null ? "-" : fmtRatio(ratio(f.throughput(), r.throughput()))).append(" |\n");
  }

  private void growthRow(StringBuilder md, String what, int clients, List<Integer> sizes, java.util.function.IntFunction<String> id) {
    if (sizes.size() < 2) {
      return;
    }
    int small = sizes.get(0);
    int large = sizes.get(sizes.size() - 1);
    ServerRun.Figures fs = figures(floe(), id.apply(small));
    ServerRun.Figures fl = figures(floe(), id.apply(large));
    ServerRun.Figures rs = figures(reference(), id.apply(small));
    ServerRun.Figures rl = figures(reference(), id.apply(large));
    md.append("| *growth ").append(fmt(large, 0)).append(" / ").append(fmt(small, 0)).append("* | ").append(clients).append(" | ")
        .append(fs == null || fl == null ? "-" : fmtRatio(ratio(fl.p50(), fs.p50()))).append(" | ")
        .append(fs == null || fl == null ? "-" : fmtRatio(ratio(fl.p99(), fs.p99()))).append(" | ")
        .append(fs == null || fl == null ? "-" : fmtRatio(ratio(fl.throughput(), fs.throughput()))).append(" | ")
        .append(rs == null || rl == null ? "-" : fmtRatio(ratio(rl.p50(), rs.p50()))).append(" | ")
        .append(rs == null || rl == null ? "-" : fmtRatio(ratio(rl.p99(), rs.p99()))).append(" | ")
        .append(rs == null || rl == null ? "-" : fmtRatio(ratio(rl.throughput(), rs.throughput()))).append(" | | |\n");
  }

  private static void wrkRow(StringBuilder md, String label, ServerRun.Figures f, double floor) {
    if (f == null) {
      return;
    }
    md.append("| ").append(label).append(" | ").append(fmt(f.throughput(), 0)).append(" | ").append(fmtMs(f.p50())).append(" | ")
        .append(fmtMs(f.p90())).append(" | ").append(fmtMs(f.p99())).append(" | ").append(fmtMs(f.max())).append(" | ")
        .append(f.errors()).append(" | ").append(cpu(f)).append(" | ")
        .append(Double.isNaN(floor) ? "-" : fmt(100 * f.throughput() / floor, 1) + " %").append(" |\n");
  }

  // ---------------------------------------------------------------- Markdown

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Floe vs Iceberg reference REST server: benchmark results\n\n");
    md.append("Generated ").append(environment.get("generatedAt")).append(" by `benchmarks/run.sh")
        .append(settings.quick ? " --quick" : "").append("` (").append(settings.quick ? "quick smoke run" : "full run")
        .append("). Suite wall time ").append(fmt(wallSeconds, 0)).append(" s.\n\n");
    md.append("Machine: ").append(environment.get("cores")).append(" cores, ")
        .append(environment.get("memoryGiB")).append(" GiB, ").append(environment.get("os")).append("; JDK ")
        .append(environment.get("jdk")).append(" for the harness and both servers; PostgreSQL ")
        .append(environment.get("postgresVersion")).append(" (synchronous_commit=")
        .append(environment.get("postgresSynchronousCommit")).append("), one instance, a database per server.\n\n");
    md.append("Floe: `java ").append(String.join(" ", settings.serverJvmOptions))
        .append(settings.serverJvmOptions.isEmpty() ? "" : " ").append("-jar quarkus-run.jar` on PostgreSQL. ")
        .append("Reference: `org.apache.iceberg.rest.RESTCatalogServer` (iceberg-open-api 1.11.0 test fixture, Jetty 12.1, ")
        .append("JdbcCatalog on PostgreSQL, HadoopFileIO with Hadoop 3.5.0 client jars), same JDK and JVM options. ")
        .append("Servers ran one after the other with identical parameters; every ratio is Floe / reference from this run.")
        .append(floeOpa() == null ? "" : " A third server, `floe-opa`, is the same Floe deciding with Open Policy Agent instead of its built-in RBAC (see Authorization).")
        .append("\n\n");

    long noisy = runs.values().stream().flatMap(run -> run.scenarios.values().stream())
        .filter(f -> f.otherCpuPercent() > Suite.NOISY_PERCENT).count();
    if (noisy > 0) {
      md.append("> **Warning:** in ").append(noisy).append(" measured phase(s) other processes on this machine used more than ")
          .append(fmt(Suite.NOISY_PERCENT, 0)).append("% of its CPU; those figures are disturbed (see the CPU columns).\n\n");
    } else {
      md.append("The machine was quiet: in every measured phase, processes outside the benchmark used at most ")
          .append(fmt(Suite.NOISY_PERCENT, 0)).append("% of its CPU.\n\n");
    }
    md.append("## Targets\n\n| Target | Goal | Floe | Met |\n|---|---|---|---|\n");
    for (Target target : targets) {
      md.append("| ").append(target.name()).append(" | ").append(target.goal()).append(" | ").append(target.measured())
          .append(target.note() == null ? "" : " (" + target.note() + ")").append(" | ")
          .append(target.met() == null ? "n/a" : target.met() ? "**yes**" : "**NO**").append(" |\n");
    }

    md.append("\n## Process\n\n| Figure | Floe | Reference | Floe / ref |\n|---|---:|---:|---:|\n");
    ServerRun floe = floe();
    ServerRun ref = reference();
    processRow(md, "Start-up to ready (s)", floe == null ? Double.NaN : floe.readySeconds, ref == null ? Double.NaN : ref.readySeconds, 2);
    processRow(md, "Idle RSS after start + " + settings.settle.toSeconds() + " s settle (MiB)",
        mib(floe == null ? -1 : floe.idleRssKib), mib(ref == null ? -1 : ref.idleRssKib), 0);
    processRow(md, "Peak RSS during the read scenarios, sampled every 100 ms (MiB)",
        mib(floe == null ? -1 : floe.peakRssUnderLoadKib), mib(ref == null ? -1 : ref.peakRssUnderLoadKib), 0);
    processRow(md, "Lifetime peak RSS, VmHWM at the end (MiB)",
        mib(floe == null ? -1 : floe.peakRssLifetimeKib), mib(ref == null ? -1 : ref.peakRssLifetimeKib), 0);
    processRow(md, "loadTable response body, 20-snapshot table (bytes)",
        floe == null || floe.loadTableBodyBytes < 0 ? Double.NaN : floe.loadTableBodyBytes, ref == null || ref.loadTableBodyBytes < 0 ? Double.NaN : ref.loadTableBodyBytes, 0);
    md.append("\nReady = wall time from process start to the first 200 of `/q/health/ready` (Floe) or `/v1/config` (reference), polled every 10 ms.\n");
    if (!embedded.isEmpty()) {
      md.append("\nFloe with its embedded PostgreSQL (no JDBC URL; measured separately): first start on an empty data directory (initdb + migrations) ")
          .append(fmt((Double) embedded.get("firstStartSeconds"), 2)).append(" s to ready; restart on existing data ")
          .append(fmt((Double) embedded.get("restartSeconds"), 2)).append(" s; idle RSS of the Floe JVM ")
          .append(fmt((Double) embedded.get("idleRssMiB"), 0)).append(" MiB (PostgreSQL's own processes not included).\n");
    }

    md.append("\n## Throughput (higher is better)\n\n")
        .append("CPU columns: share of the whole machine (all cores = 100%) used during the measured phase by the harness (load generator) / the server under test / PostgreSQL / any other process on the machine. ")
        .append("Figures of a phase where anything else used more than ").append(fmt(Suite.NOISY_PERCENT, 0)).append("% are disturbed (listed under Errors and anomalies).\n\n")
        .append("| Scenario | Floe ops/s | Reference ops/s | Floe / ref | Floe ok / errors | Ref ok / errors | CPU % Floe run: harness / server / pg / other | CPU % reference run |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String id : scenarioIds()) {
      ServerRun.Figures f = figures(floe, id);
      ServerRun.Figures r = figures(ref, id);
      ServerRun.Figures any = f != null ? f : r;
      md.append("| ").append(any.title()).append(" <br>`").append(id).append("` | ")
          .append(f == null ? "-" : fmt(f.throughput(), 1)).append(" | ")
          .append(r == null ? "-" : fmt(r.throughput(), 1)).append(" | ")
          .append(f == null || r == null ? "-" : fmtRatio(ratio(f.throughput(), r.throughput()))).append(" | ")
          .append(f == null ? "-" : f.ok() + " / " + f.errors() + missed(f)).append(" | ")
          .append(r == null ? "-" : r.ok() + " / " + r.errors() + missed(r)).append(" | ")
          .append(cpu(f)).append(" | ").append(cpu(r)).append(" |\n");
    }

    md.append("\n## Latency in ms (lower is better)\n\nClosed model: from send to response. Open model: from the request's scheduled start (includes queueing when the server falls behind).\n\n")
        .append("| Scenario | Floe p50 | p90 | p99 | max | Ref p50 | p90 | p99 | max | p99 Floe / ref |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String id : scenarioIds()) {
      ServerRun.Figures f = figures(floe, id);
      ServerRun.Figures r = figures(ref, id);
      md.append("| `").append(id).append("` | ");
      appendLatencies(md, f);
      appendLatencies(md, r);
      md.append(f == null || r == null ? "-" : fmtRatio(ratio(f.p99(), r.p99()))).append(" |\n");
    }

    authorization(md);

    md.append("\n## Cost per operation\n\n")
        .append("CPU time per operation (ms) of the server process and of PostgreSQL, from the CPU split above; ")
        .append("PostgreSQL transactions (commits + rollbacks in the server's database, pg_stat_database) per operation; ")
        .append("context switches of the server's threads per operation.\n\n")
        .append("| Scenario | Floe server CPU ms | Ref server CPU ms | Floe PG CPU ms | Ref PG CPU ms | Floe PG xacts | Ref PG xacts | Floe ctx sw | Ref ctx sw |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String id : scenarioIds()) {
      ServerRun.Figures f = figures(floe, id);
      ServerRun.Figures r = figures(ref, id);
      if ((f == null || f.cpu() == null) && (r == null || r.cpu() == null)) {
        continue;
      }
      md.append("| `").append(id).append("` | ")
          .append(cpuMs(f, true)).append(" | ").append(cpuMs(r, true)).append(" | ")
          .append(cpuMs(f, false)).append(" | ").append(cpuMs(r, false)).append(" | ")
          .append(perOp(floe == null ? null : floe.transactionsPerOperation.get(id), 2)).append(" | ")
          .append(perOp(ref == null ? null : ref.transactionsPerOperation.get(id), 2)).append(" | ")
          .append(perOp(floe == null ? null : floe.contextSwitchesPerOperation.get(id), 1)).append(" | ")
          .append(perOp(ref == null ? null : ref.contextSwitchesPerOperation.get(id), 1)).append(" |\n");
    }
    md.append("\n## Commits contending on one table\n\n")
        .append("Every append carries a unique id in its snapshot summary; afterwards the table's snapshots are read back and matched against the commits the clients saw succeed.\n\n")
        .append("| | Floe | Reference |\n|---|---:|---:|\n");
    contentionRow(md, "clients x appends", c -> c.clients() + " x " + c.appendsPerClient());
    contentionRow(md, "commits reported successful by clients", c -> Long.toString(c.succeeded()));
    contentionRow(md, "commits failed after client retries (409)", c -> Long.toString(c.failedConflict()));
    contentionRow(md, "commit state unknown / other failures", c -> c.failedUnknownState() + " / " + c.failedOther());
    contentionRow(md, "snapshots added to the table", c -> Long.toString(c.snapshotsAdded()));
    contentionRow(md, "history (snapshot-log) entries added", c -> Long.toString(c.historyEntriesAdded()));
    contentionRow(md, "**lost** (reported ok, not in table)", c -> "**" + c.lost() + "**");
    contentionRow(md, "**duplicated** (same commit twice)", c -> "**" + c.duplicated() + "**");
    contentionRow(md, "in table although the client saw a failure", c -> Long.toString(c.committedDespiteFailure()));

    readPath(md);

    List<String> problems = new ArrayList<>();
    for (ServerRun run : runs.values()) {
      for (String problem : run.problems) {
        problems.add(run.server + ": " + problem);
      }
    }
    md.append("\n## Errors and anomalies\n\n");
    if (problems.isEmpty()) {
      md.append("None: every request in every measured phase succeeded.\n");
    } else {
      for (String problem : problems) {
        md.append("- ").append(problem.replace("|", "\\|")).append('\n');
      }
    }

    md.append("\n## Heap after the run\n\n")
        .append("`jcmd <pid> GC.class_histogram` once every scenario has run (it forces a full GC; full output in `benchmarks/target/bench-work/<server>-class-histogram.txt`). ")
        .append("RSS right after it: Floe ").append(fmt(mib(floe == null ? -1 : floe.rssAfterFullGcKib), 0))
        .append(" MiB, reference ").append(fmt(mib(ref == null ? -1 : ref.rssAfterFullGcKib), 0)).append(" MiB.\n\n");
    for (ServerRun run : runs.values()) {
      md.append("**").append(run.server).append("**\n\n```\n");
      run.heapHistogram.forEach(line -> md.append(line).append('\n'));
      md.append("```\n\n");
    }
    md.append("\n## Settings\n\n");
    for (Map.Entry<String, Object> entry : settings.describe().entrySet()) {
      md.append("- ").append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
    }
    md.append("\n![Floe vs reference](latest.png)\n");
    if (runs.values().stream().anyMatch(run -> !run.memory.isEmpty() || !run.snapshotTableSizes.isEmpty())) {
      md.append("\n![Scale curves](scale.png)\n");
    }
    return md.toString();
  }

  /** Authorization: the server's own timer per loadTable, and the end-to-end difference OPA makes. */
  private void authorization(StringBuilder md) {
    ServerRun floe = floe();
    ServerRun opa = floeOpa();
    ServerRun ref = reference();
    boolean any = (floe != null && !floe.authorization.isEmpty()) || opa != null;
    if (!any) {
      return;
    }
    md.append("\n## Authorization: built-in RBAC vs OPA\n\n")
        .append("Floe authorizes every request. `floe` decides with its built-in RBAC (`RbacAuthorizer`, grants cached in memory); ")
        .append("`floe-opa` is the same server with `FLOE_AUTHORIZATION_TYPE=opa`, asking a real Open Policy Agent the harness runs on loopback ")
        .append("(`opa run --server --addr 127.0.0.1:<port> --skip-version-check --log-level error policy/src/main/resources/floe/rego`, one HTTP call per decision); ")
        .append("OPA's CPU is counted separately (the `opa` CPU column). ");
    if (opa != null && opa.readScenariosOnly) {
      md.append("To keep the suite short, `floe-opa` runs only the read scenarios (loadTable and listTables at ")
          .append(settings.readClients).append(" clients, the loadTable concurrency sweep ").append(settings.concurrencySweep).append("). ");
    }
    md.append("Requests are signed in as the bootstrap principal `root` (a service administrator with the catalog's grants).\n\n")
        .append("**Authorization time** is the server's own timer `floe_authorization_seconds{kind=\"decide\"}` (`/q/metrics`): deciding one operation ")
        .append("and queueing its audit event, as `AccessGuard` records it. *Decisions*, *mean* and *p50/p99 from buckets* come from scrapes right before and right after ")
        .append("the measured phase (its decisions only; the server's histogram buckets start at 1 ms, so \"<= 1,000\" means at most 1 ms). ")
        .append("*p50/p99 (gauge)* are the server's quantile gauges read right after the phase: a decaying window of about the last 2 minutes, ")
        .append("i.e. mostly that phase and its warm-up (for the 16-client phase, the first read phase; later phases' windows also hold earlier read phases).\n\n");
    for (ServerRun run : new ServerRun[] {floe, opa}) {
      if (run == null) {
        continue;
      }
      AuthorizationMetrics.Phase a = run.authorization.get(loadTableId());
      if (a != null) {
        md.append("- **authorization time per warm loadTable (").append(label(a.authorizer())).append(", `").append(run.server)
            .append("`, ").append(settings.readClients).append(" clients): p50 ").append(fmt(a.gaugeP50Micros(), 0)).append(" µs, p99 ")
            .append(fmt(a.gaugeP99Micros(), 0)).append(" µs**; mean ").append(fmt(a.meanMicros(), 0)).append(" µs, p99 from the phase's buckets <= ")
            .append(fmt(a.p99BoundMicros(), 0)).append(" µs, ").append(fmt(100 * a.shareWithin1ms(), 2)).append("% within 1 ms\n");
      }
    }
    md.append("\n| Server | Phase | Authorizer | Decisions | Per request | Mean µs | p50 µs (gauge) | p99 µs (gauge) | p50 µs from buckets | p99 µs from buckets | Within 1 ms |\n")
        .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ServerRun run : runs.values()) {
      for (Map.Entry<String, AuthorizationMetrics.Phase> entry : run.authorization.entrySet()) {
        AuthorizationMetrics.Phase a = entry.getValue();
        md.append("| ").append(run.server).append(" | `").append(entry.getKey()).append("` | ").append(label(a.authorizer())).append(" | ")
            .append(fmt(a.decisions(), 0)).append(" | ").append(fmt(a.decisionsPerOperation(), 2)).append(" | ")
            .append(fmt(a.meanMicros(), 0)).append(" | ").append(fmt(a.gaugeP50Micros(), 0)).append(" | ")
            .append(fmt(a.gaugeP99Micros(), 0)).append(" | <= ").append(fmt(a.p50BoundMicros(), 0)).append(" | <= ")
            .append(fmt(a.p99BoundMicros(), 0)).append(" | ").append(fmt(100 * a.shareWithin1ms(), 2)).append("% |\n");
      }
    }

    String sequential = sequentialLoadTableId();
    ServerRun.Figures base = figures(floe, sequential);
    if (sequential != null && (base != null || figures(opa, sequential) != null)) {
      md.append("\n**End-to-end loadTable at 1 client** (`").append(sequential)
          .append("`: one client, sequential, warm; latency from send to response as the harness sees it). ")
          .append("The difference to `floe` is what the OPA path adds per request end to end.\n\n")
          .append("| Server | ops/s | p50 ms | p90 ms | p99 ms | mean ms | p50 - floe (µs) | mean - floe (µs) | ops/s vs floe |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (ServerRun run : new ServerRun[] {floe, opa, ref}) {
        ServerRun.Figures f = figures(run, sequential);
        if (f == null) {
          continue;
        }
        md.append("| ").append(run.server).append(" | ").append(fmt(f.throughput(), 0)).append(" | ")
            .append(fmt(f.p50(), 3)).append(" | ").append(fmt(f.p90(), 3)).append(" | ").append(fmt(f.p99(), 3)).append(" | ")
            .append(fmt(f.mean(), 3)).append(" | ")
            .append(base == null || run == floe ? "-" : signed((f.p50() - base.p50()) * 1000)).append(" | ")
            .append(base == null || run == floe ? "-" : signed((f.mean() - base.mean()) * 1000)).append(" | ")
            .append(base == null || run == floe ? "-" : fmtRatio(ratio(f.throughput(), base.throughput()))).append(" |\n");
      }
    }

    if (opa != null && !opa.scenarios.isEmpty()) {
      md.append("\n**`floe-opa`'s scenarios** next to `floe` (RBAC) and the reference. CPU: share of the machine in `floe-opa`'s phase used by ")
          .append("harness / Floe / OPA / PostgreSQL / other processes.\n\n")
          .append("| Scenario | floe ops/s | floe-opa ops/s | reference ops/s | floe-opa / floe | floe-opa / ref | floe p99 ms | floe-opa p99 ms | ref p99 ms | CPU % floe-opa run: harness / server / opa / pg / other |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Map.Entry<String, ServerRun.Figures> entry : opa.scenarios.entrySet()) {
        String id = entry.getKey();
        ServerRun.Figures o = entry.getValue();
        ServerRun.Figures f = figures(floe, id);
        ServerRun.Figures r = figures(ref, id);
        md.append("| `").append(id).append("` | ").append(f == null ? "-" : fmt(f.throughput(), 1)).append(" | ")
            .append(fmt(o.throughput(), 1)).append(o.errors() > 0 ? " (" + o.errors() + " errors)" : "").append(" | ")
            .append(r == null ? "-" : fmt(r.throughput(), 1)).append(" | ")
            .append(f == null ? "-" : fmtRatio(ratio(o.throughput(), f.throughput()))).append(" | ")
            .append(r == null ? "-" : fmtRatio(ratio(o.throughput(), r.throughput()))).append(" | ")
            .append(f == null ? "-" : fmtMs(f.p99())).append(" | ").append(fmtMs(o.p99())).append(" | ")
            .append(r == null ? "-" : fmtMs(r.p99())).append(" | ").append(cpuWithOpa(o)).append(" |\n");
      }
      md.append("\n`floe-opa` process: ready after ").append(fmt(opa.readySeconds, 2)).append(" s (OPA started before it), idle RSS ")
          .append(fmt(mib(opa.idleRssKib), 0)).append(" MiB (Floe's JVM only).\n");
    }
  }

  private static String label(String authorizer) {
    if (authorizer == null) {
      return "-";
    }
    return switch (authorizer) {
      case "RbacAuthorizer" -> "RBAC";
      case "OpaAuthorizer" -> "OPA";
      default -> authorizer;
    };
  }

  private static String signed(double value) {
    return Double.isNaN(value) ? "-" : (value >= 0 ? "+" : "") + fmt(value, 0);
  }

  private static String cpuWithOpa(ServerRun.Figures figures) {
    if (figures == null || figures.cpu() == null) {
      return "-";
    }
    CpuMonitor.Usage u = figures.cpu();
    return fmt(u.harnessPercent(), 0) + " / " + fmt(u.serverPercent(), 0) + " / " + fmt(u.opaPercent(), 0) + " / "
        + fmt(u.postgresPercent(), 0) + " / "
        + (u.otherPercent() > Suite.NOISY_PERCENT ? "**" + fmt(u.otherPercent(), 0) + "**" : fmt(u.otherPercent(), 0));
  }

  private static String cpu(ServerRun.Figures figures) {
    if (figures == null || figures.cpu() == null) {
      return "-";
    }
    CpuMonitor.Usage u = figures.cpu();
    return fmt(u.harnessPercent(), 0) + " / " + fmt(u.serverPercent(), 0) + " / " + fmt(u.postgresPercent(), 0)
        + " / " + (u.otherPercent() > Suite.NOISY_PERCENT ? "**" + fmt(u.otherPercent(), 0) + "**" : fmt(u.otherPercent(), 0));
  }

  /** CPU milliseconds per operation of the server (or PostgreSQL) during a phase. */
  private String cpuMs(ServerRun.Figures figures, boolean server) {
    double perOp = cpuMsPerOperation(figures, server);
    return Double.isNaN(perOp) ? "-" : fmt(perOp, 3);
  }

  double cpuMsPerOperation(ServerRun.Figures figures, boolean server) {
    if (figures == null || figures.cpu() == null || figures.ok() == 0) {
      return Double.NaN;
    }
    int cores = ((Number) environment.getOrDefault("cores", 1)).intValue();
    double percent = server ? figures.cpu().serverPercent() : figures.cpu().postgresPercent();
    double cpuSeconds = percent / 100.0 * cores * figures.cpu().seconds();
    return cpuSeconds * 1000.0 / (figures.ok() + figures.errors());
  }

  private static String perOp(Double value, int digits) {
    return value == null || value.isNaN() ? "-" : fmt(value, digits);
  }

  private static String missed(ServerRun.Figures figures) {
    return figures.missed() > 0 ? " (" + figures.missed() + " not sent)" : "";
  }

  private static void appendLatencies(StringBuilder md, ServerRun.Figures figures) {
    if (figures == null) {
      md.append("- | - | - | - | ");
      return;
    }
    md.append(fmtMs(figures.p50())).append(" | ").append(fmtMs(figures.p90())).append(" | ")
        .append(fmtMs(figures.p99())).append(" | ").append(fmtMs(figures.max())).append(" | ");
  }

  private void contentionRow(StringBuilder md, String label, java.util.function.Function<ServerRun.Contention, String> value) {
    md.append("| ").append(label).append(" | ");
    for (ServerRun run : new ServerRun[] {floe(), reference()}) {
      md.append(run == null || run.contention == null ? "-" : value.apply(run.contention)).append(" | ");
    }
    md.append('\n');
  }

  private static void processRow(StringBuilder md, String label, double floe, double ref, int digits) {
    md.append("| ").append(label).append(" | ").append(fmt(floe, digits)).append(" | ").append(fmt(ref, digits))
        .append(" | ").append(fmtRatio(ratio(floe, ref))).append(" |\n");
  }

  /** A ratio with at least two significant digits. */
  static String fmtRatio(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "-";
    }
    if (ratio >= 0.1) {
      return fmt(ratio, 2) + "x";
    }
    return String.format(Locale.ROOT, "%.2g", ratio) + "x";
  }

  static String fmtMs(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return ms < 10 ? fmt(ms, 2) : ms < 100 ? fmt(ms, 1) : fmt(ms, 0);
  }

  static String fmt(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + digits + "f", value);
  }

  // ---------------------------------------------------------------- JSON

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("environment", environment);
    root.put("settings", settings.describe());
    root.put("suiteWallSeconds", num(wallSeconds));
    Map<String, Object> process = new LinkedHashMap<>();
    for (ServerRun run : runs.values()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("readySeconds", num(run.readySeconds));
      p.put("idleRssMiB", kib(run.idleRssKib));
      p.put("peakRssUnderReadLoadMiB", kib(run.peakRssUnderLoadKib));
      p.put("lifetimePeakRssMiB", kib(run.peakRssLifetimeKib));
      p.put("rssAfterFullGcMiB", kib(run.rssAfterFullGcKib));
      p.put("loadTableBodyBytes", run.loadTableBodyBytes);
      p.put("configPrefix", run.configPrefix);
      p.put("readScenariosOnly", run.readScenariosOnly);
      if (run.cpu != null) {
        p.put("cpuBenchmarkPercentOverRun", num(run.cpu.ownPercent()));
        p.put("cpuOtherProcessesPercentOverRun", num(run.cpu.otherPercent()));
      }
      process.put(run.server, p);
    }
    if (floe() != null && reference() != null) {
      Map<String, Object> ratios = new LinkedHashMap<>();
      ratios.put("readySeconds", num(ratio(floe().readySeconds, reference().readySeconds)));
      ratios.put("idleRss", num(ratio(floe().idleRssKib, reference().idleRssKib)));
      ratios.put("peakRssUnderReadLoad", num(ratio(floe().peakRssUnderLoadKib, reference().peakRssUnderLoadKib)));
      ratios.put("lifetimePeakRss", num(ratio(floe().peakRssLifetimeKib, reference().peakRssLifetimeKib)));
      process.put("ratioFloeOverReference", ratios);
    }
    if (!embedded.isEmpty()) {
      process.put("floeEmbeddedPostgres", embedded);
    }
    root.put("process", process);
    List<Object> scenarios = new ArrayList<>();
    for (String id : scenarioIds()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("id", id);
      ServerRun.Figures f = figures(floe(), id);
      ServerRun.Figures r = figures(reference(), id);
      s.put("title", (f != null ? f : r).title());
      s.put("group", (f != null ? f : r).group());
      ServerRun.Figures o = figures(floeOpa(), id);
      if (f != null) {
        s.put("floe", figuresJson(f));
      }
      if (o != null) {
        s.put("floeOpa", figuresJson(o));
      }
      if (r != null) {
        s.put("reference", figuresJson(r));
      }
      Map<String, Object> transactions = new LinkedHashMap<>();
      for (ServerRun run : runs.values()) {
        Double perOperation = run.transactionsPerOperation.get(id);
        if (perOperation != null) {
          transactions.put(run.server, num(perOperation));
        }
      }
      if (!transactions.isEmpty()) {
        s.put("postgresTransactionsPerOperation", transactions);
      }
      Map<String, Object> switches = new LinkedHashMap<>();
      Map<String, Object> serverCpu = new LinkedHashMap<>();
      Map<String, Object> postgresCpu = new LinkedHashMap<>();
      for (ServerRun run : runs.values()) {
        Double perOperation = run.contextSwitchesPerOperation.get(id);
        if (perOperation != null) {
          switches.put(run.server, num(perOperation));
        }
        ServerRun.Figures figures = run.scenarios.get(id);
        if (figures != null && figures.cpu() != null) {
          serverCpu.put(run.server, num(cpuMsPerOperation(figures, true)));
          postgresCpu.put(run.server, num(cpuMsPerOperation(figures, false)));
        }
      }
      if (!switches.isEmpty()) {
        s.put("serverContextSwitchesPerOperation", switches);
      }
      if (!serverCpu.isEmpty()) {
        s.put("serverCpuMsPerOperation", serverCpu);
        s.put("postgresCpuMsPerOperation", postgresCpu);
      }
      if (f != null && r != null) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughput", num(ratio(f.throughput(), r.throughput())));
        ratios.put("p50", num(ratio(f.p50(), r.p50())));
        ratios.put("p90", num(ratio(f.p90(), r.p90())));
        ratios.put("p99", num(ratio(f.p99(), r.p99())));
        ratios.put("max", num(ratio(f.max(), r.max())));
        s.put("ratioFloeOverReference", ratios);
      }
      if (o != null && f != null) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughput", num(ratio(o.throughput(), f.throughput())));
        ratios.put("p50", num(ratio(o.p50(), f.p50())));
        ratios.put("p99", num(ratio(o.p99(), f.p99())));
        s.put("ratioFloeOpaOverFloe", ratios);
      }
      if (o != null && r != null) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughput", num(ratio(o.throughput(), r.throughput())));
        ratios.put("p50", num(ratio(o.p50(), r.p50())));
        ratios.put("p99", num(ratio(o.p99(), r.p99())));
        s.put("ratioFloeOpaOverReference", ratios);
      }
      scenarios.add(s);
    }
    root.put("scenarios", scenarios);
    Map<String, Object> contention = new LinkedHashMap<>();
    for (ServerRun run : runs.values()) {
      if (run.contention != null) {
        contention.put(run.server, run.contention);
      }
    }
    root.put("contention", contention);
    Map<String, Object> authorization = new LinkedHashMap<>();
    for (ServerRun run : runs.values()) {
      if (run.authorization.isEmpty()) {
        continue;
      }
      Map<String, Object> phases = new LinkedHashMap<>();
      for (Map.Entry<String, AuthorizationMetrics.Phase> entry : run.authorization.entrySet()) {
        AuthorizationMetrics.Phase a = entry.getValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authorizer", a.authorizer());
        m.put("decisions", a.decisions());
        m.put("operations", a.operations());
        m.put("decisionsPerOperation", num(a.decisionsPerOperation()));
        m.put("meanMicros", num(a.meanMicros()));
        m.put("p50GaugeMicros", num(a.gaugeP50Micros()));
        m.put("p99GaugeMicros", num(a.gaugeP99Micros()));
        m.put("p50BucketUpperBoundMicros", num(a.p50BoundMicros()));
        m.put("p99BucketUpperBoundMicros", num(a.p99BoundMicros()));
        m.put("shareWithin1ms", num(a.shareWithin1ms()));
        m.put("windowMaxMicros", num(a.windowMaxMicros()));
        phases.put(entry.getKey(), m);
      }
      authorization.put(run.server, phases);
    }
    root.put("authorization", authorization);
    root.put("targets", targets);
    Map<String, Object> problems = new LinkedHashMap<>();
    for (ServerRun run : runs.values()) {
      problems.put(run.server, run.problems);
    }
    root.put("problems", problems);
    root.put("readPath", readPathJson());
    return root;
  }

  private Map<String, Object> readPathJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    ServerRun floe = floe();
    ServerRun ref = reference();
    String wrkId = "wrk.loadTable.c" + settings.wrkConnections;
    if (floe != null && floe.nginxFloor != null) {
      Map<String, Object> floor = new LinkedHashMap<>();
      floor.put("bodyBytes", floe.floorBodyBytes);
      floor.put("contentType", floe.floorContentType);
      floor.put("nginx", figuresJson(floe.nginxFloor));
      ServerRun.Figures f = figures(floe, wrkId);
      ServerRun.Figures r = figures(ref, wrkId);
      if (f != null) {
        floor.put("floe", figuresJson(f));
        floor.put("ratioFloeOverNginx", num(ratio(f.throughput(), floe.nginxFloor.throughput())));
      }
      if (r != null) {
        floor.put("reference", figuresJson(r));
        floor.put("ratioReferenceOverNginx", num(ratio(r.throughput(), floe.nginxFloor.throughput())));
      }
      if (f != null && r != null) {
        floor.put("ratioFloeOverReference", num(ratio(f.throughput(), r.throughput())));
      }
      m.put("floor", floor);
    }
    if (floe != null && floe.staleness != null) {
      m.put("crossNodeStalenessMs", floe.staleness);
    }
    Map<String, Object> scale = new LinkedHashMap<>();
    for (ServerRun run : new ServerRun[] {floe, ref}) {
      if (run == null) {
        continue;
      }
      Map<String, Object> s = new LinkedHashMap<>();
      Map<String, Object> sizes = new LinkedHashMap<>();
      run.snapshotTableSizes.forEach((n, v) -> sizes.put(Integer.toString(n), Map.of("metadataJsonBytes", v[0], "loadTableBodyBytes", v[1])));
      s.put("snapshotTables", sizes);
      Map<String, Object> listings = new LinkedHashMap<>();
      run.listingShape.forEach((n, v) -> listings.put(Integer.toString(n), Map.of("identifiers", v[0], "pages", v[1], "bytes", v[2])));
      s.put("listings", listings);
      Map<String, Object> memory = new LinkedHashMap<>();
      run.memory.forEach((n, v) -> {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("liveHeapMiB", num(v.liveHeapKib() / MIB));
        point.put("heapUsedAfterGcMiB", num(v.heapUsedKib() / MIB));
        point.put("rssMiB", num(v.rssKib() / MIB));
        memory.put(Integer.toString(n), point);
      });
      s.put("memoryByTablesLoaded", memory);
      s.put("tablesCreated", run.scaleTablesCreated);
      s.put("createSeconds", num(run.scaleCreateSeconds));
      scale.put(run.server, s);
    }
    m.put("scale", scale);
    return m;
  }

  private static Map<String, Object> figuresJson(ServerRun.Figures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("throughputPerSecond", num(f.throughput()));
    m.put("ok", f.ok());
    m.put("errors", f.errors());
    m.put("notSent", f.missed());
    m.put("seconds", num(f.seconds()));
    m.put("p50Ms", num(f.p50()));
    m.put("p90Ms", num(f.p90()));
    m.put("p99Ms", num(f.p99()));
    m.put("p999Ms", num(f.p999()));
    m.put("maxMs", num(f.max()));
    m.put("meanMs", num(f.mean()));
    if (f.cpu() != null) {
      Map<String, Object> cpu = new LinkedHashMap<>();
      cpu.put("harness", num(f.cpu().harnessPercent()));
      cpu.put("server", num(f.cpu().serverPercent()));
      cpu.put("postgres", num(f.cpu().postgresPercent()));
      if (f.cpu().opaPercent() > 0) {
        cpu.put("opa", num(f.cpu().opaPercent()));
      }
      cpu.put("otherProcesses", num(f.cpu().otherPercent()));
      m.put("cpuPercentOfMachine", cpu);
    }
    if (f.firstError() != null) {
      m.put("firstError", f.firstError());
    }
    return m;
  }

  static double mib(long kib) {
    return kib < 0 ? Double.NaN : kib / MIB;
  }

  private static Object kib(long kib) {
    return kib < 0 ? null : num(kib / MIB);
  }

  static Object num(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    return Math.round(value * 1000.0) / 1000.0;
  }

  void write(Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Files.writeString(outDir.resolve("latest.md"), markdown());
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(outDir.resolve("latest.json"), mapper.writeValueAsString(json()) + "\n");
    Chart.render(this, outDir.resolve("latest.png"));
    if (runs.values().stream().anyMatch(run -> !run.memory.isEmpty() || !run.snapshotTableSizes.isEmpty())) {
      ScaleChart.render(this, outDir.resolve("scale.png"));
    }
  }
}
