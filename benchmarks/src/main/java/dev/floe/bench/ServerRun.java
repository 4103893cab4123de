package dev.floe.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Everything measured for one server in one run. */
final class ServerRun {
  final String server;
  double readySeconds = Double.NaN;
  long idleRssKib = -1;
  long peakRssUnderLoadKib = -1;
  long peakRssLifetimeKib = -1;
  long rssAfterFullGcKib = -1;
  /** The top of jcmd GC.class_histogram after the run. */
  final List<String> heapHistogram = new ArrayList<>();
  long loadTableBodyBytes = -1;
  String configPrefix;
  final Map<String, Figures> scenarios = new LinkedHashMap<>();
  /** PostgreSQL transactions in the server's database per operation, by scenario. */
  final Map<String, Double> transactionsPerOperation = new LinkedHashMap<>();
  /** Context switches of the server's threads per operation, by scenario. */
  final Map<String, Double> contextSwitchesPerOperation = new LinkedHashMap<>();
  /** Floe's authorization timer over measured phases (loadTable ones), by scenario. */
  final Map<String, AuthorizationMetrics.Phase> authorization = new LinkedHashMap<>();
  /** Whether only the read scenarios ran (Settings.readOnlyServers). */
  boolean readScenariosOnly;
  Contention contention;
  final List<String> problems = new ArrayList<>();
  /** CPU use over the whole server run (start to stop). */
  CpuMonitor.Usage cpu;

  /** nginx serving this server's own loadTable body as a static file, under wrk (floor scenario, Floe only). */
  Figures nginxFloor;
  /** The loadTable body nginx served: its size and content type as this server sent them. */
  long floorBodyBytes = -1;
  String floorContentType;
  /** The scale tables' sizes: snapshots -> metadata JSON bytes and loadTable body bytes. */
  final Map<Integer, long[]> snapshotTableSizes = new LinkedHashMap<>();
  /** listTables curve: namespace size -> identifiers in a full (paged) listing and pages per listing. */
  final Map<Integer, long[]> listingShape = new LinkedHashMap<>();
  /** Memory curve: tables loaded at least once -> the figures after a full GC. */
  final Map<Integer, Memory> memory = new LinkedHashMap<>();
  /** Seconds to create the scale tables (all namespaces), and how many. */
  double scaleCreateSeconds = Double.NaN;
  long scaleTablesCreated;
  /** Cross-node staleness (two-nodes scenario, Floe only). */
  Staleness staleness;

  /** Live heap (GC.class_histogram total after its full GC), heap used (GC.heap_info) and RSS, in KiB. */
  record Memory(int tables, long liveHeapKib, long heapUsedKib, long rssKib) {}

  /** Milliseconds from a commit acknowledged by node A until node B serves the new metadata-location. */
  record Staleness(
      int samples, int timeouts, double p50, double p99, double max, double mean, double firstPollShare,
      double meanPollMillis, String firstError) {}

  ServerRun(String server) {
    this.server = server;
  }

  /** Throughput and latency of one measured phase (latencies in milliseconds). */
  record Figures(
      String title,
      String group,
      double throughput,
      long ok,
      long errors,
      long missed,
      double seconds,
      double p50,
      double p90,
      double p99,
      double p999,
      double max,
      double mean,
      String firstError,
      CpuMonitor.Usage cpu) {

    /** These figures with the CPU use measured over the phase. */
    Figures withCpu(CpuMonitor.Usage usage) {
      return new Figures(title, group, throughput, ok, errors, missed, seconds, p50, p90, p99, p999, max, mean,
          firstError, usage);
    }

    double otherCpuPercent() {
      return cpu == null ? Double.NaN : cpu.otherPercent();
    }

    static Figures of(String title, String group, LoadGenerator.Result result) {
      return of(title, group, result.histogram(), result.ok(), result.errors(), result.missed(), result.seconds(), result.firstError());
    }

    static Figures of(
        String title, String group, Histogram histogram, long ok, long errors, long missed, double seconds, String firstError) {
      boolean empty = histogram.getTotalCount() == 0;
      return new Figures(
          title,
          group,
          ok / seconds,
          ok,
          errors,
          missed,
          seconds,
          empty ? Double.NaN : histogram.getValueAtPercentile(50) / 1000.0,
          empty ? Double.NaN : histogram.getValueAtPercentile(90) / 1000.0,
          empty ? Double.NaN : histogram.getValueAtPercentile(99) / 1000.0,
          empty ? Double.NaN : histogram.getValueAtPercentile(99.9) / 1000.0,
          empty ? Double.NaN : histogram.getMaxValue() / 1000.0,
          empty ? Double.NaN : histogram.getMean() / 1000.0,
          firstError,
          null);
    }
  }

  /** The contention check: what clients reported versus what the table's history holds. */
  record Contention(
      int clients,
      int appendsPerClient,
      long attempted,
      long succeeded,
      long failedConflict,
      long failedUnknownState,
      long failedOther,
      long snapshotsAdded,
      long historyEntriesAdded,
      long lost,
      long duplicated,
      long committedDespiteFailure,
      String firstError) {}
}
