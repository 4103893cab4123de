package dev.floe.policy.pii;

import dev.floe.policy.pii.PiiDatasetGenerator.LabelledColumn;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the default classifier on the labelled synthetic dataset, per kind and
 * overall, at the default threshold, on samples of 200 values per column. Prints the table, the
 * closest calls and the misclassified columns (by name and family, never values).
 */
class TestPiiAccuracy {
  private static final int SAMPLE_ROWS = 200;

  @Test
  void precisionAndRecallPerKindAndOverall() {
    PiiClassifier classifier = PiiAccuracy.classifierAsOf(PiiDatasetGenerator.TODAY);
    PiiAccuracy accuracy = new PiiAccuracy(classifier.threshold());
    long start = System.nanoTime();
    for (LabelledColumn column : new PiiDatasetGenerator(SAMPLE_ROWS).generate()) {
      accuracy.record(column, classifier.evaluate(new ColumnSample(column.name(), column.type(), column.values())));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.print(accuracy.table("PII classifier accuracy, " + SAMPLE_ROWS + " sampled values a column, "
        + millis + " ms"));
    accuracy.assertMeetsMinimums();
  }
}
