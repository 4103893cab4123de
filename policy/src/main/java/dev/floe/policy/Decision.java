package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The answer to one authorization question.
 *
 * @param outcome allow, deny (403) or not found (404)
 * @param reason why, for logs and the audit trail; for {@link Outcome#NOT_FOUND} do not send it to
 *     the caller, answer with the ordinary "does not exist" message
 * @param grants for an allowed decision, the grants that allowed it (every grant that satisfies
 *     one of the operation's requirements), in {@link Grant#ORDER}; empty otherwise, and empty
 *     when no grant was needed (listing catalogs, a service administrator's operation)
 */
public record Decision(Outcome outcome, String reason, List<Grant> grants) {
  public Decision {
    requireNonNull(outcome, "outcome is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(grants, "grants is null");
    grants = grants.stream().distinct().sorted(Grant.ORDER).toList();
    if (outcome != Outcome.ALLOW && !grants.isEmpty()) {
      throw new IllegalArgumentException("Only an allowed decision lists grants, got " + outcome);
    }
  }

  public static Decision allow(String reason, List<Grant> grants) {
    return new Decision(Outcome.ALLOW, reason, grants);
  }

  public static Decision deny(String reason) {
    return new Decision(Outcome.DENY, reason, List.of());
  }

  public static Decision notFound(String reason) {
    return new Decision(Outcome.NOT_FOUND, reason, List.of());
  }

  /** Whether the operation may go ahead. */
  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }
}
