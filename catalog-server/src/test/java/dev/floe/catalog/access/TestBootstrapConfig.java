package dev.floe.catalog.access;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestBootstrapConfig {
  @Test
  void defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("floe.bootstrap.credentials", null);
    BootstrapConfig config = assertRecordedDefaults(BootstrapConfig.class, defaults);
    assertThat(config.credentials()).isEmpty();
  }

  @Test
  void explicitValues() {
    BootstrapConfig config = assertFullMapping(BootstrapConfig.class, Map.of("floe.bootstrap.credentials", "root:s3cret"));
    assertThat(config.credentials()).contains("root:s3cret");
  }
}
