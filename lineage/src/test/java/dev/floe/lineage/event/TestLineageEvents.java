package dev.floe.lineage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.lineage.EventSamples;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestLineageEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRINO = "trino://trino.internal:8080";

  private static final String MINIMAL =
      """
      {
        "eventType": "START",
        "eventTime": "2025-06-02T10:00:00Z",
        "producer": "https://example.com/producer",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": "3f5e2a1c-0b4d-4e6f-8a9b-1c2d3e4f5a6b"},
        "job": {"namespace": "etl", "name": "load_orders"},
        "inputs": [{"namespace": "trino://t:8080", "name": "c.s.in"}],
        "outputs": [{
          "namespace": "trino://t:8080",
          "name": "c.s.out",
          "facets": {
            "schema": {"fields": [{"name": "a", "type": "bigint"}]},
            "columnLineage": {"fields": {"a": {"inputFields": [
              {"namespace": "trino://t:8080", "name": "c.s.in", "field": "x"}
            ]}}}
          }
        }]
      }
      """;

  @Test
  void readsTrinoListenerEvent() {
    LineageRun run = LineageEvents.parse(EventSamples.read(EventSamples.TRINO_INSERT_SILVER_ORDERS));

    DatasetRef bronze = new DatasetRef(TRINO, "lake.bronze.orders_raw");
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(run.eventType()).contains(LineageEventType.COMPLETE);
    softly.assertThat(run.eventTime()).isEqualTo(Instant.parse("2025-06-02T10:15:31.842Z"));
    softly.assertThat(run.runId()).isEqualTo(UUID.fromString("01973a3e-1d2b-7c3a-9b6e-3f1c2d4e5a6b"));
    softly.assertThat(run.job()).isEqualTo(new JobRef(TRINO, "20250602_101530_00042_xk3fz"));
    softly
        .assertThat(run.producer())
        .isEqualTo(URI.create("https://github.com/trinodb/trino/plugin/trino-openlineage"));
    softly.assertThat(run.inputs()).extracting(LineageDataset::dataset).containsExactly(bronze);
    softly
        .assertThat(run.inputs().getFirst().schema())
        .extracting(SchemaField::name)
        .containsExactly("id", "customer", "amount_cents", "status");
    softly.assertThat(run.inputs().getFirst().columnLineage()).isEmpty();
    softly
        .assertThat(run.outputs())
        .extracting(LineageDataset::dataset)
        .containsExactly(new DatasetRef(TRINO, "lake.silver.orders"));
    LineageDataset silver = run.outputs().getFirst();
    softly
        .assertThat(silver.schema())
        .containsExactly(
            new SchemaField("order_id", Optional.of("bigint")),
            new SchemaField("customer_id", Optional.of("bigint")),
            new SchemaField("amount", Optional.of("decimal(18,2)")));
    softly
        .assertThat(silver.columnLineage())
        .containsExactly(
            Map.entry("order_id", List.of(new ColumnRef(bronze, "id"))),
            Map.entry("customer_id", List.of(new ColumnRef(bronze, "customer"))),
            Map.entry("amount", List.of(new ColumnRef(bronze, "amount_cents"))));
    softly.assertAll();
  }

  @Test
  void readsDbtEvent() {
    LineageRun run = LineageEvents.parse(EventSamples.read(EventSamples.DBT_RUN_GOLD_REVENUE));

    SoftAssertions softly = new SoftAssertions();
    // the offset is kept as the instant it designates
    softly.assertThat(run.eventTime()).isEqualTo(Instant.parse("2025-06-02T09:00:04.512345Z"));
    softly.assertThat(run.job()).isEqualTo(new JobRef("dbt", "lake.gold.analytics.revenue_by_customer"));
    softly
        .assertThat(run.inputs())
        .extracting(input -> input.dataset().name())
        .containsExactly("lake.silver.orders", "lake.silver.customers");
    LineageDataset gold = run.outputs().getFirst();
    softly
        .assertThat(gold.schema())
        .contains(new SchemaField("customer_name", Optional.empty()));
    softly
        .assertThat(gold.columnLineage().get("revenue"))
        .containsExactly(new ColumnRef(new DatasetRef(TRINO, "lake.silver.orders"), "amount"));
    softly.assertThat(gold.columnLineage()).containsOnlyKeys("customer_id", "customer_name", "revenue");
    softly.assertAll();
  }

  @Test
  void readsSparkEventWithoutFacets() {
    LineageRun run = LineageEvents.parse(EventSamples.read(EventSamples.SPARK_ICEBERG_STORAGE));

    assertThat(run.inputs()).extracting(LineageDataset::dataset)
        .containsExactly(new DatasetRef("s3a://landing", "shop/orders/2025-06-02"));
    assertThat(run.inputs().getFirst().schema()).isEmpty();
    assertThat(run.outputs().getFirst().columnLineage()).containsOnlyKeys("id", "amount_cents");
  }

  @Test
  void eventTypeIsOptionalAndCaseInsensitive() {
    assertThat(LineageEvents.parse(change(node -> node.remove("eventType"))).eventType()).isEmpty();
    assertThat(LineageEvents.parse(change(node -> node.put("eventType", "complete"))).eventType())
        .contains(LineageEventType.COMPLETE);
  }

  @Test
  void inputsAndOutputsAreOptional() {
    LineageRun run =
        LineageEvents.parse(
            change(
                node -> {
                  node.remove("inputs");
                  node.remove("outputs");
                }));

    assertThat(run.inputs()).isEmpty();
    assertThat(run.outputs()).isEmpty();
  }

  @Test
  void unknownFacetsAndFieldsAreIgnored() {
    LineageRun run =
        LineageEvents.parse(
            change(
                node -> {
                  node.put("somethingNew", 1);
                  ((ObjectNode) node.at("/outputs/0/facets")).putObject("acme_quality").put("score", 3);
                }));

    assertThat(run.outputs().getFirst().columnLineage()).containsOnlyKeys("a");
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertInvalid("{\"eventType\": ", "event is not valid JSON");
    assertInvalid("eventType=START", "event is not valid JSON");
    assertInvalid("   ", "event is empty");
    assertInvalid(MINIMAL + " {}", "event has content after its JSON object");
    assertInvalid(
        MINIMAL.replace("\"producer\"", "\"eventTime\": \"2025-06-02T11:00:00Z\", \"producer\""),
        "event is not valid JSON: Duplicate field 'eventTime'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"START\"", "42"})
  void rejectsJsonThatIsNoObject(String json) {
    assertInvalid(json, "event must be a JSON object");
  }

  @Test
  void rejectsNull() {
    assertInvalid("null", "event must be a JSON object, not null");
  }

  @Test
  void rejectsMissingRequiredFields() {
    assertInvalid(change(node -> node.remove("eventTime")), "eventTime is missing");
    assertInvalid(change(node -> node.remove("producer")), "producer is missing");
    assertInvalid(change(node -> node.remove("run")), "run is missing");
    assertInvalid(change(node -> ((ObjectNode) node.get("run")).remove("runId")), "run.runId is missing");
    assertInvalid(change(node -> node.remove("job")), "job is missing");
    assertInvalid(change(node -> ((ObjectNode) node.get("job")).remove("name")), "job.name is missing");
    assertInvalid(
        change(node -> ((ObjectNode) node.get("job")).put("namespace", " ")), "job.namespace is missing");
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/inputs/0")).remove("namespace")),
        "inputs[0].namespace is missing");
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/outputs/0")).remove("name")),
        "outputs[0].name is missing");
  }

  @Test
  void rejectsNamesHoldingNul() {
    assertInvalid(change(node -> ((ObjectNode) node.get("job")).put("name", "q\u0000")), "job.name holds the character U+0000");
    assertInvalid(change(node -> ((ObjectNode) node.get("job")).put("namespace", "\u0000")), "job.namespace holds the character U+0000");
  }

  @Test
  void rejectsValuesOfTheWrongFormat() {
    assertInvalid(
        change(node -> node.put("eventType", "FINISHED")),
        "eventType 'FINISHED' is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER");
    assertInvalid(
        change(node -> ((ObjectNode) node.get("run")).put("runId", "run-42")),
        "run.runId 'run-42' is not a UUID");
    assertInvalid(
        change(node -> node.put("eventTime", "yesterday")),
        "eventTime 'yesterday' is not an ISO-8601 date-time with a time zone offset");
    assertInvalid(
        change(node -> node.put("eventTime", "2025-06-02T10:00:00")),
        "eventTime '2025-06-02T10:00:00' is not an ISO-8601 date-time with a time zone offset");
  }

  @Test
  void rejectsFieldsOfTheWrongShape() {
    assertInvalid(change(node -> node.put("run", "r1")), "run has the wrong shape: expected an object");
    assertInvalid(change(node -> node.putObject("inputs")), "inputs has the wrong shape: expected an array");
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/outputs/0/facets/schema")).put("fields", "a,b")),
        "outputs[0].facets.schema.fields has the wrong shape: expected an array");
  }

  @Test
  void rejectsColumnLineageOfTheWrongShape() {
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/outputs/0/facets/columnLineage")).putArray("fields")),
        "outputs[0].facets.columnLineage.fields has the wrong shape: expected an object");
    assertInvalid(
        change(
            node -> ((ObjectNode) node.at("/outputs/0/facets/columnLineage/fields")).put("a", "c.s.in.x")),
        "outputs[0].facets.columnLineage.fields.a has the wrong shape: expected an object");
    assertInvalid(
        change(
            node ->
                ((ObjectNode) node.at("/outputs/0/facets/columnLineage/fields/a"))
                    .put("inputFields", "x")),
        "outputs[0].facets.columnLineage.fields.a.inputFields has the wrong shape: expected an array");
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/outputs/0/facets/columnLineage")).remove("fields")),
        "outputs[0].facets.columnLineage.fields is missing");
    assertInvalid(
        change(
            node ->
                ((ObjectNode) node.at("/outputs/0/facets/columnLineage/fields/a")).remove("inputFields")),
        "outputs[0].facets.columnLineage.fields.a.inputFields is missing");
    assertInvalid(
        change(
            node ->
                ((ObjectNode) node.at("/outputs/0/facets/columnLineage/fields/a/inputFields/0"))
                    .remove("field")),
        "outputs[0].facets.columnLineage.fields.a.inputFields[0].field is missing");
  }

  @Test
  void rejectsSchemaFieldsWithoutName() {
    assertInvalid(
        change(node -> ((ObjectNode) node.at("/outputs/0/facets/schema/fields/0")).remove("name")),
        "outputs[0].facets.schema.fields[0].name is missing");
  }

  @Test
  void theMinimalEventIsValid() {
    // the base of every change above; were it invalid, the rejections would prove nothing
    LineageRun run = LineageEvents.parse(MINIMAL);

    assertThat(run.job()).isEqualTo(new JobRef("etl", "load_orders"));
    assertThat(run.outputs().getFirst().columnLineage())
        .containsExactly(
            Map.entry("a", List.of(new ColumnRef(new DatasetRef("trino://t:8080", "c.s.in"), "x"))));
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> LineageEvents.parse(json))
        .isInstanceOf(InvalidLineageEventException.class)
        .hasMessageStartingWith(message);
  }

  private static String change(Consumer<ObjectNode> change) {
    try {
      JsonNode node = JSON.readTree(MINIMAL);
      change.accept((ObjectNode) node);
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
