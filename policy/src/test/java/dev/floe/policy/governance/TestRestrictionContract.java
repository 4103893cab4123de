package dev.floe.policy.governance;

import dev.floe.policy.governance.RestrictionCases.Settings;

/**
 * The restriction contract with the built-in evaluation: no extra restrictions for {@link
 * Settings#NONE}, the Java twin of the bundle's sample rules otherwise.
 */
class TestRestrictionContract extends RestrictionContractTest {
  @Override
  protected RestrictionSource source(Settings settings) {
    return settings.equals(Settings.NONE) ? RestrictionSource.none() : RestrictionCases.javaTwin(settings);
  }
}
