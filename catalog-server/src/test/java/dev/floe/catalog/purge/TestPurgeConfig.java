package dev.floe.catalog.purge;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestPurgeConfig {
  @Test
  void defaults() {
    PurgeConfig config =
        assertRecordedDefaults(
            PurgeConfig.class,
            Map.of(
                "floe.purge.enabled", "true",
                "floe.purge.poll-interval", "PT10S",
                "floe.purge.lease", "PT60S",
                "floe.purge.retry-backoff", "PT10S",
                "floe.purge.max-attempts", "10"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.enabled()).isTrue();
    softly.assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    softly.assertThat(config.lease()).isEqualTo(Duration.ofMinutes(1));
    softly.assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(10));
    softly.assertThat(config.maxAttempts()).isEqualTo(10);
    softly.assertAll();
  }

  @Test
  void explicitValues() {
    PurgeConfig config =
        assertFullMapping(
            PurgeConfig.class,
            Map.of(
                "floe.purge.enabled", "false",
                "floe.purge.poll-interval", "PT0.5S",
                "floe.purge.lease", "PT5M",
                "floe.purge.retry-backoff", "PT1S",
                "floe.purge.max-attempts", "3"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.enabled()).isFalse();
    softly.assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
    softly.assertThat(config.lease()).isEqualTo(Duration.ofMinutes(5));
    softly.assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    softly.assertThat(config.maxAttempts()).isEqualTo(3);
    softly.assertAll();
  }
}
