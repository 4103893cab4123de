package dev.floe.catalog.pii;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPiiConfig {
  @Test
  void defaults() {
    PiiConfig config = assertRecordedDefaults(PiiConfig.class, Map.of("floe.pii.sample-rows", "2000"));
    assertThat(config.sampleRows()).isEqualTo(TableSampler.DEFAULT_MAXIMUM_ROWS);
  }

  @Test
  void explicitValues() {
    PiiConfig config = assertFullMapping(PiiConfig.class, Map.of("floe.pii.sample-rows", "50"));
    assertThat(config.sampleRows()).isEqualTo(50);
  }
}
