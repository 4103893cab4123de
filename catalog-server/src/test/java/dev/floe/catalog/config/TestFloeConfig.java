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
    defaults.put("floe.metadata-cache.max-entries", "2000");
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
    softly.assertThat(config.metadataCache().maxEntries()).isEqualTo(2000);
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
            Map.of(
                "floe.data-dir", "/var/lib/floe",
                "floe.default-catalog.name", "warehouse",
                "floe.default-catalog.storage-root", "s3://bucket/root",
                "floe.default-catalog.allowed-locations", "s3://other/a,s3://other/b",
                "floe.default-catalog.allow-unstructured-locations", "true",
                "floe.idempotency.lifetime", "PT2H",
                "floe.metadata-cache.max-entries", "17",
                "floe.metadata-cache.verify-file-exists", "false",
                "floe.listing.max-page-size", "50",
                "floe.storage.signer-uri", "https://floe.example.com/api/catalog"));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(config.dataDir()).isEqualTo("/var/lib/floe");
    softly.assertThat(config.defaultCatalog().name()).isEqualTo("warehouse");
    softly.assertThat(config.defaultCatalog().storageRoot()).contains("s3://bucket/root");
    softly.assertThat(config.defaultCatalog().allowedLocations()).isEqualTo(Optional.of("s3://other/a,s3://other/b"));
    softly.assertThat(config.defaultCatalog().allowUnstructuredLocations()).isTrue();
    softly.assertThat(config.idempotency().lifetime()).isEqualTo(Duration.ofHours(2));
    softly.assertThat(config.metadataCache().maxEntries()).isEqualTo(17);
    softly.assertThat(config.metadataCache().verifyFileExists()).isFalse();
    softly.assertThat(config.listing().maxPageSize()).isEqualTo(50);
    softly.assertThat(config.storage().signerUri()).contains("https://floe.example.com/api/catalog");
    softly.assertAll();
  }
}
