package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.pii.PiiDatasetGenerator.LabelledColumn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * Counts true and false positives and false negatives per kind over labelled columns, prints the
 * table and checks it against minimum precision and recall. Names columns, never values.
 */
public final class PiiAccuracy {
  public static final double MINIMUM_PRECISION = 0.95;
  public static final double MINIMUM_RECALL = 0.90;

  private final double threshold;
  private final Map<PiiKind, int[]> counts = new EnumMap<>(PiiKind.class);
  private final Map<PiiKind, Integer> labelled = new EnumMap<>(PiiKind.class);
  private final Map<PiiKind, Double> lowestTrue = new EnumMap<>(PiiKind.class);
  private final Map<PiiKind, Double> highestFalse = new EnumMap<>(PiiKind.class);
  private final Map<PiiKind, String> highestFalseColumn = new EnumMap<>(PiiKind.class);
  private final List<String> mistakes = new ArrayList<>();
  private int columns;
  private int nonPii;

  public PiiAccuracy(double threshold) {
    this.threshold = threshold;
    for (PiiKind kind : PiiKind.values()) {
      counts.put(kind, new int[3]);
      labelled.put(kind, 0);
    }
  }

  /** The default detectors and threshold, with birth dates judged as of {@code today}. */
  public static PiiClassifier classifierAsOf(LocalDate today) {
    Clock clock = Clock.fixed(today.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    return new PiiClassifier(
        List.of(new EmailDetector(), new PhoneDetector(), new PersonNameDetector(), new PostalAddressDetector(),
            new PaymentCardDetector(), new IbanDetector(), new NationalIdDetector(), new IpAddressDetector(),
            new DateOfBirthDetector(clock)),
        PiiClassifier.DEFAULT_THRESHOLD);
  }

  /**
   * Records one column's verdicts: all of them (from {@link PiiClassifier#evaluate}) or only the
   * proposals; those at or above the threshold count as proposed.
   */
  public void record(LabelledColumn column, List<Proposal> verdicts) {
    requireNonNull(column, "column is null");
    columns++;
    if (column.label() == null) {
      nonPii++;
    } else {
      labelled.merge(column.label(), 1, Integer::sum);
    }
    Set<PiiKind> proposed = verdicts.stream().filter(verdict -> verdict.confidence() >= threshold)
        .map(Proposal::kind).collect(Collectors.toSet());
    for (Proposal verdict : verdicts) {
      if (verdict.kind() == column.label()) {
        lowestTrue.merge(verdict.kind(), verdict.confidence(), Math::min);
      } else if (verdict.confidence() > highestFalse.getOrDefault(verdict.kind(), -1.0)) {
        highestFalse.put(verdict.kind(), verdict.confidence());
        highestFalseColumn.put(verdict.kind(), column.family() + " '" + column.name() + "'");
      }
    }
    for (PiiKind kind : PiiKind.values()) {
      boolean isKind = kind == column.label();
      boolean proposedKind = proposed.contains(kind);
      if (isKind && proposedKind) {
        counts.get(kind)[0]++;
      } else if (proposedKind) {
        counts.get(kind)[1]++;
        mistakes.add("FP " + kind.tag() + ": column " + column.name() + " (" + column.family() + ", " + column.type() + ")");
      } else if (isKind) {
        counts.get(kind)[2]++;
        mistakes.add("FN " + kind.tag() + ": column " + column.name() + " (" + column.type() + ")");
      }
    }
  }

  public int columns() {
    return columns;
  }

  public int nonPii() {
    return nonPii;
  }

  public double precision(PiiKind kind) {
    return precision(counts.get(kind));
  }

  public double recall(PiiKind kind) {
    return recall(counts.get(kind));
  }

  public int labelled(PiiKind kind) {
    return labelled.get(kind);
  }

  /** The table: kind, columns, TP, FP, FN, precision, recall; then the closest calls and the mistakes. */
  public String table(String title) {
    StringBuilder table = new StringBuilder(title).append(String.format(Locale.ROOT,
        ": %d columns (%d non-PII), threshold %.2f%n", columns, nonPii, threshold));
    table.append(String.format(Locale.ROOT, "%-18s %5s %5s %5s %5s %9s %7s%n", "kind", "cols", "TP", "FP", "FN",
        "precision", "recall"));
    for (PiiKind kind : PiiKind.values()) {
      table.append(row(kind.tag(), labelled.get(kind), counts.get(kind)));
    }
    table.append(row("overall", columns - nonPii, total()));
    if (!lowestTrue.isEmpty()) {
      table.append("closest calls: lowest confidence of a column of the kind / highest of any other column (which)\n");
      for (PiiKind kind : PiiKind.values()) {
        table.append(String.format(Locale.ROOT, "  %-18s %s / %s (%s)%n", kind.tag(), format(lowestTrue.get(kind)),
            format(highestFalse.get(kind)), highestFalseColumn.get(kind)));
      }
    }
    for (String mistake : mistakes) {
      table.append("  ").append(mistake).append('\n');
    }
    return table.toString();
  }

  public void assertMeetsMinimums() {
    SoftAssertions softly = new SoftAssertions();
    for (PiiKind kind : PiiKind.values()) {
      softly.assertThat(labelled.get(kind)).as("labelled columns of " + kind).isGreaterThanOrEqualTo(30);
      softly.assertThat(precision(counts.get(kind))).as("precision of " + kind).isGreaterThanOrEqualTo(MINIMUM_PRECISION);
      softly.assertThat(recall(counts.get(kind))).as("recall of " + kind).isGreaterThanOrEqualTo(MINIMUM_RECALL);
    }
    softly.assertThat(nonPii).as("non-PII columns").isGreaterThanOrEqualTo(100);
    softly.assertThat(precision(total())).as("overall precision").isGreaterThanOrEqualTo(MINIMUM_PRECISION);
    softly.assertThat(recall(total())).as("overall recall").isGreaterThanOrEqualTo(MINIMUM_RECALL);
    softly.assertAll();
  }

  private int[] total() {
    int[] total = new int[3];
    for (int[] count : counts.values()) {
      for (int i = 0; i < 3; i++) {
        total[i] += count[i];
      }
    }
    return total;
  }

  private static String format(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String row(String label, int columns, int[] count) {
    return String.format(Locale.ROOT, "%-18s %5d %5d %5d %5d %9.3f %7.3f%n", label, columns, count[0], count[1],
        count[2], precision(count), recall(count));
  }

  private static double precision(int[] count) {
    return count[0] + count[1] == 0 ? 1 : (double) count[0] / (count[0] + count[1]);
  }

  private static double recall(int[] count) {
    return count[0] + count[2] == 0 ? 1 : (double) count[0] / (count[0] + count[2]);
  }
}
