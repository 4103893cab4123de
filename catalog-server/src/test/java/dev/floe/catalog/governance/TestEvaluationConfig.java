package dev.floe.catalog.governance;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestEvaluationConfig {
  @Test
  void defaults() {
    EvaluationConfig config =
        assertRecordedDefaults(EvaluationConfig.class, Map.of("floe.governance.evaluation-cache-ttl", "PT30S"));
    assertThat(config.evaluationCacheTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void explicitValues() {
    EvaluationConfig config = assertFullMapping(EvaluationConfig.class, Map.of("floe.governance.evaluation-cache-ttl", "PT5S"));
    assertThat(config.evaluationCacheTtl()).isEqualTo(Duration.ofSeconds(5));
  }
}
