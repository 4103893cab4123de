package dev.floe.catalog.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.pii.PiiKind;
import dev.floe.policy.pii.Proposal;
import org.junit.jupiter.api.Test;

/** When a rejected proposal's evidence has changed enough to propose it again. */
class TestPiiProposalStore {
  private static Proposal proposal(double confidence, int matching) {
    return new Proposal(PiiKind.EMAIL, confidence, matching, 100, "test");
  }

  @Test
  void sameEvidenceIsNotProposedAgain() {
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.85, 90), 7)).isFalse();
  }

  @Test
  void confidenceHigherByAStepIsProposedAgain() {
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.94, 90), 7)).isFalse();
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.95, 90), 7)).isTrue();
  }

  @Test
  void anotherSnapshotWithMoreMatchingSamplesIsProposedAgain() {
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.85, 91), 8)).isTrue();
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.85, 90), 8)).isFalse();
    assertThat(PiiProposalStore.evidenceChanged(0.85, 90, 7, proposal(0.85, 95), 7)).isFalse();
  }
}
