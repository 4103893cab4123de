package dev.floe.policy.pii;

/**
 * The one rule by which detectors turn counts into a confidence: the values decide, the name
 * only nudges.
 */
final class Confidence {
  /** Pseudo-count that keeps a handful of matching values from looking certain. */
  private static final double PRIOR = 2;
  /** What a name that points to the kind adds, once the values agree at least this much. */
  static final double NAME_BONUS = 0.1;
  private static final double NAME_BONUS_FLOOR = 0.5;
  /** What a name that points elsewhere (sku, version, city…) takes away. */
  static final double NAME_PENALTY = 0.25;
  /** With no values at all, a suggestive name alone reaches only this: below any sane threshold. */
  static final double NAME_ONLY = 0.5;

  private Confidence() {}

  /**
   * @param weightedMatches matching values, weak matches counted as fractions
   * @param sampled non-null values sampled
   */
  static double of(double weightedMatches, int sampled, boolean nameFor, boolean nameAgainst) {
    if (sampled == 0) {
      return nameFor && !nameAgainst ? NAME_ONLY : 0;
    }
    double score = weightedMatches / (sampled + PRIOR);
    if (nameFor && score >= NAME_BONUS_FLOOR) {
      score += NAME_BONUS;
    }
    if (nameAgainst) {
      score -= NAME_PENALTY;
    }
    return Math.clamp(score, 0.0, 1.0);
  }

  static String describe(String what, int matching, int sampled, boolean nameFor, boolean nameAgainst) {
    StringBuilder text = new StringBuilder().append(matching).append(" of ").append(sampled)
        .append(" sampled values are ").append(what);
    if (nameFor) {
      text.append("; the column name suggests it");
    }
    if (nameAgainst) {
      text.append("; the column name suggests something else");
    }
    return text.toString();
  }
}
