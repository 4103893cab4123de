package dev.floe.policy.governance;

import static dev.floe.policy.governance.GovernanceFixture.ANALYST;
import static dev.floe.policy.governance.GovernanceFixture.AUDITOR;
import static dev.floe.policy.governance.GovernanceFixture.CRM;
import static dev.floe.policy.governance.GovernanceFixture.CUSTOMERS;
import static dev.floe.policy.governance.GovernanceFixture.EMAIL;
import static dev.floe.policy.governance.GovernanceFixture.NOTES;
import static dev.floe.policy.governance.GovernanceFixture.STEWARD;
import static dev.floe.policy.governance.GovernanceFixture.SUPPORT;
import static dev.floe.policy.governance.GovernanceFixture.TAGS;
import static dev.floe.policy.governance.GovernanceFixture.caller;
import static dev.floe.policy.governance.GovernanceFixture.columnTag;
import static dev.floe.policy.governance.GovernanceFixture.everyoneExcept;
import static dev.floe.policy.governance.GovernanceFixture.onColumn;
import static dev.floe.policy.governance.GovernanceFixture.onTag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.governance.api.CallerIdentity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which mask decides a column: column over tag, deeper tag, exemption, lowest id, audiences. */
class TestGovernancePrecedence {
  private static final Mask NULLIFY = new Mask.Nullify();
  private static final Mask HASH = new Mask.Hash();
  private static final Mask DOMAIN = new Mask.EmailDomain();
  private static final Mask REDACT = new Mask.Redact(Optional.empty());

  @Test
  void aColumnPolicyBeatsATagPolicy() {
    GovernanceState state =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii.email", HASH, Audience.everyone()),
            onColumn(20, EMAIL, DOMAIN, Audience.everyone()));
    assertWinner(state, ANALYST, EMAIL, 20, false);
  }

  @Test
  void theDeeperTagWins() {
    GovernanceState state =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii", NULLIFY, Audience.everyone()),
            onTag(20, "pii.email", DOMAIN, Audience.everyone()));
    assertWinner(state, ANALYST, EMAIL, 20, false);
    // the parent tag's mask reaches a column tagged with a child tag
    GovernanceState parentOnly =
        state(List.of(columnTag(1, "pii.email", EMAIL)), onTag(10, "pii", NULLIFY, Audience.everyone()));
    assertWinner(parentOnly, ANALYST, EMAIL, 10, false);
  }

  @Test
  void theDeeperTagWinsEvenWhenItCameFromAContainer() {
    GovernanceState state =
        state(
            List.of(
                TagAssignment.onSecurable(1, 1, "pii.email", CRM), columnTag(2, "pii", EMAIL)),
            onTag(10, "pii", NULLIFY, Audience.everyone()),
            onTag(20, "pii.email", DOMAIN, Audience.everyone()));
    assertWinner(state, ANALYST, EMAIL, 20, false);
  }

  @Test
  void anExemptionBeatsATagMaskAtTheSameLevel() {
    GovernanceState state =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii.email", HASH, Audience.everyone()),
            onTag(20, "pii.email", DOMAIN, everyoneExcept(AudienceKind.PRINCIPAL_ROLE, "stewards")));
    assertWinner(state, STEWARD, EMAIL, 20, true);
    // for others both apply: the lower id wins
    assertWinner(state, ANALYST, EMAIL, 10, false);
  }

  @Test
  void anExemptionOnAColumnOrADeeperTagLiftsLowerMasks() {
    GovernanceState columnExemption =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii.email", HASH, Audience.everyone()),
            onColumn(20, EMAIL, DOMAIN, everyoneExcept(AudienceKind.GROUP, "support_eu")));
    assertWinner(columnExemption, SUPPORT, EMAIL, 20, true);
    assertWinner(columnExemption, ANALYST, EMAIL, 20, false);

    GovernanceState deeperExemption =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii", NULLIFY, Audience.everyone()),
            onTag(20, "pii.email", DOMAIN, everyoneExcept(AudienceKind.PRINCIPAL, "sam")));
    assertWinner(deeperExemption, SUPPORT, EMAIL, 20, true);
  }

  @Test
  void aDeeperMaskBeatsAShallowerExemption() {
    GovernanceState state =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onTag(10, "pii", NULLIFY, everyoneExcept(AudienceKind.PRINCIPAL_ROLE, "stewards")),
            onTag(20, "pii.email", DOMAIN, Audience.everyone()));
    assertWinner(state, STEWARD, EMAIL, 20, false);
  }

  @Test
  void tiesGoToTheLowestPolicyIdWhateverTheInputOrder() {
    List<ColumnMaskPolicy> policies = new ArrayList<>();
    for (long id : new long[] {7, 3, 12, 5}) {
      policies.add(onTag(id, id % 2 == 0 ? "pii.email" : "confidential", REDACT, Audience.everyone()));
    }
    List<TagAssignment> assignments =
        List.of(columnTag(1, "pii.email", EMAIL), TagAssignment.onSecurable(2, 1, "confidential", CUSTOMERS));
    for (int shuffle = 0; shuffle < 5; shuffle++) {
      Collections.shuffle(policies, new java.util.Random(shuffle));
      // confidential has depth 1, pii.email depth 2: the pii.email policies (12) come first
      assertWinner(new GovernanceState(1, TAGS, assignments, List.of(), policies), ANALYST, EMAIL, 12, false);
      // with only depth-1 tags, the lowest id wins
      assertWinner(
          new GovernanceState(1, TAGS, assignments, List.of(), policies.stream().filter(p -> p.id() % 2 == 1).toList()),
          ANALYST, EMAIL, 3, false);
    }
  }

  @Test
  void audiencesSelectByRoleGroupAndPrincipal() {
    GovernanceState state =
        state(
            List.of(columnTag(1, "pii.email", EMAIL)),
            onColumn(10, EMAIL, HASH, Audience.of(AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "analysts"))),
            onColumn(11, EMAIL, DOMAIN, Audience.of(AudienceRule.appliesTo(AudienceKind.GROUP, "support_eu"))),
            onColumn(12, EMAIL, REDACT, Audience.of(AudienceRule.appliesTo(AudienceKind.PRINCIPAL, "audrey"))));
    assertWinner(state, ANALYST, EMAIL, 10, false);
    assertWinner(state, SUPPORT, EMAIL, 11, false);
    assertWinner(state, AUDITOR, EMAIL, 12, false);
    assertThat(resolve(state, caller("nobody", Set.of(), Set.of()), EMAIL)).isEmpty();
    // roles and groups are different name spaces: a group named like a role does not match
    assertThat(resolve(state, caller("x", Set.of("analysts"), Set.of()), EMAIL)).isEmpty();
  }

  @Test
  void withinOnePolicyAnExemptionBeatsAppliesTo() {
    Audience audience =
        Audience.of(
            AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "analysts"),
            AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, "stewards"));
    assertThat(audience.match(ANALYST)).isEqualTo(Audience.Match.APPLIES);
    assertThat(audience.match(STEWARD)).isEqualTo(Audience.Match.EXEMPT);
    assertThat(audience.match(SUPPORT)).isEqualTo(Audience.Match.NONE);
  }

  @Test
  void anUntaggedUnmaskedColumnHasNoWinner() {
    GovernanceState state = state(List.of(columnTag(1, "pii.email", EMAIL)), onTag(10, "pii", HASH, Audience.everyone()));
    assertThat(resolve(state, ANALYST, NOTES)).isEmpty();
  }

  private static GovernanceState state(List<TagAssignment> assignments, ColumnMaskPolicy... masks) {
    return new GovernanceState(1, TAGS, assignments, List.of(), List.of(masks));
  }

  private static Optional<MaskPrecedence.Candidate> resolve(GovernanceState state, CallerIdentity caller, int fieldId) {
    return MaskPrecedence.resolve(state, caller, CUSTOMERS, fieldId, state.effectiveTags(CUSTOMERS));
  }

  private static void assertWinner(GovernanceState state, CallerIdentity caller, int fieldId, long policyId, boolean exempt) {
    Optional<MaskPrecedence.Candidate> winner = resolve(state, caller, fieldId);
    assertThat(winner).as("winner for " + caller.user()).isPresent();
    assertThat(winner.get().policy().id()).as("winning policy for " + caller.user()).isEqualTo(policyId);
    assertThat(winner.get().exempt()).as("exempt for " + caller.user()).isEqualTo(exempt);
  }
}
