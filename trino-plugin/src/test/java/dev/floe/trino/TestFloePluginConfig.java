package dev.floe.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestFloePluginConfig {
  private static final Map<String, String> MINIMAL =
      Map.of("floe.uri", "http://floe:8181/", "floe.catalogs", "lake=warehouse", "floe.client-id", "trino", "floe.client-secret", "s3cret");

  @Test
  void defaults() {
    FloePluginConfig config = FloePluginConfig.from(MINIMAL);
    assertThat(config.uri()).isEqualTo(URI.create("http://floe:8181"));
    assertThat(config.catalogs()).isEqualTo(Map.of("lake", "warehouse"));
    assertThat(config.ungoverned()).isEqualTo(FloePluginConfig.UngovernedCatalogs.ALLOW);
    assertThat(config.clientId()).contains("trino");
    assertThat(config.clientSecret()).contains("s3cret");
    assertThat(config.tokenFile()).isEmpty();
    assertThat(config.tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxCacheEntries()).isEqualTo(10_000);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.queryAdmins()).isEmpty();
    assertThat(config.reportQueueSize()).isEqualTo(10_000);
    assertThat(config.reportBatchSize()).isEqualTo(100);
  }

  @Test
  void everyKeyMapped() {
    Map<String, String> properties = new HashMap<>();
    properties.put("floe.uri", "https://floe.example:8443");
    properties.put("floe.catalogs", "lake=warehouse, sales = sales_prod");
    properties.put("floe.ungoverned-catalogs", "deny");
    properties.put("floe.token-file", "/var/run/floe/token");
    properties.put("floe.token-refresh-margin", "2m");
    properties.put("floe.cache.max-ttl", "0s");
    properties.put("floe.cache.max-entries", "50");
    properties.put("floe.http.connect-timeout", "500ms");
    properties.put("floe.http.request-timeout", "1h");
    properties.put("floe.query-admins", "admin, ops");
    properties.put("floe.reports.queue-size", "7");
    properties.put("floe.reports.batch-size", "3");
    FloePluginConfig config = FloePluginConfig.from(properties);
    assertThat(config.uri()).isEqualTo(URI.create("https://floe.example:8443"));
    assertThat(config.catalogs()).isEqualTo(Map.of("lake", "warehouse", "sales", "sales_prod"));
    assertThat(config.floeCatalog("sales")).contains("sales_prod");
    assertThat(config.floeCatalog("tpch")).isEmpty();
    assertThat(config.ungoverned()).isEqualTo(FloePluginConfig.UngovernedCatalogs.DENY);
    assertThat(config.clientId()).isEmpty();
    assertThat(config.tokenFile()).isEqualTo(Optional.of(Path.of("/var/run/floe/token")));
    assertThat(config.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.maxCacheTtl()).isZero();
    assertThat(config.maxCacheEntries()).isEqualTo(50);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(config.queryAdmins()).isEqualTo(Set.of("admin", "ops"));
    assertThat(config.reportQueueSize()).isEqualTo(7);
    assertThat(config.reportBatchSize()).isEqualTo(3);
  }

  @Test
  void badValuesNameTheirKey() {
    assertRefused(Map.of("floe.catalogs", "lake=warehouse", "floe.token-file", "/t"), "floe.uri");
    assertRefused(with("floe.uri", "ftp://floe"), "floe.uri");
    assertRefused(with("floe.catalogs", "lake"), "floe.catalogs");
    assertRefused(with("floe.catalogs", "lake=a,lake=b"), "mapped twice");
    assertRefused(with("floe.ungoverned-catalogs", "maybe"), "floe.ungoverned-catalogs");
    assertRefused(with("floe.cache.max-ttl", "soon"), "floe.cache.max-ttl");
    assertRefused(with("floe.cache.max-entries", "0"), "floe.cache.max-entries");
    assertRefused(with("floe.http.request-timeout", "0s"), "floe.http.request-timeout");
    assertRefused(with("floe.token-file", "/t"), "not both");
    assertRefused(with("floe.typo", "x"), "floe.typo");
    assertRefused(with("floe.reports.batch-size", "-1"), "floe.reports.batch-size");
    Map<String, String> noSecret = new HashMap<>(MINIMAL);
    noSecret.remove("floe.client-secret");
    assertRefused(noSecret, "floe.client-secret");
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> properties = new HashMap<>(MINIMAL);
    properties.put(key, value);
    return properties;
  }

  private static void assertRefused(Map<String, String> properties, String message) {
    assertThatThrownBy(() -> FloePluginConfig.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
