package dev.floe.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.governance.RestrictionSource.ExtraMask;
import dev.floe.policy.governance.RestrictionSource.Restrictions;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.CallerIdentity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The restrictions input document, exactly, and the strict reading of OPA's answer. */
class TestOpaRestrictionsDocuments {
  private static final SchemaColumn ID = new SchemaColumn(1, "id", "long");
  private static final SchemaColumn PHONE = new SchemaColumn(3, "phone", "string");
  private static final SchemaColumn ADDRESS = new SchemaColumn(9, "address", "struct<10: city: string>");
  private static final List<RestrictionSource.Table> TABLES =
      List.of(
          new RestrictionSource.Table(
              Securable.table("lake", List.of("crm", "eu"), "customers"),
              TableSchema.of(ID, PHONE, ADDRESS),
              Set.of("confidential"),
              List.of(
                  new RestrictionSource.Column(PHONE, Set.of("pii.phone", "confidential")),
                  new RestrictionSource.Column(ADDRESS, Set.of("confidential")))),
          new RestrictionSource.Table(
              Securable.table("lake", List.of("sales"), "o\"rders"), TableSchema.of(ID), Set.of(), List.of()));

  @Test
  void theInputCarriesCallerTablesSchemasAndVisibleColumns() throws Exception {
    JsonNode input =
        OpaDocuments.restrictionsInput(
            new CallerIdentity("ana", Set.of("eu", "analytics"), Set.of("analysts")), "lake", TABLES);
    assertThat(input)
        .isEqualTo(
            OpaDocuments.JSON.readTree(
                """
                {"input": {
                  "principal": {"name": "ana"}, "principal_roles": ["analysts"], "groups": ["analytics", "eu"],
                  "catalog": "lake",
                  "tables": [
                    {"namespace": ["crm", "eu"], "name": "customers", "path": ["lake", "crm", "eu", "customers"],
                     "tags": ["confidential"],
                     "schema": [{"name": "id", "field_id": 1, "type": "long"},
                                {"name": "phone", "field_id": 3, "type": "string"},
                                {"name": "address", "field_id": 9, "type": "struct<10: city: string>"}],
                     "columns": [{"name": "phone", "field_id": 3, "type": "string", "trino_type": "varchar",
                                  "tags": ["confidential", "pii.phone"]},
                                 {"name": "address", "field_id": 9, "type": "struct<10: city: string>",
                                  "trino_type": null, "tags": ["confidential"]}]},
                    {"namespace": ["sales"], "name": "o\\"rders", "path": ["lake", "sales", "o\\"rders"], "tags": [],
                     "schema": [{"name": "id", "field_id": 1, "type": "long"}], "columns": []}]}}
                """));
  }

  @Test
  void readsFiltersAndMasksByTableAndColumnIndex() throws Exception {
    List<Restrictions> restrictions =
        read(
            """
            {"row_filters": [{"table": 1, "expression": "id > 0"}, {"table": 0, "expression": "a"},
                             {"table": 0, "expression": "b", "identity": "ignored"}],
             "column_masks": [{"table": 0, "column": 1, "expression": "NULL"},
                              {"table": 0, "column": 0, "mask": {"function": "SHOW_LAST", "characters": 4}}]}
            """);
    assertThat(restrictions)
        .containsExactly(
            new Restrictions(
                List.of("a", "b"),
                Map.of(9, new ExtraMask.Sql("NULL"), 3, new ExtraMask.Library(new Mask.ShowLast(4)))),
            new Restrictions(List.of("id > 0"), Map.of()));
    assertThat(read("{\"row_filters\": [], \"column_masks\": []}")).containsExactly(Restrictions.NONE, Restrictions.NONE);
  }

  @Test
  void readsEveryLibraryMask() throws Exception {
    Map<String, Mask> masks =
        Map.of(
            "{\"function\": \"NULLIFY\"}", new Mask.Nullify(),
            "{\"function\": \"REDACT\"}", new Mask.Redact(Optional.empty()),
            "{\"function\": \"REDACT\", \"value\": \"xx\"}", new Mask.Redact(Optional.of("xx")),
            "{\"function\": \"HASH\"}", new Mask.Hash(),
            "{\"function\": \"SHOW_LAST\", \"characters\": 2}", new Mask.ShowLast(2),
            "{\"function\": \"EMAIL_DOMAIN\"}", new Mask.EmailDomain(),
            "{\"function\": \"YEAR_ONLY\"}", new Mask.YearOnly(),
            "{\"function\": \"ROUND\", \"digits\": -2}", new Mask.Round(-2),
            "{\"function\": \"BUCKET\", \"width\": 2.5}", new Mask.Bucket(new BigDecimal("2.5")));
    for (Map.Entry<String, Mask> entry : masks.entrySet()) {
      List<Restrictions> restrictions =
          read(
              "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": %s}]}"
                  .formatted(entry.getKey()));
      assertThat(restrictions.get(0).masks()).as(entry.getKey()).containsExactly(Map.entry(3, new ExtraMask.Library(entry.getValue())));
    }
  }

  @Test
  void refusesAnythingElse() {
    List<String> malformed =
        List.of(
            "[]",
            "{\"row_filters\": []}",
            "{\"row_filters\": {}, \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": 2, \"expression\": \"true\"}], \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": -1, \"expression\": \"true\"}], \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": \"0\", \"expression\": \"true\"}], \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": 0.5, \"expression\": \"true\"}], \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": 0, \"expression\": true}], \"column_masks\": []}",
            "{\"row_filters\": [{\"table\": 0}], \"column_masks\": []}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 1, \"column\": 0, \"expression\": \"NULL\"}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 2, \"expression\": \"NULL\"}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"expression\": \"NULL\", \"mask\": {\"function\": \"NULLIFY\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"CUSTOM\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"nullify\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"SHOW_LAST\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"SHOW_LAST\", \"characters\": 0}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"NULLIFY\", \"value\": \"x\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": {\"function\": \"BUCKET\", \"width\": \"2\"}}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"mask\": \"NULLIFY\"}]}",
            "{\"row_filters\": [], \"column_masks\": [{\"table\": 0, \"column\": 0, \"expression\": \"NULL\"},"
                + " {\"table\": 0, \"column\": 0, \"expression\": \"''\"}]}");
    for (String answer : malformed) {
      assertThatThrownBy(() -> read(answer))
          .as(answer)
          .isInstanceOf(OpaException.class)
          .hasMessageStartingWith("OPA answered malformed JSON (");
    }
  }

  private static List<Restrictions> read(String result) throws Exception {
    return OpaDocuments.restrictions(OpaDocuments.JSON.readTree(result), TABLES);
  }
}
