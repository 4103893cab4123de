package dev.floe.catalog.pii;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPiiConfig {
  @Test
  void defaults() {
    PiiConfig config =
        assertRecordedDefaults(
            PiiConfig.class,
            Map.of("floe.pii.sample-rows", "2000", "floe.pii.scan-after-commit", "false", "floe.pii.scan-after-commit-delay", "PT60S"));
    assertThat(config.sampleRows()).isEqualTo(TableSampler.DEFAULT_MAXIMUM_ROWS);
    assertThat(config.scanAfterCommit()).isFalse();
    assertThat(config.scanAfterCommitDelay()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void explicitValues() {
    PiiConfig config =
        assertFullMapping(
            PiiConfig.class,
            Map.of("floe.pii.sample-rows", "50", "floe.pii.scan-after-commit", "true", "floe.pii.scan-after-commit-delay", "PT2S"));
    assertThat(config.sampleRows()).isEqualTo(50);
    assertThat(config.scanAfterCommit()).isTrue();
    assertThat(config.scanAfterCommitDelay()).isEqualTo(java.time.Duration.ofSeconds(2));
  }
}
