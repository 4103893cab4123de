package dev.floe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How much CPU the benchmark's own processes (this harness and every process it started: the
 * server under test, PostgreSQL) and everything else on the machine used over a phase, from
 * /proc. A benchmark on a shared 2-core machine is only meaningful when "everything else" is
 * near zero; the report flags phases where it is not.
 */
final class CpuMonitor {
  private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux
  static final String HARNESS = "harness";
  static final String SERVER = "server";
  static final String POSTGRES = "postgres";
  /** The Open Policy Agent serving Floe's policy in the floe-opa run (a child of the harness). */
  static final String OPA = "opa";

  /** Process trees counted as the benchmark's own, by the part they play. */
  private final Map<Long, String> roots = new java.util.concurrent.ConcurrentHashMap<>();
  private final int cores = Runtime.getRuntime().availableProcessors();

  CpuMonitor() {
    roots.put(ProcessHandle.current().pid(), HARNESS);
  }

  /** Counts {@code pid} and its descendants as the benchmark's own, as {@code part}. */
  void addRoot(long pid, String part) {
    if (pid > 0) {
      roots.put(pid, part);
    }
  }

  void removeRoot(long pid) {
    if (!HARNESS.equals(roots.get(pid))) {
      roots.remove(pid);
    }
  }

  /** CPU figures at one moment. */
  record Sample(long nanos, long busyTicks, Map<String, Long> ownTicks) {
    long own() {
      return ownTicks.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * CPU use over a phase, in percent of the whole machine (all cores = 100): the benchmark's
   * own processes (split into harness, server under test, PostgreSQL, OPA when one runs) and
   * everything else.
   */
  record Usage(
      double ownPercent,
      double otherPercent,
      double harnessPercent,
      double serverPercent,
      double postgresPercent,
      double opaPercent,
      double seconds) {}

  Sample sample() {
    return new Sample(System.nanoTime(), machineBusyTicks(), ownTicks());
  }

  Usage since(Sample start) {
    Sample end = sample();
    double seconds = (end.nanos() - start.nanos()) / 1e9;
    double capacity = Math.max(1e-9, seconds * CLOCK_TICKS * cores);
    double busy = end.busyTicks() - start.busyTicks();
    double own = end.own() - start.own();
    double other = Math.max(0, busy - own);
    return new Usage(
        100.0 * own / capacity,
        100.0 * other / capacity,
        100.0 * delta(start, end, HARNESS) / capacity,
        100.0 * delta(start, end, SERVER) / capacity,
        100.0 * delta(start, end, POSTGRES) / capacity,
        100.0 * delta(start, end, OPA) / capacity,
        seconds);
  }

  private static long delta(Sample start, Sample end, String part) {
    return Math.max(0, end.ownTicks().getOrDefault(part, 0L) - start.ownTicks().getOrDefault(part, 0L));
  }

  /** Voluntary + involuntary context switches of all threads of {@code pid} so far. */
  static long contextSwitches(long pid) {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException e) {
          // thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  /** CPU ticks used so far by the JIT compiler threads of JVM {@code pid}. */
  static long compilerTicks(long pid) {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          if (!Files.readString(task.resolve("comm")).startsWith("C")
              || !Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  /** The 1-minute load average. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static long machineBusyTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of the benchmark's live processes, by part. */
  private Map<String, Long> ownTicks() {
    Map<Long, Long> parent = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          String stat = Files.readString(process.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime (15)
          long pid = Long.parseLong(process.getFileName().toString());
          parent.put(pid, Long.parseLong(f[1]));
          ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, Long> total = new HashMap<>();
    for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
      String part = part(entry.getKey(), parent);
      if (part != null) {
        total.merge(part, entry.getValue(), Long::sum);
      }
    }
    return total;
  }

  /** The part of the nearest tagged ancestor (or the process itself), or null if not ours. */
  private String part(long pid, Map<Long, Long> parent) {
    long current = pid;
    for (int depth = 0; depth < 64 && current > 1; depth++) {
      String part = roots.get(current);
      if (part != null) {
        return part;
      }
      Long next = parent.get(current);
      if (next == null) {
        return null;
      }
      current = next;
    }
    return null;
  }
}
