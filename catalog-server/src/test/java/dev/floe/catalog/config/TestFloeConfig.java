package dev.floe.catalog.config;

import static dev.floe.catalog.config.ConfigMappingAssertions.assertFullMapping;
import static dev.floe.catalog.config.ConfigMappingAssertions.assertRecordedDefaults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestFloeConfig {
  @Test
  void defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("floe.data-dir", "./floe-data");
    defaults.put("floe.default-catalog.name", "lakehouse");
    defaults.put("floe.default-catalog.storage-root", null);
    defaults.put("floe.default-catalog.allowed-locations", null);
    defaults.put("floe.default-catalog.allow-unstructured-locations", "false");
    defaults.put("floe.idempotency.lifetime", "PT30M");
    defaults.put("floe.metadata-cache.max-bytes", "32M");
    defaults.put("floe.metadata-cache.max-response-bytes", "16M");
    defaults.put("floe.pointer-cache.enabled", "true");
    defaults.put("floe.pointer-cache.max-entries", "25000");
    defaults.put("floe.metadata-cache.verify-file-exists", "true");
    defaults.put("floe.listing.max-page-size", "1000");
    defaults.put("floe.storage.signer-uri", null);
    FloeConfig config = assertRecordedDefaults(FloeConfig.class, defaults);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.dataDir()).isEqualTo(FloeConfig.DEFAULT_DATA_DIR).isEqualTo("./floe-data");
    softly.assertThat(config.defaultCatalog().name()).isEqualTo("lakehouse");
    softly.assertThat(config.defaultCatalog().storageRoot()).isEmpty();
    softly.assertThat(config.defaultCatalog().allowedLocations()).isEmpty();
    softly.assertThat(config.defaultCatalog().allowUnstructuredLocations()).isFalse();
    softly.assertThat(config.idempotency().lifetime()).isEqualTo(Duration.ofMinutes(30));
    softly.assertThat(config.metadataCache().maxBytes().asLongValue()).isEqualTo(32L << 20);
    softly.assertThat(config.metadataCache().maxResponseBytes().asLongValue()).isEqualTo(16L << 20);
    softly.assertThat(config.pointerCache().enabled()).isTrue();
    softly.assertThat(config.pointerCache().maxEntries()).isEqualTo(25_000);
    softly.assertThat(config.metadataCache().verifyFileExists()).isTrue();
    softly.assertThat(config.listing().maxPageSize()).isEqualTo(1000);
    softly.assertThat(config.storage().signerUri()).isEmpty();
    softly.assertAll();
  }

  @Test
  void explicitValues() {
    FloeConfig config =
        assertFullMapping(
            FloeConfig.class,
            Map.ofEntries(
                Map.entry("floe.data-dir", "/var/lib/floe"),
                Map.entry("floe.default-catalog.name", "warehouse"),
                Map.entry("floe.default-catalog.storage-root", "s3://bucket/root"),
                Map.entry("floe.default-catalog.allowed-locations", "s3://other/a,s3://other/b"),
                Map.entry("floe.default-catalog.allow-unstructured-locations", "true"),
                Map.entry("floe.idempotency.lifetime", "PT2H"),
                Map.entry("floe.metadata-cache.max-bytes", "17M"),
                Map.entry("floe.metadata-cache.max-response-bytes", "1G"),
                Map.entry("floe.pointer-cache.enabled", "false"),
                Map.entry("floe.pointer-cache.max-entries", "12"),
                Map.entry("floe.metadata-cache.verify-file-exists", "false"),
                Map.entry("floe.listing.max-page-size", "50"),
                Map.entry("floe.storage.signer-uri", "https://floe.example.com/api/catalog")));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.dataDir()).isEqualTo("/var/lib/floe");
    softly.assertThat(config.defaultCatalog().name()).isEqualTo("warehouse");
    softly.assertThat(config.defaultCatalog().storageRoot()).contains("s3://bucket/root");
    softly.assertThat(config.defaultCatalog().allowedLocations()).isEqualTo(Optional.of("s3://other/a,s3://other/b"));
    softly.assertThat(config.defaultCatalog().allowUnstructuredLocations()).isTrue();
    softly.assertThat(config.idempotency().lifetime()).isEqualTo(Duration.ofHours(2));
    softly.assertThat(config.metadataCache().maxBytes().asLongValue()).isEqualTo(17L << 20);
    softly.assertThat(config.metadataCache().maxResponseBytes().asLongValue()).isEqualTo(1L << 30);
    softly.assertThat(config.pointerCache().enabled()).isFalse();
    softly.assertThat(config.pointerCache().maxEntries()).isEqualTo(12);
    softly.assertThat(config.metadataCache().verifyFileExists()).isFalse();
    softly.assertThat(config.listing().maxPageSize()).isEqualTo(50);
    softly.assertThat(config.storage().signerUri()).contains("https://floe.example.com/api/catalog");
    softly.assertAll();
  }
}
