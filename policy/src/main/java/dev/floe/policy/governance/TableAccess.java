package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the caller of an evaluation may select from a table: the privilege question, kept out
 * of the evaluator so that it does not depend on how grants are stored or decided.
 *
 * <p>Two implementations: {@link #of(Authorizer, PrincipalContext)} asks the {@link Authorizer}
 * (RBAC or OPA) for {@link Operation#READ_TABLE_DATA} with the table's tags attached; {@link
 * #precomputed} answers from decisions made beforehand.
 */
@FunctionalInterface
public interface TableAccess {
  /**
   * Decides whether the caller may read the table's data.
   *
   * @param table the table
   * @param tags the tags that apply to the table (its own and its containers')
   * @return the decision; an implementation that cannot decide denies
   */
  Decision decideSelect(Securable table, Set<String> tags);

  /** Asks an authorizer, as the caller, for {@link Operation#READ_TABLE_DATA} on the table. */
  static TableAccess of(Authorizer authorizer, PrincipalContext caller) {
    requireNonNull(authorizer, "authorizer is null");
    requireNonNull(caller, "caller is null");
    return (table, tags) ->
        authorizer.decide(
            caller, Operation.READ_TABLE_DATA, List.of(Target.of(table).withTags(tags)));
  }

  /** Decisions made beforehand; a table without one is denied. */
  static TableAccess precomputed(Map<Securable, Decision> decisions) {
    Map<Securable, Decision> copy = Map.copyOf(decisions);
    return (table, tags) ->
        copy.getOrDefault(table, Decision.deny("No select decision was made for " + table));
  }
}
