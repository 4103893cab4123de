package dev.floe.catalog.access;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestAccessConfig {
  @Test
  void defaults() {
    AccessConfig config = assertRecordedDefaults(AccessConfig.class, Map.of("floe.access.version-check-interval", "PT5S"));
    assertThat(config.versionCheckInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void explicitValues() {
    AccessConfig config = assertFullMapping(AccessConfig.class, Map.of("floe.access.version-check-interval", "PT1M"));
    assertThat(config.versionCheckInterval()).isEqualTo(Duration.ofMinutes(1));
  }
}
