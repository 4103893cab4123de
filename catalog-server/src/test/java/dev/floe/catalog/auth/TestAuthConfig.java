package dev.floe.catalog.auth;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestAuthConfig {
  @Test
  void defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("floe.auth.tokens.issuer", "floe");
    defaults.put("floe.auth.tokens.lifetime", "PT1H");
    defaults.put("floe.auth.tokens.key-rotation", "P7D");
    defaults.put("floe.auth.oidc.issuer", null);
    defaults.put("floe.auth.oidc.jwks-uri", null);
    defaults.put("floe.auth.oidc.audience", "floe");
    defaults.put("floe.auth.oidc.principal-claim", "preferred_username");
    defaults.put("floe.auth.oidc.groups-claim", "groups");
    defaults.put("floe.auth.oidc.group-role-prefix", "");
    defaults.put("floe.auth.oidc.jwks-refresh", "PT10M");
    defaults.put("floe.auth.clock-skew", "PT30S");
    defaults.put("floe.auth.verified-token-cache-size", "10000");
    defaults.put("floe.auth.rotation-grace", "PT0S");
    AuthConfig config = assertRecordedDefaults(AuthConfig.class, defaults);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.tokens().issuer()).isEqualTo("floe");
    softly.assertThat(config.tokens().lifetime()).isEqualTo(Duration.ofHours(1));
    softly.assertThat(config.tokens().keyRotation()).isEqualTo(Duration.ofDays(7));
    softly.assertThat(config.oidc().issuer()).isEmpty();
    softly.assertThat(config.oidc().jwksUri()).isEmpty();
    softly.assertThat(config.oidc().audience()).isEqualTo("floe");
    softly.assertThat(config.oidc().principalClaim()).isEqualTo("preferred_username");
    softly.assertThat(config.oidc().groupsClaim()).isEqualTo("groups");
    // an empty default is no prefix
    softly.assertThat(config.oidc().groupRolePrefix()).isEmpty();
    softly.assertThat(config.oidc().jwksRefresh()).isEqualTo(Duration.ofMinutes(10));
    softly.assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    softly.assertThat(config.verifiedTokenCacheSize()).isEqualTo(10000);
    softly.assertThat(config.rotationGrace()).isEqualTo(Duration.ZERO);
    softly.assertAll();
  }

  @Test
  void explicitValues() {
    Map<String, String> properties = new HashMap<>();
    properties.put("floe.auth.tokens.issuer", "floe-test");
    properties.put("floe.auth.tokens.lifetime", "PT15M");
    properties.put("floe.auth.tokens.key-rotation", "P1D");
    properties.put("floe.auth.oidc.issuer", "https://keycloak.example.com/realms/floe");
    properties.put("floe.auth.oidc.jwks-uri", "https://keycloak.example.com/realms/floe/protocol/openid-connect/certs");
    properties.put("floe.auth.oidc.audience", "catalog");
    properties.put("floe.auth.oidc.principal-claim", "sub");
    properties.put("floe.auth.oidc.groups-claim", "roles");
    properties.put("floe.auth.oidc.group-role-prefix", "kc-");
    properties.put("floe.auth.oidc.jwks-refresh", "PT1M");
    properties.put("floe.auth.clock-skew", "PT5S");
    properties.put("floe.auth.verified-token-cache-size", "12");
    properties.put("floe.auth.rotation-grace", "PT2M");
    AuthConfig config = assertFullMapping(AuthConfig.class, properties);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.tokens().issuer()).isEqualTo("floe-test");
    softly.assertThat(config.tokens().lifetime()).isEqualTo(Duration.ofMinutes(15));
    softly.assertThat(config.tokens().keyRotation()).isEqualTo(Duration.ofDays(1));
    softly.assertThat(config.oidc().issuer()).contains("https://keycloak.example.com/realms/floe");
    softly.assertThat(config.oidc().jwksUri())
        .contains(URI.create("https://keycloak.example.com/realms/floe/protocol/openid-connect/certs"));
    softly.assertThat(config.oidc().audience()).isEqualTo("catalog");
    softly.assertThat(config.oidc().principalClaim()).isEqualTo("sub");
    softly.assertThat(config.oidc().groupsClaim()).isEqualTo("roles");
    softly.assertThat(config.oidc().groupRolePrefix()).contains("kc-");
    softly.assertThat(config.oidc().jwksRefresh()).isEqualTo(Duration.ofMinutes(1));
    softly.assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    softly.assertThat(config.verifiedTokenCacheSize()).isEqualTo(12);
    softly.assertThat(config.rotationGrace()).isEqualTo(Duration.ofMinutes(2));
    softly.assertAll();
  }
}
