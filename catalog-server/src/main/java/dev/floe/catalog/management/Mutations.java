package dev.floe.catalog.management;

import dev.floe.catalog.auth.AccessGuard;
import dev.floe.policy.Operation;
import dev.floe.policy.Target;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Runs a change of the management API and records it, succeeded or failed, in the audit trail. */
final class Mutations {
  private Mutations() {}

  static <T> T run(
      AccessGuard guard, Operation operation, List<Target> targets, Map<String, String> details, Supplier<T> change) {
    T result;
    try {
      result = change.get();
    } catch (RuntimeException e) {
      guard.recordMutation(operation, targets, false, e.getClass().getSimpleName() + ": " + e.getMessage(), details);
      throw e;
    }
    guard.recordMutation(operation, targets, true, "", details);
    return result;
  }

  static void run(
      AccessGuard guard, Operation operation, List<Target> targets, Map<String, String> details, Runnable change) {
    run(guard, operation, targets, details, () -> {
      change.run();
      return null;
    });
  }
}
