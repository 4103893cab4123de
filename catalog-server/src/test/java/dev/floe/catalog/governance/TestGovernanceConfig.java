package dev.floe.catalog.governance;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestGovernanceConfig {
  @Test
  void defaults() {
    GovernanceConfig config = assertRecordedDefaults(GovernanceConfig.class, Map.of("floe.governance.version-check-interval", "PT5S"));
    assertThat(config.versionCheckInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void explicitValues() {
    GovernanceConfig config = assertFullMapping(GovernanceConfig.class, Map.of("floe.governance.version-check-interval", "PT1M"));
    assertThat(config.versionCheckInterval()).isEqualTo(Duration.ofMinutes(1));
  }
}
