package dev.floe.policy.opa;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * OPA's answers kept for a while, keyed by everything that decides them: the whole input document
 * (principal and its disabled flag, principal roles, operation, targets with their tags and
 * changes), the question asked (decision or visible entries) and the version of the grant data
 * OPA was given. A grant change anywhere changes the version, so it is never answered from here;
 * what OPA holds besides the grants (its policy, documents put into it directly) is picked up
 * within the time to live. Only answers OPA gave are kept: a failure, which denies, is asked again
 * next time. At {@code maxEntries} everything is dropped (a bound, not an eviction policy).
 */
final class OpaDecisionCache<T> {
  private record Entry<T>(T answer, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier clock;

  OpaDecisionCache(Duration ttl, int maxEntries, LongSupplier clock) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  boolean enabled() {
    return ttlNanos > 0;
  }

  /** The answer kept for {@code key}, or null. */
  T get(String key) {
    if (!enabled()) {
      return null;
    }
    Entry<T> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.getAsLong() - entry.expiresAtNanos() >= 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.answer();
  }

  void put(String key, T answer) {
    if (!enabled()) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(answer, clock.getAsLong() + ttlNanos));
  }

  int size() {
    return entries.size();
  }
}
