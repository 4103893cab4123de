package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

/**
 * A detector's verdict on one column for one kind. Carries counts only, never a sampled value.
 *
 * @param kind the kind of personal data
 * @param confidence how sure the detector is that the column holds this kind, in [0, 1]
 * @param matchingValues how many of the non-null sampled values matched the kind
 * @param sampledValues how many non-null (and non-blank) values were sampled
 * @param evidence why, in words, naming the column name's part and counts but no value
 */
public record Proposal(PiiKind kind, double confidence, int matchingValues, int sampledValues, String evidence) {
  public Proposal {
    requireNonNull(kind, "kind is null");
    requireNonNull(evidence, "evidence is null");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
    if (sampledValues < 0 || matchingValues < 0 || matchingValues > sampledValues) {
      throw new IllegalArgumentException(
          "matchingValues must be in [0, sampledValues], got " + matchingValues + " of " + sampledValues);
    }
  }

  /** The tag the proposal assigns, e.g. {@code pii.email}. */
  public String tag() {
    return kind.tag();
  }
}
