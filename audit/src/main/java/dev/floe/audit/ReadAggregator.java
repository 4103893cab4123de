package dev.floe.audit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Folds allowed reads into one event per window: every {@link #aggregatable} event of the same
 * (principal, operation, resource, decision, reason) that arrives within {@code window} of the
 * first one becomes a single event with details {@code count}, {@code first} and {@code last} (ISO
 * instants of the first and last access) and {@code aggregated=true}. The folded event keeps the
 * id, time, request id, client address and details of the first access.
 *
 * <p>Only allowed {@link AuditEvent.Kind#AUTHORIZATION} events without {@code tags} in their
 * details are folded; which operations are reads is the caller's choice ({@link
 * AuditSink#recordRead}). Thread-safe. Windows are measured on {@code clock} from the first access;
 * whoever owns the aggregator takes the windows that ended with {@link #expired()} and everything at
 * close with {@link #close()}; after close nothing more is accepted.
 */
public final class ReadAggregator {
  /** The detail that marks a folded event. */
  public static final String AGGREGATED = "aggregated";
  /** The detail with the number of accesses a folded event stands for. */
  public static final String COUNT = "count";
  /** The detail with the ISO instant of the first access of a folded event. */
  public static final String FIRST = "first";
  /** The detail with the ISO instant of the last access of a folded event. */
  public static final String LAST = "last";
  /** The detail with the target's classification tags: such events are never folded. */
  public static final String TAGS = "tags";

  /** What {@link #add} did with an event. */
  public enum Outcome {
    /** Folded into its window: it will be written as part of that window's event. */
    FOLDED,
    /** Not folded (not a foldable event, or too many windows open): record it on its own. */
    SEPARATE,
    /** The aggregator is closed: the event was not accepted. */
    CLOSED
  }

  private final Duration window;
  private final int maxOpenWindows;
  private final InstantSource clock;
  /** Open windows in the order they opened, which is also the order they end. Guarded by this. */
  private final LinkedHashMap<Key, Window> open = new LinkedHashMap<>();
  private boolean closed;
  private long folded;

  /**
   * @param window how long a window stays open after its first access; positive
   * @param maxOpenWindows most windows open at once; reads beyond are recorded on their own
   * @param clock what measures the windows
   */
  public ReadAggregator(Duration window, int maxOpenWindows, InstantSource clock) {
    this.window = requireNonNull(window, "window is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (maxOpenWindows < 1) {
      throw new IllegalArgumentException("maxOpenWindows must be at least 1, got " + maxOpenWindows);
    }
    this.maxOpenWindows = maxOpenWindows;
  }

  /** Whether {@code event} may be folded: an allowed authorization of an untagged target. */
  public static boolean aggregatable(AuditEvent event) {
    return event.kind() == AuditEvent.Kind.AUTHORIZATION
        && event.decision().equals("ALLOW")
        && !event.details().containsKey(TAGS)
        && !event.details().containsKey(AGGREGATED);
  }

  /** Folds {@code event} into its window, opening one if needed. */
  public synchronized Outcome add(AuditEvent event) {
    requireNonNull(event, "event is null");
    if (closed) {
      return Outcome.CLOSED;
    }
    if (!aggregatable(event)) {
      return Outcome.SEPARATE;
    }
    Key key = Key.of(event);
    Window current = open.get(key);
    if (current == null) {
      if (open.size() >= maxOpenWindows) {
        return Outcome.SEPARATE;
      }
      open.put(key, new Window(event, clock.instant().plus(window)));
    } else {
      current.add(event);
    }
    folded++;
    return Outcome.FOLDED;
  }

  /** The events of the windows that have ended, removed from the aggregator, oldest first. */
  public synchronized List<AuditEvent> expired() {
    if (open.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<AuditEvent> ended = new ArrayList<>();
    Iterator<Window> windows = open.values().iterator();
    while (windows.hasNext()) {
      Window next = windows.next();
      if (next.ends.isAfter(now)) {
        break;
      }
      ended.add(next.toEvent());
      windows.remove();
    }
    return ended;
  }

  /** Stops accepting events and returns the events of every open window, oldest first. */
  public synchronized List<AuditEvent> close() {
    closed = true;
    List<AuditEvent> all = new ArrayList<>(open.size());
    for (Window each : open.values()) {
      all.add(each.toEvent());
    }
    open.clear();
    return all;
  }

  /** Windows open now. */
  public synchronized int openWindows() {
    return open.size();
  }

  /** Accesses folded into windows since start (each is part of some folded event). */
  public synchronized long folded() {
    return folded;
  }

  private record Key(String principal, String operation, String resource, String decision, String reason) {
    static Key of(AuditEvent event) {
      return new Key(event.principal(), event.operation(), event.resource(), event.decision(), event.reason());
    }
  }

  private static final class Window {
    private final AuditEvent first;
    private final Instant ends;
    private Instant firstAccess;
    private Instant lastAccess;
    private long count;

    Window(AuditEvent first, Instant ends) {
      this.first = first;
      this.ends = ends;
      this.firstAccess = first.time();
      this.lastAccess = first.time();
      this.count = 1;
    }

    void add(AuditEvent event) {
      count++;
      if (event.time().isBefore(firstAccess)) {
        firstAccess = event.time();
      }
      if (event.time().isAfter(lastAccess)) {
        lastAccess = event.time();
      }
    }

    AuditEvent toEvent() {
      Map<String, String> details = new HashMap<>(first.details());
      details.put(COUNT, Long.toString(count));
      details.put(FIRST, firstAccess.toString());
      details.put(LAST, lastAccess.toString());
      details.put(AGGREGATED, "true");
      UUID id = first.id();
      return new AuditEvent(
          id,
          first.time(),
          first.kind(),
          first.principal(),
          first.operation(),
          first.resource(),
          first.decision(),
          first.reason(),
          first.requestId(),
          first.clientAddress(),
          details);
    }
  }
}
