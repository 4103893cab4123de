package dev.floe.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestOpaConfiguration {
  @Test
  void buildsDataApiUris() {
    OpaConfiguration configuration = OpaConfiguration.of(URI.create("http://127.0.0.1:8181"));
    assertThat(configuration.decisionUri()).hasToString("http://127.0.0.1:8181/v1/data/floe/authz/decision");
    assertThat(configuration.visibleIndexesUri())
        .hasToString("http://127.0.0.1:8181/v1/data/floe/authz/visible_indexes");
    assertThat(configuration.restrictionsUri())
        .hasToString("http://127.0.0.1:8181/v1/data/floe/authz/restrictions");
    assertThat(configuration.grantsUri()).hasToString("http://127.0.0.1:8181/v1/data/floe/grants");
    assertThat(OpaConfiguration.of(URI.create("https://opa.internal/proxy/")).decisionUri())
        .hasToString("https://opa.internal/proxy/v1/data/floe/authz/decision");
  }

  @Test
  void refusesUnsafeSettings() {
    assertThatThrownBy(() -> OpaConfiguration.of(URI.create("file:///tmp/opa")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> OpaConfiguration.of(URI.create("http://user:secret@opa:8181")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpaConfiguration.of(URI.create("http://opa:8181/?x=1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpaConfiguration.of(URI.create("http://opa")).withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    URI endpoint = URI.create("http://opa");
    assertThatThrownBy(() -> new OpaConfiguration(endpoint, Duration.ofSeconds(1), "floe/../x", "floe/grants", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floe/../x");
    assertThatThrownBy(() -> new OpaConfiguration(endpoint, Duration.ofSeconds(1), "floe", "floe/grants", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the policy path");
    assertThatThrownBy(() -> OpaConfiguration.of(endpoint).withDecisionCacheTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
