package dev.floe.policy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.governance.RestrictionCases.Case;
import dev.floe.policy.governance.RestrictionCases.Settings;
import dev.floe.policy.governance.api.EvaluationResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The restriction contract: every case of {@link RestrictionCases} answers exactly its expected
 * response, with the restriction source of one implementation. One small subclass per
 * implementation: {@code TestRestrictionContract} (built-in), {@code ITOpaRestrictionsContract}
 * (a real OPA running the bundle).
 */
public abstract class RestrictionContractTest {
  /**
   * The implementation's restriction source, with the bundle's sample rules configured by {@code
   * settings} ({@link Settings#NONE}: they add nothing).
   */
  protected abstract RestrictionSource source(Settings settings);

  @Test
  void answersEveryCaseAsExpected() {
    SoftAssertions softly = new SoftAssertions();
    int samples = 0;
    for (Case testCase : RestrictionCases.CASES) {
      softly
          .assertThat(RestrictionCases.evaluate(testCase, source(testCase.settings())))
          .as(testCase.name())
          .isEqualTo(RestrictionCases.expected(testCase));
      samples += testCase.settings().equals(Settings.SAMPLES) ? 1 : 0;
    }
    softly.assertAll();
    assertThat(samples).as("cases where OPA tightens").isPositive();
  }

  @Test
  void withoutExtraRestrictionsEveryCaseAnswersAsTheBuiltInEvaluation() {
    SoftAssertions softly = new SoftAssertions();
    RestrictionSource none = source(Settings.NONE);
    for (Case testCase : RestrictionCases.CASES) {
      EvaluationResponse builtIn = RestrictionCases.evaluate(testCase, RestrictionSource.none());
      softly.assertThat(RestrictionCases.evaluate(testCase, none)).as(testCase.name()).isEqualTo(builtIn);
      if (testCase.settings().equals(Settings.NONE)) {
        softly.assertThat(builtIn).as(testCase.name() + " (built in)").isEqualTo(RestrictionCases.expected(testCase));
      }
    }
    softly.assertAll();
  }
}
