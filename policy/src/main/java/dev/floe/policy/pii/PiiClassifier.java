package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Proposes PII tags for a column from its name, type and a sample of its values, by asking one
 * detector per kind and keeping the verdicts at or above the threshold. Sees values only to
 * count them; proposals carry counts, never values.
 */
public final class PiiClassifier {
  /** The confidence a verdict needs to become a proposal by default. */
  public static final double DEFAULT_THRESHOLD = 0.8;

  private final List<PiiDetector> detectors;
  private final double threshold;

  public PiiClassifier(List<PiiDetector> detectors, double threshold) {
    this.detectors = List.copyOf(requireNonNull(detectors, "detectors is null"));
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    this.threshold = threshold;
  }

  /** The nine detectors of the default PII set, at the default threshold. */
  public static PiiClassifier defaults() {
    return new PiiClassifier(defaultDetectors(), DEFAULT_THRESHOLD);
  }

  public static List<PiiDetector> defaultDetectors() {
    return List.of(
        new EmailDetector(),
        new PhoneDetector(),
        new PersonNameDetector(),
        new PostalAddressDetector(),
        new PaymentCardDetector(),
        new IbanDetector(),
        new NationalIdDetector(),
        new IpAddressDetector(),
        new DateOfBirthDetector());
  }

  public double threshold() {
    return threshold;
  }

  /** The proposals for a column: the verdicts at or above the threshold, most confident first. */
  public List<Proposal> classify(ColumnSample sample) {
    List<Proposal> proposals = new ArrayList<>();
    for (Proposal verdict : evaluate(sample)) {
      if (verdict.confidence() >= threshold) {
        proposals.add(verdict);
      }
    }
    return List.copyOf(proposals);
  }

  /** Every detector's verdict, proposed or not, most confident first. */
  public List<Proposal> evaluate(ColumnSample sample) {
    Column column = new Column(sample);
    List<Proposal> verdicts = new ArrayList<>();
    for (PiiDetector detector : detectors) {
      verdicts.add(detector.detect(column));
    }
    verdicts.sort(Comparator.comparingDouble(Proposal::confidence).reversed());
    return List.copyOf(verdicts);
  }
}
