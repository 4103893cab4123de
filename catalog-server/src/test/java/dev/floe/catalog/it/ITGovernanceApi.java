package dev.floe.catalog.it;

import static dev.floe.catalog.it.ManagementAnswers.json;
import static dev.floe.catalog.it.ManagementAnswers.error;
import static dev.floe.catalog.it.ManagementAnswers.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The governance part of the management API on the packaged server over its real PostgreSQL: tag
 * definitions, tag assignments, row filters and column masks, their versions and audit records,
 * their 400s, who may manage them, and how they follow renames and drops of columns and tables.
 */
class ITGovernanceApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/management/v1";
  private static final String CATALOG = "lakehouse";
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[^a-z0-9]", "x");
  private static final String NAMESPACE = "gov_" + SUFFIX;
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "region", Types.StringType.get()),
          Types.NestedField.optional(3, "email", Types.StringType.get()),
          Types.NestedField.optional(4, "born", Types.DateType.get()));

  private static RESTCatalog iceberg;

  @BeforeAll
  static void createNamespace() {
    iceberg = IcebergClients.catalog(FloeTestServer.catalogUri());
    iceberg.createNamespace(Namespace.of(NAMESPACE));
    json(root("POST", "/principal-roles", "{\"name\": \"gov_analysts_" + SUFFIX + "\"}"), 201);
  }

  @AfterAll
  static void closeCatalog() throws IOException {
    iceberg.close();
  }

  // ---------------------------------------------------------------- tags

  @Test
  void tagDefinitionsCanBeCreatedChangedAndDroppedByServiceAdministrators() throws Exception {
    JsonNode tags = json(root("GET", "/tags", null), 200);
    assertThat(names(tags.get("tags"), "name")).contains("pii", "pii.email", "pii.date_of_birth");
    String parent = "itgov" + SUFFIX;
    String child = parent + ".secret";
    assertThat(error(root("POST", "/tags", "{\"name\": \"" + child + "\"}"), 400)).contains("parent tag '" + parent + "'");
    JsonNode created = json(root("POST", "/tags", "{\"name\": \"" + parent + "\", \"description\": \"Internal\"}"), 201);
    assertThat(created.get("version").asLong()).isEqualTo(1);
    assertThat(created.get("governance-version").asLong()).isPositive();
    assertThat(created.get("created-by").asText()).isEqualTo("root");
    json(root("POST", "/tags", "{\"name\": \"" + child + "\"}"), 201);
    assertThat(root("POST", "/tags", "{\"name\": \"" + parent + "\"}").statusCode()).isEqualTo(409);
    assertThat(error(root("POST", "/tags", "{\"name\": \"Bad Name\"}"), 400)).contains("Invalid tag name 'Bad Name'");
    assertThat(error(root("POST", "/tags", "{\"name\": \"x" + SUFFIX + "\", \"applier-roles\": [\"no_such_role\"]}"), 400))
        .contains("principal role 'no_such_role' does not exist");

    JsonNode updated =
        json(root("PUT", "/tags/" + parent, "{\"description\": \"Internal only\", \"applier-roles\": [\"service_admin\"]}"), 200);
    assertThat(updated.get("version").asLong()).isEqualTo(2);
    assertThat(updated.get("governance-version").asLong()).isGreaterThan(created.get("governance-version").asLong());
    assertThat(names(updated.get("applier-roles"), null)).containsExactly("service_admin");
    assertThat(json(root("GET", "/tags/" + parent, null), 200).get("description").asText()).isEqualTo("Internal only");
    JsonNode audit = awaitEvent("operation=UPDATE_TAG", event -> event.path("details").path("before").asText().contains(parent));
    assertThat(audit.path("details").path("before").asText()).contains("\"version\":1").contains("\"Internal\"");
    assertThat(audit.path("details").path("after").asText()).contains("\"version\":2").contains("Internal only");

    // in use: 409 unless forced; with child tags: 409
    String table = createTable("tagged");
    json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment(child, table, null)), 201);
    assertThat(error(root("DELETE", "/tags/" + child, null), 409)).contains("force=true");
    assertThat(error(root("DELETE", "/tags/" + parent, null), 409)).contains("child tags");
    assertThat(root("DELETE", "/tags/" + child + "?force=true", null).statusCode()).isEqualTo(204);
    assertThat(root("DELETE", "/tags/" + parent, null).statusCode()).isEqualTo(204);
    assertThat(root("GET", "/tags/" + parent, null).statusCode()).isEqualTo(404);
    assertThat(list("/tag-assignments?tag=" + parent + ".*", "assignments")).isEmpty();
    assertThat(list("/tag-assignments?tag=" + parent, "assignments")).isEmpty();

    // only service administrators define tags; everyone may read them
    String token = AccessSetup.principalWithGrants("gov_tagger_" + SUFFIX, CATALOG, List.of(NAMESPACE), "TABLE_WRITE_PROPERTIES");
    assertThat(call("POST", "/tags", "{\"name\": \"y" + SUFFIX + "\"}", token).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/tags", null, token).statusCode()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- assignments

  @Test
  void aColumnTagFollowsItsColumnThroughARenameAndLeavesWithIt() throws Exception {
    String table = createTable("customers");
    JsonNode assigned = json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii.email", table, "EMAIL")), 201);
    assertThat(assigned.get("column").asText()).isEqualTo("email");
    assertThat(assigned.get("field-id").asInt()).isEqualTo(3);
    assertThat(assigned.get("assigned-by").asText()).isEqualTo("root");
    assertThat(assigned.get("version").asLong()).isEqualTo(1);
    json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", table, null)), 201);
    assertThat(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", table, null)).statusCode()).isEqualTo(409);

    Predicate<JsonNode> onThisTable = node -> node.path("table").asText().equals(table);
    assertThat(list("/tag-assignments?tag=pii.*", "assignments").stream().filter(onThisTable).map(node -> node.get("column").asText()))
        .containsExactly("email");
    assertThat(list("/tag-assignments?tag=pii", "assignments").stream().filter(onThisTable)).hasSize(1);

    Table loaded = iceberg.loadTable(TableIdentifier.of(NAMESPACE, table));
    loaded.updateSchema().renameColumn("email", "mail").commit();
    List<JsonNode> afterRename = list("/tag-assignments?tag=pii.email&namespace=" + NAMESPACE + "&table=" + table, "assignments");
    assertThat(afterRename).singleElement().satisfies(node -> {
      assertThat(node.get("column").asText()).isEqualTo("mail");
      assertThat(node.get("field-id").asInt()).isEqualTo(3);
    });

    loaded.refresh();
    loaded.updateSchema().deleteColumn("mail").commit();
    assertThat(list("/tag-assignments?tag=pii.email&namespace=" + NAMESPACE + "&table=" + table, "assignments")).isEmpty();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(error(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", table, "nope")), 400)).contains("Unknown column 'nope'");
    softly.assertThat(error(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("no.such_tag", table, null)), 400)).contains("Unknown tag 'no.such_tag'");
    softly.assertThat(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", "missing_" + SUFFIX, null)).statusCode()).isEqualTo(404);
    softly.assertThat(root("POST", "/catalogs/no_such_catalog/tag-assignments", assignment("pii", table, null)).statusCode()).isEqualTo(404);
    long id = assigned.get("id").asLong();
    softly.assertThat(root("DELETE", "/catalogs/" + CATALOG + "/tag-assignments/" + id, null).statusCode()).isEqualTo(204);
    softly.assertThat(root("DELETE", "/catalogs/" + CATALOG + "/tag-assignments/" + id, null).statusCode()).isEqualTo(404);
    softly.assertAll();
  }

  @Test
  void theFloeTagsPropertyNoLongerTagsATable() throws Exception {
    String table = "proptags_" + SUFFIX;
    iceberg.buildTable(TableIdentifier.of(NAMESPACE, table), SCHEMA).withProperty("floe.tags", "pii").create();
    assertThat(list("/tag-assignments?namespace=" + NAMESPACE + "&table=" + table, "assignments")).isEmpty();
  }

  // ---------------------------------------------------------------- row filters

  @Test
  void rowFiltersAreValidatedVersionedAuditedAndRenderedWithCurrentNames() throws Exception {
    String table = createTable("orders");
    String path = "/catalogs/" + CATALOG + "/row-filters";
    JsonNode created = json(root("POST", path, filter(table, "region = 'EU' AND id > 0", everyone())), 201);
    long id = created.get("id").asLong();
    assertThat(created.get("version").asLong()).isEqualTo(1);
    assertThat(created.get("expression").asText()).isEqualTo("\"region\" = 'EU' AND \"id\" > 0");
    assertThat(created.get("audience").get(0).get("kind").asText()).isEqualTo("everyone");

    Table loaded = iceberg.loadTable(TableIdentifier.of(NAMESPACE, table));
    loaded.updateSchema().renameColumn("region", "area").commit();
    assertThat(json(root("GET", path + "/" + id, null), 200).get("expression").asText()).isEqualTo("\"area\" = 'EU' AND \"id\" > 0");

    String audience = "[{\"kind\": \"principal-role\", \"name\": \"gov_analysts_" + SUFFIX + "\"}, {\"kind\": \"group\", \"name\": \"auditors\", \"exempt\": true}]";
    JsonNode updated = json(root("PUT", path + "/" + id, "{\"expression\": \"area <> 'US'\", \"audience\": " + audience + "}"), 200);
    assertThat(updated.get("version").asLong()).isEqualTo(2);
    assertThat(updated.get("expression").asText()).isEqualTo("\"area\" <> 'US'");
    assertThat(updated.get("governance-version").asLong()).isGreaterThan(created.get("governance-version").asLong());
    JsonNode audit = awaitEvent("operation=UPDATE_ROW_FILTER", event -> event.path("details").path("after").asText().contains("\"id\":" + id + ","));
    assertThat(audit.path("details").path("before").asText()).contains("\"version\":1").contains("$field:2");
    assertThat(audit.path("details").path("after").asText()).contains("\"version\":2").contains("PRINCIPAL_ROLE");
    assertThat(audit.path("resource").asText()).isEqualTo("table:" + CATALOG + "." + NAMESPACE + "." + table);
    assertThat(list("/row-filters?namespace=" + NAMESPACE + "&table=" + table, "row-filters")).hasSize(1);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(error(root("POST", path, filter(table, "area = 'EU' AND", everyone())), 400)).contains("line 1:");
    softly.assertThat(error(root("POST", path, filter(table, "region = 'EU'", everyone())), 400)).containsIgnoringCase("region");
    softly.assertThat(error(root("POST", path, filter(table, "id + 1", everyone())), 400)).containsIgnoringCase("boolean");
    softly.assertThat(error(root("POST", path, filter(table, "id > 0", "[{\"kind\": \"principal-role\", \"name\": \"nobody_" + SUFFIX + "\"}]")), 400))
        .contains("principal role 'nobody_" + SUFFIX + "' does not exist");
    softly.assertThat(error(root("POST", path, filter(table, "id > 0", "[{\"kind\": \"principal\", \"name\": \"ghost\"}]")), 400)).contains("principal 'ghost'");
    softly.assertThat(error(root("POST", path, filter(table, "id > 0", "[{\"kind\": \"team\", \"name\": \"x\"}]")), 400)).contains("Unknown audience kind");
    softly.assertThat(error(root("POST", path, filter(table, "id > 0", "[{\"kind\": \"group\", \"name\": \"x\", \"exempt\": true}]")), 400)).contains("'applies to'");
    softly.assertThat(error(root("POST", path, "{\"namespace\": [\"" + NAMESPACE + "\"], \"table\": \"" + table + "\", \"expression\": \"id > 0\", \"audience\": [], \"extra\": 1}"), 400)).isNotEmpty();
    softly.assertThat(root("POST", path, filter("missing_" + SUFFIX, "id > 0", everyone())).statusCode()).isEqualTo(404);
    softly.assertThat(root("GET", path + "/999999999", null).statusCode()).isEqualTo(404);
    softly.assertAll();

    assertThat(root("DELETE", path + "/" + id, null).statusCode()).isEqualTo(204);
    assertThat(root("GET", path + "/" + id, null).statusCode()).isEqualTo(404);
    JsonNode dropped = awaitEvent("operation=DROP_ROW_FILTER", event -> event.path("details").path("before").asText().contains("\"id\":" + id + ","));
    assertThat(dropped.path("decision").asText()).isEqualTo("SUCCESS");
  }

  // ---------------------------------------------------------------- column masks

  @Test
  void columnMasksAreCheckedAgainstTheColumnsType() throws Exception {
    String table = createTable("people");
    String path = "/catalogs/" + CATALOG + "/column-masks";
    JsonNode created = json(root("POST", path, mask(columnTarget(table, "email"), "{\"function\": \"show_last\", \"characters\": 4}", everyone())), 201);
    long id = created.get("id").asLong();
    assertThat(created.get("target").get("field-id").asInt()).isEqualTo(3);
    assertThat(created.get("mask").get("function").asText()).isEqualTo("show_last");
    assertThat(created.get("version").asLong()).isEqualTo(1);

    JsonNode replaced = json(root("PUT", path + "/" + id, mask(columnTarget(table, "email"), "{\"function\": \"email_domain\"}", everyone())), 200);
    assertThat(replaced.get("version").asLong()).isEqualTo(2);
    assertThat(replaced.get("mask").get("function").asText()).isEqualTo("email_domain");

    JsonNode custom = json(root("POST", path, mask(columnTarget(table, "region"), "{\"function\": \"custom\", \"expression\": \"substr(region, 1, 1)\"}", everyone())), 201);
    assertThat(custom.get("mask").get("expression").asText()).isEqualTo("substr(\"region\", 1, 1)");
    JsonNode onTag = json(root("POST", path, mask("{\"tag\": \"pii.date_of_birth\"}", "{\"function\": \"year_only\"}", everyone())), 201);
    assertThat(onTag.get("target").get("tag").asText()).isEqualTo("pii.date_of_birth");

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(error(root("POST", path, mask(columnTarget(table, "id"), "{\"function\": \"email_domain\"}", everyone())), 400)).containsIgnoringCase("long");
    softly.assertThat(error(root("POST", path, mask(columnTarget(table, "nope"), "{\"function\": \"hash\"}", everyone())), 400)).contains("Unknown column 'nope'");
    softly.assertThat(error(root("POST", path, mask("{\"tag\": \"no.such_tag\"}", "{\"function\": \"hash\"}", everyone())), 400)).contains("Unknown tag");
    softly.assertThat(error(root("POST", path, mask("{\"tag\": \"pii\"}", "{\"function\": \"custom\", \"expression\": \"1\"}", everyone())), 400)).contains("not on a tag");
    softly.assertThat(error(root("POST", path, mask(columnTarget(table, "email"), "{\"function\": \"shuffle\"}", everyone())), 400)).contains("unknown function shuffle");
    softly.assertThat(error(root("POST", path, mask(columnTarget(table, "email"), "{\"function\": \"show_last\"}", everyone())), 400)).contains("needs characters");
    softly.assertThat(error(root("POST", path, mask(columnTarget(table, "email"), "{\"function\": \"custom\", \"expression\": \"substr(email,\"}", everyone())), 400)).contains("line 1:");
    softly.assertAll();

    assertThat(list("/column-masks?namespace=" + NAMESPACE + "&table=" + table, "column-masks")).hasSize(2);
    for (long mask : List.of(id, custom.get("id").asLong(), onTag.get("id").asLong())) {
      assertThat(root("DELETE", path + "/" + mask, null).statusCode()).isEqualTo(204);
    }
    assertThat(root("GET", path + "/" + id, null).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- privileges

  @Test
  void managingPoliciesNeedsCatalogManagePoliciesAndTheTagsApplierRoles() throws Exception {
    String table = createTable("guarded");
    String filters = "/catalogs/" + CATALOG + "/row-filters";
    String body = filter(table, "id > 0", everyone());
    // a table writer may change the table, not its policies
    String writer = AccessSetup.principalWithGrants("gov_writer_" + SUFFIX, CATALOG, List.of(NAMESPACE), "TABLE_WRITE_PROPERTIES");
    assertThat(call("POST", filters, body, writer).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", table, null), writer).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/catalogs/" + CATALOG + "/column-masks", null, writer).statusCode()).isEqualTo(403);

    String steward = "gov_steward_" + SUFFIX;
    String token = AccessSetup.principalWithGrants(steward, CATALOG, List.of(NAMESPACE), "TABLE_READ_PROPERTIES");
    assertThat(call("POST", filters, body, token).statusCode()).isEqualTo(403);
    HttpResponse<String> granted =
        root(
            "POST",
            "/catalogs/" + CATALOG + "/catalog-roles/" + steward + "/grants",
            "{\"privilege\": \"CATALOG_MANAGE_POLICIES\", \"securable\": {\"type\": \"catalog\"}}");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    assertThat(call("POST", filters, body, token).statusCode()).isEqualTo(201);
    assertThat(call("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii", table, null), token).statusCode()).isEqualTo(201);

    // a tag whose definition names applier roles needs one of them too
    String restricted = "restricted" + SUFFIX;
    json(root("POST", "/tags", "{\"name\": \"" + restricted + "\", \"applier-roles\": [\"gov_analysts_" + SUFFIX + "\"]}"), 201);
    assertThat(error(call("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment(restricted, table, null), token), 403))
        .contains("gov_analysts_" + SUFFIX);
    assertThat(root("PUT", "/principals/" + steward + "/principal-roles/gov_analysts_" + SUFFIX, null).statusCode()).isEqualTo(201);
    // a Floe token's principal roles are the current memberships
    assertThat(call("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment(restricted, table, null), token).statusCode()).isEqualTo(201);

    // nothing granted in the catalog: it does not exist for the caller
    JsonNode nobody = json(root("POST", "/principals", "{\"name\": \"gov_nobody_" + SUFFIX + "\"}"), 201);
    String nobodyToken =
        RestCalls.token(nobody.at("/credentials/client-id").asText(), nobody.at("/credentials/client-secret").asText());
    assertThat(call("GET", filters, null, nobodyToken).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- renames and drops

  @Test
  void aRenamedTableKeepsItsTagsAndFiltersAndADroppedOneLosesThem() throws Exception {
    String table = createTable("events");
    json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments", assignment("pii.email", table, "email")), 201);
    JsonNode filter = json(root("POST", "/catalogs/" + CATALOG + "/row-filters", filter(table, "region = 'EU'", everyone())), 201);
    JsonNode mask = json(root("POST", "/catalogs/" + CATALOG + "/column-masks", mask(columnTarget(table, "email"), "{\"function\": \"hash\"}", everyone())), 201);

    String renamed = table + "_v2";
    iceberg.renameTable(TableIdentifier.of(NAMESPACE, table), TableIdentifier.of(NAMESPACE, renamed));
    assertThat(list("/tag-assignments?namespace=" + NAMESPACE + "&table=" + renamed, "assignments")).singleElement()
        .satisfies(node -> assertThat(node.get("column").asText()).isEqualTo("email"));
    assertThat(json(root("GET", "/catalogs/" + CATALOG + "/row-filters/" + filter.get("id").asLong(), null), 200).get("table").asText()).isEqualTo(renamed);
    assertThat(json(root("GET", "/catalogs/" + CATALOG + "/column-masks/" + mask.get("id").asLong(), null), 200).get("target").get("table").asText())
        .isEqualTo(renamed);

    // a new table under the old name starts without them
    createTable("events");
    assertThat(list("/tag-assignments?namespace=" + NAMESPACE + "&table=" + table, "assignments")).isEmpty();

    iceberg.dropTable(TableIdentifier.of(NAMESPACE, renamed), false);
    assertThat(list("/tag-assignments?namespace=" + NAMESPACE + "&table=" + renamed, "assignments")).isEmpty();
    assertThat(root("GET", "/catalogs/" + CATALOG + "/row-filters/" + filter.get("id").asLong(), null).statusCode()).isEqualTo(404);
    assertThat(root("GET", "/catalogs/" + CATALOG + "/column-masks/" + mask.get("id").asLong(), null).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- helpers

  private static String createTable(String name) {
    String table = name + "_" + SUFFIX;
    iceberg.createTable(TableIdentifier.of(NAMESPACE, table), SCHEMA);
    return table;
  }

  private static String assignment(String tag, String table, String column) {
    return "{\"tag\": \"" + tag + "\", \"namespace\": [\"" + NAMESPACE + "\"], \"table\": \"" + table + "\""
        + (column == null ? "" : ", \"column\": \"" + column + "\"") + "}";
  }

  private static String filter(String table, String expression, String audience) {
    return "{\"namespace\": [\"" + NAMESPACE + "\"], \"table\": \"" + table + "\", \"expression\": " + quote(expression) + ", \"audience\": " + audience + "}";
  }

  private static String columnTarget(String table, String column) {
    return "{\"namespace\": [\"" + NAMESPACE + "\"], \"table\": \"" + table + "\", \"column\": \"" + column + "\"}";
  }

  private static String mask(String target, String mask, String audience) {
    return "{\"target\": " + target + ", \"mask\": " + mask + ", \"audience\": " + audience + "}";
  }

  private static String everyone() {
    return "[{\"kind\": \"everyone\"}]";
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> list(String pathInCatalog, String field) {
    JsonNode answer = json(root("GET", "/catalogs/" + CATALOG + pathInCatalog, null), 200);
    assertThat(answer.get("governance-version").asLong()).isPositive();
    List<JsonNode> items = new ArrayList<>();
    answer.get(field).forEach(items::add);
    return items;
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> names = new ArrayList<>();
    array.forEach(node -> names.add(field == null ? node.asText() : node.get(field).asText()));
    return names;
  }

  private static HttpResponse<String> root(String method, String path, String body) {
    return call(method, path, body, RestCalls.rootToken());
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) {
    return RestCalls.toServer(method, API + path, body, token);
  }



}
