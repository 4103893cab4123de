package dev.floe.catalog.it;

import static dev.floe.catalog.it.ManagementAnswers.json;
import static dev.floe.catalog.it.ManagementAnswers.error;
import static dev.floe.catalog.it.ManagementAnswers.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema contracts on the packaged server: their management API (400s, versions, audit) and their
 * enforcement on commits of the Iceberg Java client, single-table, multi-table and replace
 * transactions, and raw REST commits: a violation is a 409 naming the rule, the column and how to
 * comply, it is audited, and the table stays as it was.
 */
class ITSchemaContracts {
  private static final String API = "/api/management/v1";
  private static final String CATALOG = "lakehouse";
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[^a-z0-9]", "x");
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "region", Types.StringType.get()),
          Types.NestedField.optional(3, "count", Types.IntegerType.get()));

  private static RESTCatalog iceberg;

  @BeforeAll
  static void openCatalog() {
    iceberg = IcebergClients.catalog(FloeTestServer.catalogUri());
  }

  @AfterAll
  static void closeCatalog() throws IOException {
    iceberg.close();
  }

  @Test
  void contractsAreManagedVersionedAndAudited() throws Exception {
    String namespace = namespace("api");
    String contracts = "/catalogs/" + CATALOG + "/schema-contracts";
    assertThat(error(root("POST", contracts, body(namespace, null, "{\"column-name-pattern\": \"[a-z\"}")), 400))
        .contains("column-name-pattern").contains("[a-z");
    assertThat(error(root("POST", contracts, body(namespace, null, "{\"no-drops\": true}")), 400)).contains("Unknown rule 'no-drops'");
    assertThat(error(root("POST", contracts, body(namespace, null, "{}")), 400)).contains("at least one rule");
    assertThat(error(root("POST", contracts, body(namespace, null, "{\"types-only-widen\": 1}")), 400)).contains("types-only-widen");
    assertThat(root("POST", contracts, body(namespace, "missing", "{\"types-only-widen\": true}")).statusCode()).isEqualTo(404);

    JsonNode created = json(root("POST", contracts, body(namespace, null, "{\"required-columns\": [\"id\"]}")), 201);
    long id = created.get("id").asLong();
    assertThat(created.get("version").asLong()).isEqualTo(1);
    assertThat(created.get("namespace").get(0).asText()).isEqualTo(namespace);
    assertThat(created.get("created-by").asText()).isEqualTo("root");
    assertThat(created.get("rules").get("required-columns").get(0).asText()).isEqualTo("id");

    JsonNode updated = json(root("PUT", contracts + "/" + id, "{\"rules\": {\"required-columns\": [\"id\"], \"types-only-widen\": true}}"), 200);
    assertThat(updated.get("version").asLong()).isEqualTo(2);
    assertThat(error(root("PUT", contracts + "/" + id, body(namespace, "elsewhere", "{\"types-only-widen\": true}")), 400)).contains("stays on namespace");
    assertThat(error(root("PUT", contracts + "/" + id, "{\"rules\": {\"types-only-widen\": \"yes\"}}"), 400)).contains("types-only-widen");
    assertThat(updated.get("rules").get("types-only-widen").asBoolean()).isTrue();
    assertThat(json(root("GET", contracts + "/" + id, null), 200).get("version").asLong()).isEqualTo(2);
    assertThat(json(root("GET", contracts, null), 200).get("schema-contracts").findValuesAsText("id")).contains(Long.toString(id));
    JsonNode audit = awaitEvent("operation=UPDATE_SCHEMA_CONTRACT", event -> event.path("details").path("before").asText().contains("\"id\":" + id + ","));
    assertThat(audit.path("details").path("before").asText()).contains("\"version\":1");
    assertThat(audit.path("details").path("after").asText()).contains("\"version\":2").contains("\"types-only-widen\":true");

    // only holders of CATALOG_MANAGE_POLICIES manage contracts
    String token = AccessSetup.principalWithGrants("contract_writer_" + SUFFIX, CATALOG, List.of(namespace), "TABLE_WRITE_PROPERTIES");
    assertThat(call("GET", contracts, null, token).statusCode()).isEqualTo(403);
    assertThat(call("POST", contracts, body(namespace, null, "{\"types-only-widen\": true}"), token).statusCode()).isEqualTo(403);

    assertThat(root("DELETE", contracts + "/" + id, null).statusCode()).isEqualTo(204);
    assertThat(root("GET", contracts + "/" + id, null).statusCode()).isEqualTo(404);
    awaitEvent("operation=DROP_SCHEMA_CONTRACT", event -> event.path("details").path("before").asText().contains("\"id\":" + id + ","));
  }

  @Test
  void aRequiredColumnCannotBeDroppedOrRenamedByAnyKindOfCommit() throws Exception {
    String namespace = namespace("required");
    TableIdentifier identifier = TableIdentifier.of(namespace, "orders");
    Table table = iceberg.createTable(identifier, SCHEMA);
    contract(namespace, null, "{\"required-columns\": [\"id\"]}");
    int metadataFiles = metadata(table).previousFiles().size();

    assertThatThrownBy(() -> iceberg.loadTable(identifier).updateSchema().deleteColumn("id").commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("required-columns")
        .hasMessageContaining("'id'")
        .hasMessageContaining("to comply");
    assertThatThrownBy(() -> iceberg.loadTable(identifier).updateSchema().renameColumn("id", "order_id").commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("renames a required column to 'order_id'");
    // a multi-table transaction, all or nothing
    Table other = iceberg.createTable(TableIdentifier.of(namespace, "other"), SCHEMA);
    Schema withoutId = iceberg.loadTable(identifier).updateSchema().deleteColumn("id").apply();
    TableMetadata base = metadata(iceberg.loadTable(identifier));
    TableMetadata dropped = TableMetadata.buildFrom(base).setCurrentSchema(withoutId, withoutId.highestFieldId()).build();
    TableMetadata otherBase = metadata(other);
    TableMetadata otherChanged = TableMetadata.buildFrom(otherBase).setProperties(Map.of("touched", "yes")).build();
    assertThatThrownBy(() -> iceberg.commitTransaction(TableCommit.create(TableIdentifier.of(namespace, "other"), otherBase, otherChanged), TableCommit.create(identifier, base, dropped)))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("required-columns");
    assertThat(iceberg.loadTable(TableIdentifier.of(namespace, "other")).properties()).doesNotContainKey("touched");
    assertThat(metadataFiles(other)).as("no metadata file of the refused transaction is left behind").isEqualTo(1);
    // a replace transaction (CREATE OR REPLACE TABLE) with a schema without the column
    Schema replacement = new Schema(Types.NestedField.optional(1, "region", Types.StringType.get()));
    assertThatThrownBy(() -> iceberg.buildTable(identifier, replacement).replaceTransaction().commitTransaction())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("required-columns");

    Table after = iceberg.loadTable(identifier);
    assertThat(after.schema().asStruct()).isEqualTo(table.schema().asStruct());
    assertThat(metadata(after).previousFiles()).hasSize(metadataFiles);
    // other columns still change freely
    after.updateSchema().deleteColumn("count").commit();
    assertThat(iceberg.loadTable(identifier).schema().findField("count")).isNull();

    // the refusal is audited with its message
    JsonNode event = awaitEvent("operation=UPDATE_TABLE&kind=MUTATION", candidate -> candidate.path("reason").asText().contains("renames a required column"));
    assertThat(event.path("decision").asText()).isEqualTo("FAILURE");
    assertThat(event.path("details").path("status").asText()).isEqualTo("409");
  }

  @Test
  void typesOnlyWiden() {
    String namespace = namespace("widen");
    TableIdentifier identifier = TableIdentifier.of(namespace, "facts");
    iceberg.createTable(identifier, SCHEMA);
    contract(namespace, "facts", "{\"types-only-widen\": true}");
    iceberg.loadTable(identifier).updateSchema().updateColumn("count", Types.LongType.get()).commit();

    // the Java client never narrows; a raw commit can try: count (field 3, now long) as a string
    String changed =
        "{\"requirements\":[],\"updates\":[{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\",\"schema-id\":7,\"fields\":["
            + "{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
            + "{\"id\":2,\"name\":\"region\",\"required\":false,\"type\":\"string\"},"
            + "{\"id\":3,\"name\":\"count\",\"required\":false,\"type\":\"string\"}]},\"last-column-id\":3},"
            + "{\"action\":\"set-current-schema\",\"schema-id\":-1}]}";
    HttpResponse<String> refused = RestCalls.post("/v1/" + CATALOG + "/namespaces/" + namespace + "/tables/facts", changed, Map.of());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(RestCalls.error(refused).message()).contains("types-only-widen").contains("'count'").contains("long into string");
    assertThat(RestCalls.error(refused).type()).isEqualTo("CommitFailedException");
    assertThat(iceberg.loadTable(identifier).schema().findField("count").type()).isEqualTo(Types.LongType.get());
  }

  @Test
  void newColumnNamesFollowThePattern() {
    String namespace = namespace("names");
    TableIdentifier identifier = TableIdentifier.of(namespace, "events");
    iceberg.createTable(identifier, SCHEMA);
    contract(namespace, null, "{\"column-name-pattern\": \"^[a-z_][a-z0-9_]*$\"}");
    assertThatThrownBy(() -> iceberg.loadTable(identifier).updateSchema().addColumn("EventTime", Types.TimestampType.withZone()).commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("column-name-pattern")
        .hasMessageContaining("'EventTime'");
    iceberg.loadTable(identifier).updateSchema().addColumn("event_time", Types.TimestampType.withZone()).commit();
    assertThat(iceberg.loadTable(identifier).schema().findField("event_time")).isNotNull();
  }

  @Test
  void aNewPiiLookingColumnNeedsATagOrANotPiiDeclaration() throws Exception {
    String namespace = namespace("pii");
    TableIdentifier identifier = TableIdentifier.of(namespace, "customers");
    iceberg.createTable(identifier, SCHEMA);
    long id = contract(namespace, null, "{\"pii-columns-tagged\": true}");
    assertThatThrownBy(() -> iceberg.loadTable(identifier).updateSchema().addColumn("customer_email", Types.StringType.get()).commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("pii-columns-tagged")
        .hasMessageContaining("'customer_email'")
        .hasMessageContaining("not-pii");
    assertThatThrownBy(
            () -> iceberg.loadTable(identifier).updateSchema().addColumn("contact", Types.StringType.get(), "The customer's phone number").commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("'contact'");
    iceberg.loadTable(identifier).updateSchema().addColumn("order_total", Types.DoubleType.get()).commit();

    // not personal data: declared in the contract
    json(root("PUT", "/catalogs/" + CATALOG + "/schema-contracts/" + id, "{\"rules\": {\"pii-columns-tagged\": true, \"not-pii\": [\"email_campaign_id\"]}}"), 200);
    iceberg.loadTable(identifier).updateSchema().addColumn("email_campaign_id", Types.LongType.get()).commit();

    // personal data: the table carries a pii tag, which its new columns inherit
    json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments",
        "{\"tag\": \"pii\", \"namespace\": [\"" + namespace + "\"], \"table\": \"customers\"}"), 201);
    awaitGovernance(() -> {
      iceberg.loadTable(identifier).updateSchema().addColumn("customer_email", Types.StringType.get()).commit();
    });
    // and a column tag can be made precise afterwards
    json(root("POST", "/catalogs/" + CATALOG + "/tag-assignments",
        "{\"tag\": \"pii.email\", \"namespace\": [\"" + namespace + "\"], \"table\": \"customers\", \"column\": \"customer_email\"}"), 201);
    assertThat(iceberg.loadTable(identifier).schema().findField("customer_email")).isNotNull();
  }

  @Test
  void aContractFollowsItsTableThroughARenameAndLeavesWithIt() {
    String namespace = namespace("moves");
    TableIdentifier identifier = TableIdentifier.of(namespace, "before");
    iceberg.createTable(identifier, SCHEMA);
    long id = contract(namespace, "before", "{\"required-columns\": [\"id\"]}");
    TableIdentifier renamed = TableIdentifier.of(namespace, "after");
    iceberg.renameTable(identifier, renamed);
    assertThat(json(root("GET", "/catalogs/" + CATALOG + "/schema-contracts/" + id, null), 200).get("table").asText()).isEqualTo("after");
    assertThatThrownBy(() -> iceberg.loadTable(renamed).updateSchema().deleteColumn("id").commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("required-columns");
    iceberg.dropTable(renamed);
    assertThat(root("GET", "/catalogs/" + CATALOG + "/schema-contracts/" + id, null).statusCode()).isEqualTo(404);
    // a new table of the old name starts without it
    iceberg.createTable(identifier, SCHEMA);
    iceberg.loadTable(identifier).updateSchema().deleteColumn("id").commit();
  }

  @Test
  void aNamespaceContractGovernsTheTablesOfItsChildNamespaces() {
    String parent = namespace("parent");
    Namespace child = Namespace.of(parent, "child");
    iceberg.createNamespace(child);
    TableIdentifier identifier = TableIdentifier.of(child, "deep");
    iceberg.createTable(identifier, SCHEMA);
    contract(parent, null, "{\"no-breaking-change\": true}");
    assertThatThrownBy(() -> iceberg.loadTable(identifier).updateSchema().renameColumn("region", "area").commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("no-breaking-change")
        .hasMessageContaining("'region'")
        .hasMessageContaining("on namespace " + CATALOG + "." + parent + ")");
    iceberg.loadTable(identifier).updateSchema().addColumn("area", Types.StringType.get()).commit();
    // a sibling namespace whose name starts alike is not a child
    Namespace sibling = Namespace.of(parent + "x");
    iceberg.createNamespace(sibling);
    TableIdentifier free = TableIdentifier.of(sibling, "free");
    iceberg.createTable(free, SCHEMA);
    iceberg.loadTable(free).updateSchema().renameColumn("region", "area").commit();
  }

  // ---------------------------------------------------------------- helpers

  /** Retries a commit that depends on a governance change this node may not have loaded yet. */
  private static void awaitGovernance(Runnable commit) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        commit.run();
        return;
      } catch (CommitFailedException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static String namespace(String name) {
    String namespace = "contracts_" + name + "_" + SUFFIX;
    iceberg.createNamespace(Namespace.of(namespace));
    return namespace;
  }

  private static long contract(String namespace, String table, String rules) {
    return json(root("POST", "/catalogs/" + CATALOG + "/schema-contracts", body(namespace, table, rules)), 201).get("id").asLong();
  }

  private static String body(String namespace, String table, String rules) {
    return "{\"namespace\": [\"" + namespace + "\"]" + (table == null ? "" : ", \"table\": \"" + table + "\"") + ", \"rules\": " + rules + "}";
  }

  /** The metadata files in a (local) table's metadata directory. */
  private static long metadataFiles(Table table) throws IOException {
    String location = table.location();
    java.nio.file.Path directory =
        (location.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(location)) : java.nio.file.Path.of(location)).resolve("metadata");
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(directory)) {
      return files.filter(path -> path.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }

  private static TableMetadata metadata(Table table) {
    return ((BaseTable) table).operations().current();
  }

  private static HttpResponse<String> root(String method, String path, String body) {
    return call(method, path, body, RestCalls.rootToken());
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) {
    return RestCalls.toServer(method, API + path, body, token);
  }



}
