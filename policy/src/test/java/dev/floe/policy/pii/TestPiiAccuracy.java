package dev.floe.policy.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.pii.PiiDatasetGenerator.LabelledColumn;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the default classifier on the labelled synthetic dataset, per kind and
 * overall, at the default threshold. Prints the table and the misclassified columns (by name and
 * family, never values).
 */
class TestPiiAccuracy {
  private static final int SAMPLE_ROWS = 200;
  private static final double MINIMUM_PRECISION = 0.95;
  private static final double MINIMUM_RECALL = 0.90;

  @Test
  void precisionAndRecallPerKindAndOverall() {
    List<LabelledColumn> columns = new PiiDatasetGenerator(SAMPLE_ROWS).generate();
    Map<PiiKind, Long> labelled = columns.stream().filter(column -> column.label() != null)
        .collect(Collectors.groupingBy(LabelledColumn::label, () -> new EnumMap<>(PiiKind.class), Collectors.counting()));
    long nonPii = columns.stream().filter(column -> column.label() == null).count();
    assertThat(labelled).as("columns per kind").hasSize(PiiKind.values().length).allSatisfy((kind, count) -> assertThat(count).isGreaterThanOrEqualTo(30));
    assertThat(nonPii).as("non-PII columns").isGreaterThanOrEqualTo(100);

    Clock clock = Clock.fixed(PiiDatasetGenerator.TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    PiiClassifier classifier = new PiiClassifier(
        List.of(new EmailDetector(), new PhoneDetector(), new PersonNameDetector(), new PostalAddressDetector(),
            new PaymentCardDetector(), new IbanDetector(), new NationalIdDetector(), new IpAddressDetector(),
            new DateOfBirthDetector(clock)),
        PiiClassifier.DEFAULT_THRESHOLD);

    Map<PiiKind, int[]> counts = new EnumMap<>(PiiKind.class);
    for (PiiKind kind : PiiKind.values()) {
      counts.put(kind, new int[3]);
    }
    List<String> mistakes = new ArrayList<>();
    Map<PiiKind, Double> lowestTrue = new EnumMap<>(PiiKind.class);
    Map<PiiKind, Double> highestFalse = new EnumMap<>(PiiKind.class);
    Map<PiiKind, String> highestFalseFamily = new EnumMap<>(PiiKind.class);
    long start = System.nanoTime();
    for (LabelledColumn column : columns) {
      List<Proposal> verdicts = classifier.evaluate(new ColumnSample(column.name(), column.type(), column.values()));
      Set<PiiKind> proposed = verdicts.stream().filter(verdict -> verdict.confidence() >= classifier.threshold())
          .map(Proposal::kind).collect(Collectors.toSet());
      for (Proposal verdict : verdicts) {
        if (verdict.kind() == column.label()) {
          lowestTrue.merge(verdict.kind(), verdict.confidence(), Math::min);
        } else if (verdict.confidence() > highestFalse.getOrDefault(verdict.kind(), -1.0)) {
          highestFalse.put(verdict.kind(), verdict.confidence());
          highestFalseFamily.put(verdict.kind(), column.family() + " '" + column.name() + "'");
        }
      }
      for (PiiKind kind : PiiKind.values()) {
        boolean isKind = kind == column.label();
        boolean proposedKind = proposed.contains(kind);
        if (isKind && proposedKind) {
          counts.get(kind)[0]++;
        } else if (proposedKind) {
          counts.get(kind)[1]++;
          mistakes.add("FP " + kind + ": column " + column.name() + " (" + column.family() + ", " + column.type() + ")");
        } else if (isKind) {
          counts.get(kind)[2]++;
          mistakes.add("FN " + kind + ": column " + column.name() + " (" + column.type() + ")");
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "PII classifier accuracy: %d columns (%d non-PII), %d sampled values each, threshold %.2f, %d ms%n",
        columns.size(), nonPii, SAMPLE_ROWS, classifier.threshold(), millis));
    table.append(String.format(Locale.ROOT, "%-16s %5s %5s %5s %5s %9s %7s%n", "kind", "cols", "TP", "FP", "FN", "precision", "recall"));
    int[] total = new int[3];
    SoftAssertions softly = new SoftAssertions();
    for (PiiKind kind : PiiKind.values()) {
      int[] count = counts.get(kind);
      for (int i = 0; i < 3; i++) {
        total[i] += count[i];
      }
      table.append(row(kind.tag(), labelled.get(kind), count));
      softly.assertThat(precision(count)).as("precision of " + kind).isGreaterThanOrEqualTo(MINIMUM_PRECISION);
      softly.assertThat(recall(count)).as("recall of " + kind).isGreaterThanOrEqualTo(MINIMUM_RECALL);
    }
    table.append(row("overall", columns.size() - nonPii, total));
    table.append("closest calls: lowest confidence of a column of the kind / highest of any other column (which)\n");
    for (PiiKind kind : PiiKind.values()) {
      table.append(String.format(Locale.ROOT, "  %-18s %.3f / %.3f (%s)%n", kind.tag(), lowestTrue.get(kind),
          highestFalse.get(kind), highestFalseFamily.get(kind)));
    }
    System.out.print(table);
    mistakes.forEach(mistake -> System.out.println("  " + mistake));
    softly.assertThat(precision(total)).as("overall precision").isGreaterThanOrEqualTo(MINIMUM_PRECISION);
    softly.assertThat(recall(total)).as("overall recall").isGreaterThanOrEqualTo(MINIMUM_RECALL);
    softly.assertAll();
  }

  private static String row(String label, long columns, int[] count) {
    return String.format(Locale.ROOT, "%-16s %5d %5d %5d %5d %9.3f %7.3f%n", label, columns, count[0], count[1], count[2],
        precision(count), recall(count));
  }

  private static double precision(int[] count) {
    return count[0] + count[1] == 0 ? 1 : (double) count[0] / (count[0] + count[1]);
  }

  private static double recall(int[] count) {
    return count[0] + count[2] == 0 ? 1 : (double) count[0] / (count[0] + count[2]);
  }
}
