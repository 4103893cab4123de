package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.CallerIdentity;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which mask policy decides a column for a caller: at most one, deterministically.
 *
 * <p>The candidates are the mask policies on the column itself and the mask policies on every tag
 * the column carries (its own tags and those of its table, namespaces and catalog) and on every
 * ancestor of those tags ({@code pii} for a column tagged {@code pii.email}). Candidates whose
 * audience says nothing about the caller drop out. Of the rest, the first in this order wins:
 *
 * <ol>
 *   <li>a policy on the column beats any policy on a tag;
 *   <li>among tag policies, the one on the deeper tag wins ({@code pii.email}, depth 2, beats
 *       {@code pii}, depth 1), whichever object the tag was put on;
 *   <li>at the same level (both on the column, or on tags of the same depth), a policy that
 *       explicitly exempts the caller beats one that masks: an exemption is a deliberate choice
 *       about this caller;
 *   <li>then the lowest policy id (the oldest policy) wins.
 * </ol>
 *
 * If the winner masks, its mask is the column's mask; if it exempts the caller, the column is not
 * masked, whatever lower-ranked policies say. A policy whose audience both applies to and exempts
 * the caller exempts it.
 */
public final class MaskPrecedence {
  /**
   * A policy that speaks about the caller for one column.
   *
   * @param policy the policy
   * @param tagDepth 0 for a policy on the column, else the depth of the tag it is on
   * @param exempt whether it exempts the caller (else it masks the column for the caller)
   */
  public record Candidate(ColumnMaskPolicy policy, int tagDepth, boolean exempt) {
    public Candidate {
      requireNonNull(policy, "policy is null");
    }
  }

  /** The precedence order: the first candidate wins. */
  public static final Comparator<Candidate> ORDER =
      Comparator.comparingInt((Candidate candidate) -> candidate.tagDepth() == 0 ? 0 : 1)
          .thenComparing(Comparator.comparingInt(Candidate::tagDepth).reversed())
          .thenComparing(candidate -> candidate.exempt() ? 0 : 1)
          .thenComparingLong(candidate -> candidate.policy().id());

  private MaskPrecedence() {}

  /**
   * The winning policy for one column and caller, if any policy speaks about the caller.
   *
   * @param state the governance data
   * @param caller who asks
   * @param table the table
   * @param fieldId the column
   * @param inheritedTags the tags of the table and its containers ({@link
   *     GovernanceState#effectiveTags}), computed once per table
   */
  public static Optional<Candidate> resolve(
      GovernanceState state,
      CallerIdentity caller,
      dev.floe.policy.Securable table,
      int fieldId,
      Set<String> inheritedTags) {
    Map<Long, Candidate> candidates = new LinkedHashMap<>();
    for (ColumnMaskPolicy policy : state.masksOnColumn(table, fieldId)) {
      consider(candidates, policy, 0, caller);
    }
    for (String tag : state.columnTags(table, fieldId)) {
      considerTag(state, candidates, tag, caller);
    }
    for (String tag : inheritedTags) {
      considerTag(state, candidates, tag, caller);
    }
    return candidates.values().stream().min(ORDER);
  }

  private static void considerTag(
      GovernanceState state, Map<Long, Candidate> candidates, String tag, CallerIdentity caller) {
    List<String> chain = TagNames.selfAndAncestors(tag);
    for (int index = 0; index < chain.size(); index++) {
      String level = chain.get(index);
      int depth = chain.size() - index;
      for (ColumnMaskPolicy policy : state.masksOnTag(level)) {
        consider(candidates, policy, depth, caller);
      }
    }
  }

  private static void consider(
      Map<Long, Candidate> candidates, ColumnMaskPolicy policy, int tagDepth, CallerIdentity caller) {
    if (candidates.containsKey(policy.id())) {
      return;
    }
    switch (policy.audience().match(caller)) {
      case APPLIES -> candidates.put(policy.id(), new Candidate(policy, tagDepth, false));
      case EXEMPT -> candidates.put(policy.id(), new Candidate(policy, tagDepth, true));
      case NONE -> {}
    }
  }
}
