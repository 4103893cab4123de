package dev.floe.catalog.governance;

import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.api.ActionCheck;
import dev.floe.policy.governance.api.ActionCheck.ActionTarget;
import dev.floe.policy.governance.api.ActionDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.exceptions.BadRequestException;
import org.jboss.logging.Logger;

/**
 * The action checks of an evaluation (an engine asking whether its user may write, create, drop,
 * rename or see a namespace): each decided by the configured authorizer as Floe's REST API would
 * decide it for that user, with the tags that apply to each target. A decision that cannot be made
 * denies.
 */
final class ActionChecks {
  private static final Logger LOG = Logger.getLogger(ActionChecks.class);

  /** Most checks one evaluation may carry. */
  static final int MAX_CHECKS = 1000;

  private ActionChecks() {}

  /**
   * Parses every check before deciding any, so that a malformed one is a 400 naming it.
   *
   * @throws BadRequestException naming the operation or target that is wrong
   */
  static List<Parsed> parse(String catalog, List<ActionCheck> checks) {
    if (checks.size() > MAX_CHECKS) {
      throw new BadRequestException("Invalid evaluation request: %d checks, at most %d per request", checks.size(), MAX_CHECKS);
    }
    List<Parsed> parsed = new ArrayList<>(checks.size());
    for (ActionCheck check : checks) {
      Operation operation;
      try {
        operation = Operation.valueOf(check.operation().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Invalid evaluation request: unknown operation %s", check.operation());
      }
      List<Securable> targets = check.targets().stream().map(target -> securable(catalog, target)).toList();
      try {
        operation.requirements(targets.stream().map(Target::of).toList());
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Invalid evaluation request: %s cannot act on %s: %s", operation, check.targets(), e.getMessage());
      }
      parsed.add(new Parsed(operation, targets));
    }
    return parsed;
  }

  /** The decision of each parsed check, in order. */
  static List<ActionDecision> decide(Authorizer authorizer, PrincipalContext who, GovernanceState state, List<Parsed> checks) {
    List<ActionDecision> decisions = new ArrayList<>(checks.size());
    for (Parsed check : checks) {
      List<Target> targets = check.targets().stream().map(securable -> Target.of(securable).withTags(state.effectiveTags(securable))).toList();
      Decision decision;
      try {
        decision = authorizer.decide(who, check.operation(), targets);
      } catch (RuntimeException e) {
        LOG.warnf(e, "Deciding %s on %s for %s failed: denying (fail closed)", check.operation(), check.targets(), who.principal().name());
        decisions.add(ActionDecision.deny("the decision could not be made"));
        continue;
      }
      decisions.add(decision.allowed() ? ActionDecision.allow() : ActionDecision.deny(decision.reason()));
    }
    return decisions;
  }

  /** A check with its operation and securables resolved. */
  record Parsed(Operation operation, List<Securable> targets) {}

  private static Securable securable(String catalog, ActionTarget target) {
    if (target.namespace().isEmpty()) {
      throw new BadRequestException("Invalid evaluation request: a %s target needs a namespace", target.type());
    }
    return switch (target.type()) {
      case "namespace" -> Securable.namespace(catalog, target.namespace());
      case "table" -> Securable.table(catalog, target.namespace(), target.name());
      default -> Securable.view(catalog, target.namespace(), target.name());
    };
  }
}
