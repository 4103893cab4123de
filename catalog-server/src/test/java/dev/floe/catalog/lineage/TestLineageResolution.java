package dev.floe.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestLineageResolution {
  @Test
  void pairsAreReadInOrderWithSpacesAroundThem() {
    assertThat(LineageResolution.pairs("x", Optional.of(" lake = lakehouse, iceberg=lakehouse ")))
        .containsExactly(Map.entry("lake", "lakehouse"), Map.entry("iceberg", "lakehouse"));
    assertThat(LineageResolution.pairs("x", Optional.empty())).isEmpty();
    assertThat(LineageResolution.pairs("x", Optional.of(" "))).isEmpty();
  }

  @Test
  void aMalformedOrRepeatedPairStopsTheServerNamingTheSetting() {
    assertThatThrownBy(() -> LineageResolution.pairs("floe.lineage.trino-catalogs", Optional.of("lake")))
        .hasMessageContaining("floe.lineage.trino-catalogs")
        .hasMessageContaining("'lake'");
    assertThatThrownBy(() -> LineageResolution.pairs("floe.lineage.trino-catalogs", Optional.of("a=b,a=c")))
        .hasMessageContaining("names 'a' twice");
    assertThatThrownBy(() -> LineageResolution.pairs("s", Optional.of("=b"))).hasMessageContaining("'=b'");
  }
}
