package dev.floe.lineage.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestLocationIndex {
  private static final CatalogTable T1 = new CatalogTable("c", List.of("n"), "t1");
  private static final CatalogTable T2 = new CatalogTable("c", List.of("n"), "t2");

  @Test
  void findsTheTableOwningALocation() {
    LocationIndex index = new LocationIndex(Map.of("s3://b/w/t1", T1, "s3://b/w/t1/deep", T2));

    assertThat(index.apply("s3://b/w/t1")).contains(T1);
    assertThat(index.apply("s3://b/w/t1/")).contains(T1);
    assertThat(index.apply("s3://b/w/t1/data/x.parquet")).contains(T1);
    assertThat(index.apply("s3://b/w/t1/deep/x")).contains(T2);
    assertThat(index.apply("s3://b/w/t10")).isEmpty();
    assertThat(index.apply("s3://b/w")).isEmpty();
    assertThat(index.apply("s3://c/w/t1")).isEmpty();
  }

  @Test
  void comparesNormalizedLocations() {
    LocationIndex index = new LocationIndex(Map.of("S3A://b/w/t1/", T1, "file:///tmp/t2", T2));

    assertThat(index.apply("s3://b/w/t1/f")).contains(T1);
    assertThat(index.apply("file:/tmp/t2/f")).contains(T2);
    assertThat(index.apply("file://localhost/tmp/t2")).contains(T2);
  }

  @Test
  void aTableMayOwnABucket() {
    assertThat(new LocationIndex(Map.of("s3://b", T1)).apply("s3://b/any/thing")).contains(T1);
  }

  @Test
  void refusesOneLocationOwnedByTwoTables() {
    assertThatThrownBy(() -> new LocationIndex(Map.of("s3://b/t", T1, "s3://b/t/", T2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is owned by both");
  }

  @Test
  void refusesLocationsWithoutScheme() {
    assertThatThrownBy(() -> new LocationIndex(Map.of("/tmp/t", T1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location has no scheme: /tmp/t");
  }
}
