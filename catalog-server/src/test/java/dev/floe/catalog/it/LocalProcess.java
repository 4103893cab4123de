package dev.floe.catalog.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server of the test harness as a child process on loopback: started with its output appended
 * to a log file, waited for until it answers, stopped (its descendants as chosen at the start).
 */
final class LocalProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Lines of the log that failure messages quote. */
  private static final int TAIL_LINES = 60;

  /** Asks a starting server whether it is ready. */
  @FunctionalInterface
  interface Probe {
    /** Empty when ready; else what the server answered, for the failure message. */
    Optional<String> notReady() throws IOException, InterruptedException;
  }

  /** What stopping the process does to the processes it started. */
  enum Descendants {
    /** Left alone: only the process is signalled (and killed after the grace period), as an operator stops it. */
    LEFT_ALONE,
    /** Killed when still alive after the process has exited (or was killed). */
    KILLED_AFTER_EXIT,
    /** Signalled together with the process, then killed when still alive after it exited. */
    SIGNALLED
  }

  /** Decides from a 200 answer's body whether the server is ready. */
  @FunctionalInterface
  interface BodyCheck {
    boolean ready(String body) throws IOException;
  }

  private final String name;
  private final Process process;
  private final Descendants descendants;
  private final Path log;
  private final long startedNanos;

  private LocalProcess(String name, Process process, Descendants descendants, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.descendants = descendants;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code builder} with standard error and output appended to {@code log}; {@code name}
   * names the server in messages, {@code descendants} says what stopping it does to its children.
   */
  static LocalProcess start(String name, ProcessBuilder builder, Path log, Descendants descendants) {
    requireNonNull(name, "name is null");
    requireNonNull(descendants, "descendants is null");
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.nanoTime();
    try {
      return new LocalProcess(name, builder.start(), descendants, log, started);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " with " + builder.command(), e);
    }
  }

  /** The {@code java} of the JVM that runs the tests. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Asks {@code probe} every {@code interval} until it says ready and returns the time since the
   * start. Fails (and kills the process tree) when the process exits or {@code timeout} passes
   * first; the message says what {@code target} answered last and quotes the log.
   */
  Duration awaitReady(Duration timeout, Duration interval, String target, Probe probe) {
    long deadline = startedNanos + timeout.toNanos();
    String last = "no answer";
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + process.exitValue() + " before it was ready; tail of " + log + ":\n" + tail(log, TAIL_LINES));
        }
        try {
          Optional<String> notReady = probe.notReady();
          if (notReady.isEmpty()) {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
          }
          last = notReady.get();
        } catch (IOException e) {
          last = e.toString(); // not listening yet
        }
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException(e);
    } catch (RuntimeException | Error e) {
      kill();
      throw e;
    }
    kill();
    throw new IllegalStateException(
        name + " not ready within " + timeout.toSeconds() + " s (last answer of " + target + ": " + last + "); tail of " + log + ":\n"
            + tail(log, TAIL_LINES));
  }

  /** A probe that is ready when a GET of {@code uri} answers 200 with a body that {@code ready} accepts. */
  static Probe httpOk(URI uri, BodyCheck ready) {
    return () -> {
      HttpResponse<String> response = get(uri);
      if (response.statusCode() == 200 && ready.ready(response.body())) {
        return Optional.empty();
      }
      return Optional.of(response.statusCode() + " " + response.body());
    };
  }

  /** A GET of {@code uri} (5 s timeout), for probes. */
  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Stops the process with SIGTERM and waits up to {@code grace} for it to exit, then kills it;
   * its descendants as chosen at the start. Whether it exited within {@code grace}.
   */
  boolean stop(Duration grace) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (descendants == Descendants.SIGNALLED) {
      children.forEach(ProcessHandle::destroy);
    }
    boolean exited = false;
    try {
      exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (descendants != Descendants.LEFT_ALONE) {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    return exited;
  }

  /** After a failed start: kills the process (and its descendants unless they are left alone). */
  private void kill() {
    if (descendants != Descendants.LEFT_ALONE) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    process.destroyForcibly();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** The last {@code lines} lines of a log file, for failure messages. */
  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(" + file + " does not exist)";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
