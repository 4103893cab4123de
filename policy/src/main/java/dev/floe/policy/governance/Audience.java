package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.CallerIdentity;
import java.util.List;

/**
 * Who a policy is for: "applies to" rules and "exempt" rules over principal roles, OIDC groups,
 * named principals or everyone.
 *
 * <p>For a caller, the audience answers {@link Match#EXEMPT} when any exempt rule names the caller
 * (an exemption beats "applies to" within one policy), else {@link Match#APPLIES} when any applies
 * rule names it, else {@link Match#NONE}.
 *
 * @param rules the rules; at least one "applies to" rule (an audience that applies to nobody is
 *     refused), no duplicates
 */
public record Audience(List<AudienceRule> rules) {
  /** How an audience relates to one caller. */
  public enum Match {
    /** The policy applies to the caller. */
    APPLIES,
    /** The policy explicitly exempts the caller. */
    EXEMPT,
    /** The policy says nothing about the caller. */
    NONE
  }

  public Audience {
    requireNonNull(rules, "rules is null");
    rules = List.copyOf(rules);
    if (rules.stream().noneMatch(rule -> !rule.exempt())) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.INVALID_AUDIENCE,
          "An audience needs at least one 'applies to' rule");
    }
    if (rules.stream().distinct().count() != rules.size()) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.INVALID_AUDIENCE, "Duplicate audience rule in " + rules);
    }
  }

  public static Audience of(AudienceRule... rules) {
    return new Audience(List.of(rules));
  }

  public static Audience everyone() {
    return of(AudienceRule.appliesToEveryone());
  }

  public Match match(CallerIdentity caller) {
    boolean applies = false;
    for (AudienceRule rule : rules) {
      if (rule.matches(caller)) {
        if (rule.exempt()) {
          return Match.EXEMPT;
        }
        applies = true;
      }
    }
    return applies ? Match.APPLIES : Match.NONE;
  }
}
