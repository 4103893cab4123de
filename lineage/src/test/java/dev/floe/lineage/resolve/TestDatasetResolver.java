package dev.floe.lineage.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.lineage.event.DatasetRef;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.lineage.resolve.ResolvedDataset.External;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestDatasetResolver {
  private static final String TRINO = "trino://trino.internal:8080";
  private static final CatalogTable BRONZE_ORDERS =
      new CatalogTable("prod", List.of("bronze"), "orders_raw");
  private static final CatalogTable BRONZE_ORDERS_ARCHIVE =
      new CatalogTable("prod", List.of("bronze"), "orders_raw_archive");

  private final DatasetResolver resolver =
      new DatasetResolver(
          Map.of("lake", "prod", "sandbox", "dev"),
          Map.of("https://floe.internal/api/catalog/", "prod", "analytics", "analytics"),
          new LocationIndex(
              Map.of(
                  "s3://lake-warehouse/bronze/orders_raw", BRONZE_ORDERS,
                  "s3://lake-warehouse/bronze/orders_raw/archive/", BRONZE_ORDERS_ARCHIVE,
                  "file:///srv/floe/local/t", new CatalogTable("local", List.of("ns"), "t"))));

  @Test
  void trinoTablesGoThroughTheCatalogMap() {
    assertThat(resolve(TRINO, "lake.silver.orders"))
        .isEqualTo(new CatalogTable("prod", List.of("silver"), "orders"));
    assertThat(resolve("trino://other:443", "sandbox.s.t"))
        .isEqualTo(new CatalogTable("dev", List.of("s"), "t"));
  }

  @Test
  void trinoTablesOfUnmappedCatalogsAreExternal() {
    assertThat(resolve(TRINO, "hive.default.orders")).isEqualTo(new External(TRINO, "hive.default.orders"));
  }

  @Test
  void trinoNamesOfAnotherShapeAreExternal() {
    assertThat(resolve(TRINO, "lake.orders")).isInstanceOf(External.class);
    assertThat(resolve(TRINO, "lake.silver.orders.v2")).isInstanceOf(External.class);
    assertThat(resolve(TRINO, "lake..orders")).isInstanceOf(External.class);
  }

  @Test
  void icebergRestNamesGoThroughTheNamespaceMap() {
    // the configured trailing slash does not matter, nor does a sent one
    assertThat(resolve("https://floe.internal/api/catalog", "silver.orders"))
        .isEqualTo(new CatalogTable("prod", List.of("silver"), "orders"));
    assertThat(resolve("https://floe.internal/api/catalog/", "silver.orders"))
        .isEqualTo(new CatalogTable("prod", List.of("silver"), "orders"));
    assertThat(resolve("analytics", "marts.finance.revenue"))
        .isEqualTo(new CatalogTable("analytics", List.of("marts", "finance"), "revenue"));
  }

  @Test
  void icebergRestNamesWithoutNamespaceAreExternal() {
    assertThat(resolve("analytics", "revenue")).isEqualTo(new External("analytics", "revenue"));
  }

  @Test
  void storageLocationsGoToTheTableOwningThem() {
    assertThat(resolve("s3://lake-warehouse", "bronze/orders_raw")).isEqualTo(BRONZE_ORDERS);
    assertThat(resolve("s3a://lake-warehouse", "bronze/orders_raw/data/part-0.parquet"))
        .isEqualTo(BRONZE_ORDERS);
    assertThat(resolve("file", "/srv/floe/local/t/data"))
        .isEqualTo(new CatalogTable("local", List.of("ns"), "t"));
  }

  @Test
  void theLongestOwnedPrefixWins() {
    assertThat(resolve("s3://lake-warehouse", "bronze/orders_raw/archive/2024"))
        .isEqualTo(BRONZE_ORDERS_ARCHIVE);
  }

  @Test
  void prefixesMatchWholePathSegments() {
    assertThat(resolve("s3://lake-warehouse", "bronze/orders_raw2/data"))
        .isEqualTo(new External("s3://lake-warehouse", "bronze/orders_raw2/data"));
    assertThat(resolve("s3://lake-warehouse", "bronze")).isInstanceOf(External.class);
  }

  @Test
  void unknownNamespacesAreExternal() {
    assertThat(resolve("kafka://broker:9092", "orders")).isEqualTo(new External("kafka://broker:9092", "orders"));
    assertThat(resolve("postgres://db:5432", "shop.public.orders")).isInstanceOf(External.class);
    assertThat(resolve("s3://other-bucket", "bronze/orders_raw")).isInstanceOf(External.class);
  }

  @Test
  void theLocationFunctionSeesNormalizedLocations() {
    StringBuilder seen = new StringBuilder();
    DatasetResolver recording =
        new DatasetResolver(
            Map.of(),
            Map.of(),
            location -> {
              seen.append(location).append(' ');
              return Optional.empty();
            });

    recording.resolve(new DatasetRef("s3n://b/", "p/q/"));
    recording.resolve(new DatasetRef("hdfs://nn:8020", "/warehouse/t"));
    recording.resolve(new DatasetRef("file", "/tmp/t"));

    assertThat(seen.toString()).isEqualTo("s3://b/p/q hdfs://nn:8020/warehouse/t file:/tmp/t ");
  }

  private ResolvedDataset resolve(String namespace, String name) {
    return resolver.resolve(new DatasetRef(namespace, name));
  }
}
