package dev.floe.catalog.auth;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestAuthorizationConfig {
  @Test
  void defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("floe.authorization.type", "rbac");
    defaults.put("floe.authorization.opa.url", null);
    defaults.put("floe.authorization.opa.timeout", "PT2S");
    defaults.put("floe.authorization.opa.decision-cache-ttl", "PT5S");
    AuthorizationConfig config = assertRecordedDefaults(AuthorizationConfig.class, defaults);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.type()).isEqualTo(AuthorizationConfig.Type.RBAC);
    softly.assertThat(config.opa().url()).isEmpty();
    softly.assertThat(config.opa().timeout()).isEqualTo(Duration.ofSeconds(2));
    softly.assertThat(config.opa().decisionCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    softly.assertAll();
  }

  @Test
  void explicitValues() {
    AuthorizationConfig config =
        assertFullMapping(
            AuthorizationConfig.class,
            Map.of(
                "floe.authorization.type", "opa",
                "floe.authorization.opa.url", "http://127.0.0.1:8282",
                "floe.authorization.opa.timeout", "PT0.5S",
                "floe.authorization.opa.decision-cache-ttl", "PT0S"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.type()).isEqualTo(AuthorizationConfig.Type.OPA);
    softly.assertThat(config.opa().url()).contains(URI.create("http://127.0.0.1:8282"));
    softly.assertThat(config.opa().timeout()).isEqualTo(Duration.ofMillis(500));
    softly.assertThat(config.opa().decisionCacheTtl()).isZero();
    softly.assertAll();
  }
}
