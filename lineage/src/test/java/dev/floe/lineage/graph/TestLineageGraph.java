package dev.floe.lineage.graph;

import static dev.floe.lineage.graph.AnswerText.columns;
import static dev.floe.lineage.graph.AnswerText.edges;
import static dev.floe.lineage.graph.AnswerText.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.lineage.EventSamples;
import dev.floe.lineage.event.LineageEvents;
import dev.floe.lineage.resolve.DatasetResolver;
import dev.floe.lineage.resolve.LocationIndex;
import dev.floe.lineage.resolve.ResolvedDataset;
import dev.floe.lineage.resolve.ResolvedDataset.CatalogTable;
import dev.floe.lineage.resolve.ResolvedDataset.External;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The graph of the three sample events: Spark loads landing files into bronze.orders_raw (named by
 * location), Trino builds silver.orders from it, dbt builds gold.revenue_by_customer from
 * silver.orders and silver.customers.
 */
class TestLineageGraph {
  private static final CatalogTable BRONZE = table("bronze", "orders_raw");
  private static final CatalogTable SILVER_ORDERS = table("silver", "orders");
  private static final CatalogTable SILVER_CUSTOMERS = table("silver", "customers");
  private static final CatalogTable GOLD = table("gold", "revenue_by_customer");
  private static final External LANDING = new External("s3a://landing", "shop/orders/2025-06-02");
  private static final String DBT_JOB = "job dbt/lake.gold.analytics.revenue_by_customer";
  private static final String TRINO_JOB = "job trino://trino.internal:8080/20250602_101530_00042_xk3fz";
  private static final String SPARK_JOB = "job spark/ingest_orders.append_data_exec_v1.lake_bronze_orders_raw";
  private static final Predicate<ResolvedDataset> ALL = dataset -> true;

  private final LineageGraph graph = sampleGraph();

  @Test
  void upstreamFollowsBronzeSilverGold() {
    LineageAnswer answer = graph.upstream(GOLD, 10, ALL);

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(nodes(answer))
        .containsExactly(
            "n0 prod.gold.revenue_by_customer",
            "n1 prod.silver.orders",
            "n2 prod.silver.customers",
            "n3 prod.bronze.orders_raw",
            "n4 s3a://landing shop/orders/2025-06-02",
            "n5 " + DBT_JOB,
            "n6 " + TRINO_JOB,
            "n7 " + SPARK_JOB);
    softly
        .assertThat(edges(answer))
        .containsExactly(
            "n5 -> n0", "n1 -> n5", "n2 -> n5", "n6 -> n1", "n3 -> n6", "n7 -> n3", "n4 -> n7");
    softly
        .assertThat(columns(answer))
        .containsExactly(
            "n2.customer_id -> n0.customer_id by n5",
            "n2.name -> n0.customer_name by n5",
            "n1.amount -> n0.revenue by n5",
            "n3.id -> n1.order_id by n6",
            "n3.customer -> n1.customer_id by n6",
            "n3.amount_cents -> n1.amount by n6",
            "n4.order_id -> n3.id by n7",
            "n4.total -> n3.amount_cents by n7");
    softly.assertAll();
  }

  @Test
  void downstreamFollowsTheChainTheOtherWay() {
    LineageAnswer answer = graph.downstream(BRONZE, 10, ALL);

    assertThat(nodes(answer))
        .containsExactly(
            "n0 prod.bronze.orders_raw",
            "n1 prod.silver.orders",
            "n2 prod.gold.revenue_by_customer",
            "n3 " + TRINO_JOB,
            "n4 " + DBT_JOB);
    assertThat(edges(answer)).containsExactly("n0 -> n3", "n3 -> n1", "n1 -> n4", "n4 -> n2");
    // silver.customers feeds gold too, but is not downstream of bronze; its column links stay out
    assertThat(columns(answer))
        .containsExactly(
            "n0.id -> n1.order_id by n3",
            "n0.customer -> n1.customer_id by n3",
            "n0.amount_cents -> n1.amount by n3",
            "n1.amount -> n2.revenue by n4");
  }

  @Test
  void depthCountsDatasets() {
    LineageAnswer one = graph.upstream(GOLD, 1, ALL);
    assertThat(nodes(one))
        .containsExactly(
            "n0 prod.gold.revenue_by_customer",
            "n1 prod.silver.orders",
            "n2 prod.silver.customers",
            "n3 " + DBT_JOB);
    assertThat(columns(one)).hasSize(3);

    LineageAnswer two = graph.upstream(GOLD, 2, ALL);
    assertThat(nodes(two)).contains("n3 prod.bronze.orders_raw").doesNotContain("n4 " + SPARK_JOB);
    assertThat(nodes(two)).noneMatch(node -> node.contains("landing"));

    LineageAnswer downstreamOne = graph.downstream(LANDING, 1, ALL);
    assertThat(nodes(downstreamOne))
        .containsExactly("n0 s3a://landing shop/orders/2025-06-02", "n1 prod.bronze.orders_raw", "n2 " + SPARK_JOB);
  }

  @Test
  void depthZeroIsTheDatasetAlone() {
    LineageAnswer answer = graph.upstream(GOLD, 0, ALL);

    assertThat(nodes(answer)).containsExactly("n0 prod.gold.revenue_by_customer");
    assertThat(answer.edges()).isEmpty();
    assertThat(answer.columnEdges()).isEmpty();
  }

  @Test
  void refusesNegativeDepth() {
    assertThatThrownBy(() -> graph.downstream(GOLD, -1, ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("depth must be 0 or more, was -1");
  }

  @Test
  void aDatasetWithoutLineageIsAlone() {
    LineageAnswer answer = graph.downstream(GOLD, 5, ALL);

    assertThat(nodes(answer)).containsExactly("n0 prod.gold.revenue_by_customer");
    assertThat(graph.upstream(table("x", "y"), 5, ALL).nodes()).hasSize(1);
  }

  @Test
  void columnLineageGivesEachColumnItsDirectSources() {
    ColumnLineage lineage = graph.columnLineage(GOLD, ALL);

    assertThat(lineage.sources())
        .containsExactly(
            Map.entry("customer_id", List.of(new ColumnEndpoint("n2", Optional.of("customer_id")))),
            Map.entry("customer_name", List.of(new ColumnEndpoint("n2", Optional.of("name")))),
            Map.entry("revenue", List.of(new ColumnEndpoint("n1", Optional.of("amount")))));
    assertThat(lineage.nodes().get(2)).isEqualTo(new LineageNode.DatasetNode("n2", SILVER_CUSTOMERS));
  }

  @Test
  void invisibleTablesBecomeRestrictedNodesAndKeepTheShape() {
    Predicate<ResolvedDataset> noSilver =
        dataset -> !(dataset instanceof CatalogTable table && table.namespace().equals(List.of("silver")));

    LineageAnswer answer = graph.upstream(GOLD, 10, noSilver);

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(nodes(answer))
        .containsExactly(
            "n0 prod.gold.revenue_by_customer",
            "n1 restricted DATASET",
            "n2 restricted DATASET",
            "n3 prod.bronze.orders_raw",
            "n4 s3a://landing shop/orders/2025-06-02",
            "n5 " + DBT_JOB,
            "n6 " + TRINO_JOB,
            "n7 " + SPARK_JOB);
    // the same edges as with everything visible
    softly.assertThat(edges(answer)).isEqualTo(edges(graph.upstream(GOLD, 10, ALL)));
    softly
        .assertThat(columns(answer))
        .containsExactly(
            "n2.? -> n0.customer_id by n5",
            "n2.? -> n0.customer_name by n5",
            "n1.? -> n0.revenue by n5",
            "n3.id -> n1.? by n6",
            "n3.customer -> n1.? by n6",
            "n3.amount_cents -> n1.? by n6",
            "n4.order_id -> n3.id by n7",
            "n4.total -> n3.amount_cents by n7");
    softly.assertThat(answer.toString()).doesNotContain("silver", "customers");
    softly.assertAll();
  }

  @Test
  void jobsBetweenRestrictedDatasetsOnlyAreRestricted() {
    Predicate<ResolvedDataset> goldOnly = GOLD::equals;

    LineageAnswer answer = graph.upstream(GOLD, 10, goldOnly);

    assertThat(nodes(answer))
        .containsExactly(
            "n0 prod.gold.revenue_by_customer",
            "n1 restricted DATASET",
            "n2 restricted DATASET",
            "n3 restricted DATASET",
            "n4 restricted DATASET",
            "n5 " + DBT_JOB,
            "n6 restricted JOB",
            "n7 restricted JOB");
    // restricted columns collapse: three links silver <- bronze become one edge
    assertThat(columns(answer))
        .containsExactly(
            "n2.? -> n0.customer_id by n5",
            "n2.? -> n0.customer_name by n5",
            "n1.? -> n0.revenue by n5",
            "n3.? -> n1.? by n6",
            "n4.? -> n3.? by n7");
    assertThat(answer.toString()).doesNotContain("trino.internal", "spark", "landing", "bronze");
  }

  @Test
  void columnLineageHidesRestrictedColumns() {
    ColumnLineage lineage = graph.columnLineage(GOLD, GOLD::equals);

    assertThat(lineage.sources().get("revenue"))
        .containsExactly(new ColumnEndpoint("n1", Optional.empty()));
    assertThat(lineage.sources().get("customer_id"))
        .containsExactly(new ColumnEndpoint("n2", Optional.empty()));
    assertThat(lineage.toString()).doesNotContain("silver", "amount");
  }

  private static LineageGraph sampleGraph() {
    DatasetResolver resolver =
        new DatasetResolver(
            Map.of("lake", "prod"),
            Map.of(),
            new LocationIndex(Map.of("s3://lake-warehouse/bronze/orders_raw", BRONZE)));
    LineageGraph.Builder builder = LineageGraph.builder();
    for (String sample :
        List.of(
            EventSamples.SPARK_ICEBERG_STORAGE,
            EventSamples.TRINO_INSERT_SILVER_ORDERS,
            EventSamples.DBT_RUN_GOLD_REVENUE)) {
      builder.add(ResolvedRun.of(LineageEvents.parse(EventSamples.read(sample)), resolver));
    }
    return builder.build();
  }

  private static CatalogTable table(String namespace, String name) {
    return new CatalogTable("prod", List.of(namespace), name);
  }
}
