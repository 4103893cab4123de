package dev.floe.catalog.audit;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestAuditConfig {
  @Test
  void defaults() {
    AuditConfig config =
        assertRecordedDefaults(
            AuditConfig.class,
            Map.of(
                "floe.audit.batch-size", "1000",
                "floe.audit.flush-interval", "PT0.05S",
                "floe.audit.queue-capacity", "10000",
                "floe.audit.record-timeout", "PT30S",
                "floe.audit.retry-initial-backoff", "PT0.1S",
                "floe.audit.retry-max-backoff", "PT30S",
                "floe.audit.close-timeout", "PT30S",
                "floe.audit.enabled", "true",
                "floe.audit.aggregate-reads-window", "PT0S"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.batchSize()).isEqualTo(1000);
    softly.assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(50));
    softly.assertThat(config.queueCapacity()).isEqualTo(10000);
    softly.assertThat(config.recordTimeout()).isEqualTo(Duration.ofSeconds(30));
    softly.assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofMillis(100));
    softly.assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
    softly.assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
    softly.assertThat(config.enabled()).isTrue();
    softly.assertThat(config.aggregateReadsWindow()).isZero();
    softly.assertAll();
  }

  @Test
  void explicitValues() {
    AuditConfig config =
        assertFullMapping(
            AuditConfig.class,
            Map.of(
                "floe.audit.batch-size", "10",
                "floe.audit.flush-interval", "PT1S",
                "floe.audit.queue-capacity", "20",
                "floe.audit.record-timeout", "PT2S",
                "floe.audit.retry-initial-backoff", "PT3S",
                "floe.audit.retry-max-backoff", "PT4M",
                "floe.audit.close-timeout", "PT5S",
                "floe.audit.enabled", "false",
                "floe.audit.aggregate-reads-window", "PT10S"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.batchSize()).isEqualTo(10);
    softly.assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    softly.assertThat(config.queueCapacity()).isEqualTo(20);
    softly.assertThat(config.recordTimeout()).isEqualTo(Duration.ofSeconds(2));
    softly.assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofSeconds(3));
    softly.assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(4));
    softly.assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    softly.assertThat(config.enabled()).isFalse();
    softly.assertThat(config.aggregateReadsWindow()).isEqualTo(Duration.ofSeconds(10));
    softly.assertAll();
  }
}
