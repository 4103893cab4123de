package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit trail as evidence, in the packaged server with a real Trino ({@link SharedTrino}): one
 * scenario with known answers (a catalog role granted to two groups, a tag created and changed, a
 * refused load, a failed sign-in, and alice and bob reading a table whose {@code pii.*} column is
 * masked for alice and raw for bob), then each report's rows for it, the tag and query id filters,
 * and the exports. Everything of the scenario carries this run's suffix, so that events of other
 * tests on the same server do not change the answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ITAuditReports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String SCHEMA = "rep_" + SUFFIX;
  private static final String CATALOG = "lakehouse";
  private static final String TABLE = CATALOG + "." + SCHEMA + ".customers";
  private static final String TAG = "pii.rep_" + SUFFIX;
  private static final String ROLE = "rep_readers_" + SUFFIX;
  private static final String MANAGEMENT = "/api/management/v1";

  private TrinoServer trino;
  private Instant since;
  private String deniedPrincipal;
  private String failedSignInRequest;
  private JsonNode aliceRead;
  private JsonNode bobRead;

  @BeforeAll
  void setUp() throws Exception {
    since = Instant.now().minusSeconds(1);
    trino = SharedTrino.get();
    execute("floe-it", "CREATE SCHEMA iceberg." + SCHEMA);
    execute(
        "floe-it",
        "CREATE TABLE iceberg." + SCHEMA + ".customers AS SELECT * FROM (VALUES (1, 'ann@shop.eu', 'EU'), (2, 'bo@shop.us', 'US'))"
            + " AS t(id, email, region)");
    // grants: one catalog role for alice's and bob's groups
    for (String group : List.of("gov_analysts", "gov_engineers")) {
      HttpResponse<String> role = call("POST", "/principal-roles", "{\"name\": \"" + group + "\"}");
      assertThat(role.statusCode()).as(role.body()).isIn(201, 409); // ITTrinoGovernance may have created it
    }
    expect(201, "POST", "/catalogs/" + CATALOG + "/catalog-roles", "{\"name\": \"" + ROLE + "\"}");
    for (String privilege : List.of("TABLE_READ_DATA", "TABLE_READ_PROPERTIES", "NAMESPACE_READ_PROPERTIES")) {
      expect(201, "POST", "/catalogs/" + CATALOG + "/catalog-roles/" + ROLE + "/grants",
          "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + SCHEMA + "\"]}}");
    }
    expect(201, "PUT", "/principal-roles/gov_analysts/catalog-roles/" + CATALOG + "/" + ROLE, null);
    expect(201, "PUT", "/principal-roles/gov_engineers/catalog-roles/" + CATALOG + "/" + ROLE, null);
    // policies: a tag, changed once, on the e-mail column, masked for analysts
    expect(201, "POST", "/tags", "{\"name\": \"" + TAG + "\", \"description\": \"e-mail\"}");
    expect(200, "PUT", "/tags/" + TAG, "{\"name\": \"" + TAG + "\", \"description\": \"e-mail address\"}");
    expect(201, "POST", "/catalogs/" + CATALOG + "/tag-assignments",
        "{\"tag\": \"" + TAG + "\", \"namespace\": [\"" + SCHEMA + "\"], \"table\": \"customers\", \"column\": \"email\"}");
    expect(201, "POST", "/catalogs/" + CATALOG + "/column-masks",
        "{\"target\": {\"tag\": \"" + TAG + "\"}, \"mask\": {\"function\": \"redact\", \"value\": \"hidden\"},"
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
    // refused: a principal without roles loads the table; a sign-in with a wrong secret
    deniedPrincipal = "rep_denied_" + SUFFIX;
    HttpResponse<String> created = call("POST", "/principals", "{\"name\": \"" + deniedPrincipal + "\"}");
    JsonNode credentials = ManagementAnswers.json(created, 201).path("credentials");
    String token = RestCalls.token(credentials.path("client-id").asText(), credentials.path("client-secret").asText());
    HttpResponse<String> load = RestCalls.toServer("GET", "/api/catalog/v1/" + CATALOG + "/namespaces/" + SCHEMA + "/tables/customers", null, token);
    assertThat(load.statusCode()).as(load.body()).isEqualTo(404);
    HttpResponse<String> signIn = RestCalls.tokenResponse("rep_nobody_" + SUFFIX, "wrong-secret-0123456789");
    assertThat(signIn.statusCode()).isEqualTo(401);
    failedSignInRequest = signIn.headers().firstValue("X-Request-Id").orElseThrow();
    // reads: alice sees the e-mail masked, bob raw
    assertThat(query("alice", "SELECT id, email FROM " + SharedTrino.GOVERNED_CATALOG + "." + SCHEMA + ".customers ORDER BY id"))
        .containsExactly(List.of("1", "hidden"), List.of("2", "hidden"));
    assertThat(query("bob", "SELECT id, email, region FROM " + SharedTrino.GOVERNED_CATALOG + "." + SCHEMA + ".customers ORDER BY id"))
        .containsExactly(List.of("1", "ann@shop.eu", "EU"), List.of("2", "bo@shop.us", "US"));
    aliceRead = awaitRead("alice");
    bobRead = awaitRead("bob");
  }

  @Test
  void dataAccessEventsCarryTheTagsOfTheReadColumns() {
    assertThat(aliceRead.path("details").path("column-tags").asText()).isEqualTo("{\"email\":[\"" + TAG + "\"]}");
    assertThat(aliceRead.path("details").path("tags").asText()).isEqualTo(TAG);
    assertThat(bobRead.path("details").path("column-tags").asText()).isEqualTo("{\"email\":[\"" + TAG + "\"]}");
  }

  @Test
  void piiAccessNamesEachReadOfATaggedColumnMaskedOrRaw() throws Exception {
    List<Map<String, String>> rows = rows("pii-access", row -> row.get("table").equals(TABLE));
    String aliceMask = JSON.readTree(aliceRead.path("details").path("masks").asText()).get(0).path("expression").asText();
    assertThat(aliceMask).contains("hidden");
    assertThat(rows)
        .containsExactly(
            piiRow(aliceRead, "alice", "gov_analysts", "MASKED", aliceMask),
            piiRow(bobRead, "bob", "gov_engineers", "RAW", ""));
  }

  @Test
  void grantChangesListTheRoleItsGrantsAndAssignments() {
    List<Map<String, String>> rows = rows("grant-changes", row -> row.get("details").contains(ROLE) || row.get("resource").contains(ROLE));
    assertThat(rows.stream().map(row -> row.get("operation") + " " + row.get("decision")).toList())
        .containsExactly(
            "CREATE_CATALOG_ROLE SUCCESS",
            "GRANT SUCCESS",
            "GRANT SUCCESS",
            "GRANT SUCCESS",
            "ASSIGN_CATALOG_ROLE SUCCESS",
            "ASSIGN_CATALOG_ROLE SUCCESS");
    assertThat(rows).allSatisfy(row -> assertThat(row.get("principal")).isEqualTo("root"));
    assertThat(rows("grant-changes", row -> row.get("details").contains(deniedPrincipal)).stream().map(row -> row.get("operation")))
        .containsExactly("CREATE_PRINCIPAL");
  }

  @Test
  void deniedListsTheRefusedLoadAndTheFailedSignIn() {
    List<Map<String, String>> refused = rows("denied", row -> deniedPrincipal.equals(row.get("principal")));
    assertThat(refused).hasSize(1);
    assertThat(refused.getFirst())
        .containsEntry("kind", "AUTHORIZATION")
        .containsEntry("operation", "LOAD_TABLE")
        .containsEntry("resource", "table:" + TABLE);
    assertThat(refused.getFirst().get("decision")).isEqualTo("NOT_FOUND");
    List<Map<String, String>> signIns = rows("denied", row -> failedSignInRequest.equals(row.get("request-id")));
    assertThat(signIns).singleElement().satisfies(row -> {
      assertThat(row).containsEntry("kind", "AUTHENTICATION").containsEntry("decision", "FAILURE").containsEntry("operation", "AUTHENTICATE");
    });
  }

  @Test
  void policyChangesShowTheTagBeforeAndAfter() throws Exception {
    List<Map<String, String>> rows =
        rows("policy-changes", row -> (row.get("before") + row.get("after")).contains(TAG));
    assertThat(rows.stream().map(row -> row.get("operation")).toList())
        .containsExactly("CREATE_TAG", "UPDATE_TAG", "ASSIGN_TAG", "CREATE_COLUMN_MASK");
    assertThat(rows.get(0).get("before")).isEmpty();
    assertThat(JSON.readTree(rows.get(0).get("after")).path("description").asText()).isEqualTo("e-mail");
    assertThat(JSON.readTree(rows.get(1).get("before")).path("description").asText()).isEqualTo("e-mail");
    assertThat(JSON.readTree(rows.get(1).get("after")).path("description").asText()).isEqualTo("e-mail address");
  }

  @Test
  void reportsInCsvHaveTheSameRows() throws Exception {
    HttpResponse<String> csv = call("GET", "/audit/reports/pii-access?format=csv&since=" + since, null);
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    List<List<String>> records = Rfc4180.parse(csv.body());
    assertThat(records.getFirst())
        .containsExactly("time", "user", "groups", "engine", "reported-by", "query-id", "table", "column", "tags", "access", "mask");
    List<Map<String, String>> json = rows("pii-access", row -> row.get("table").equals(TABLE));
    List<List<String>> ours = records.stream().filter(record -> record.get(6).equals(TABLE)).toList();
    assertThat(ours).containsExactlyElementsOf(json.stream().map(row -> List.copyOf(row.values())).toList());
  }

  @Test
  void tagAndQueryIdFiltersFindTheReads() throws Exception {
    assertThat(eventIds("tag=" + TAG)).containsExactly(bobRead.path("id").asText(), aliceRead.path("id").asText());
    String aliceQuery = aliceRead.path("details").path("query-id").asText();
    assertThat(eventIds("queryId=" + aliceQuery)).containsExactly(aliceRead.path("id").asText());
    assertThat(eventIds("tag=pii")).doesNotContain(aliceRead.path("id").asText());
  }

  @Test
  void exportsHoldExactlyTheMatchingEventsOldestFirst() throws Exception {
    HttpResponse<String> jsonl = call("GET", "/audit/export?format=jsonl&tag=" + TAG, null);
    assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : jsonl.body().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).containsExactly(aliceRead, bobRead);

    HttpResponse<String> csv = call("GET", "/audit/export?format=csv&tag=" + TAG, null);
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    List<List<String>> records = Rfc4180.parse(csv.body());
    assertThat(records.getFirst())
        .containsExactly("id", "sequence", "time", "kind", "principal", "operation", "resource", "decision", "reason", "request-id",
            "client-address", "details");
    assertThat(records.subList(1, records.size())).hasSize(2);
    assertThat(records.get(1).get(0)).isEqualTo(aliceRead.path("id").asText());
    assertThat(records.get(2).get(0)).isEqualTo(bobRead.path("id").asText());
    assertThat(records.get(1).get(4)).isEqualTo("alice");
    assertThat(JSON.readTree(records.get(1).get(11))).isEqualTo(aliceRead.path("details"));
  }

  @Test
  void badInputIsA4xxNamingIt() {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/reports/denied?colour=red", null), 400)).contains("colour");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/reports/denied?since=yesterday", null), 400)).contains("since", "yesterday");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/reports/denied?format=xml", null), 400)).contains("format", "xml");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/reports/everything", null), 404)).contains("everything", "pii-access");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/export", null), 400)).contains("format");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/export?format=xml", null), 400)).contains("format", "xml");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/export?format=csv&pageSize=10", null), 400)).contains("pageSize");
    soft.assertThat(ManagementAnswers.error(call("GET", "/audit/events?tag=a,b", null), 400)).contains("tag");
    soft.assertThat(call("GET", "/audit/reports/denied", null, null).statusCode()).isEqualTo(401);
    soft.assertThat(call("GET", "/audit/export?format=csv", null, null).statusCode()).isEqualTo(401);
    soft.assertAll();
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, String> piiRow(JsonNode event, String user, String groups, String access, String mask) {
    JsonNode details = event.path("details");
    Map<String, String> row = new java.util.LinkedHashMap<>();
    row.put("time", event.path("time").asText());
    row.put("user", user);
    row.put("groups", groups);
    row.put("engine", details.path("engine").asText());
    row.put("reported-by", SharedTrino.ENGINE_PRINCIPAL);
    row.put("query-id", details.path("query-id").asText());
    row.put("table", TABLE);
    row.put("column", "email");
    row.put("tags", TAG);
    row.put("access", access);
    row.put("mask", mask);
    return row;
  }

  /** The rows of a report since this test's start that {@code ours} accepts, in order. */
  private List<Map<String, String>> rows(String report, Predicate<Map<String, String>> ours) {
    String until = Instant.now().plus(1, ChronoUnit.MINUTES).toString();
    JsonNode body = ManagementAnswers.json(call("GET", "/audit/reports/" + report + "?since=" + since + "&until=" + until, null), 200);
    assertThat(body.path("report").asText()).isEqualTo(report);
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode row : body.path("rows")) {
      Map<String, String> values = new java.util.LinkedHashMap<>();
      body.path("columns").forEach(column -> values.put(column.asText(), row.path(column.asText()).isNull() ? null : row.path(column.asText()).asText()));
      if (ours.test(values)) {
        rows.add(values);
      }
    }
    return rows;
  }

  private static List<String> eventIds(String filter) {
    JsonNode body = ManagementAnswers.json(call("GET", "/audit/events?" + filter, null), 200);
    List<String> ids = new ArrayList<>();
    body.path("events").forEach(event -> ids.add(event.path("id").asText()));
    return ids;
  }

  private JsonNode awaitRead(String user) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String query = "kind=DATA_ACCESS&principal=" + user + "&resource=" + URLEncoder.encode("table:" + TABLE, StandardCharsets.UTF_8);
    while (true) {
      JsonNode events = ManagementAnswers.json(call("GET", "/audit/events?" + query, null), 200).path("events");
      if (!events.isEmpty()) {
        assertThat(events).as("one read by " + user).hasSize(1);
        return events.get(0);
      }
      assertThat(System.nanoTime()).as(user + "'s access report in the audit trail").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static HttpResponse<String> call(String method, String path, String body) {
    return call(method, path, body, RestCalls.rootToken());
  }

  private static HttpResponse<String> call(String method, String path, String body, String token) {
    return RestCalls.toServer(method, MANAGEMENT + path, body, token);
  }

  private static void expect(int status, String method, String path, String body) {
    HttpResponse<String> response = call(method, path, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
  }

  private Connection connect(String user) throws SQLException {
    return TrinoSql.connect(trino.jdbcUrl(), user);
  }

  private void execute(String user, String sql) throws SQLException {
    TrinoSql.execute(trino.jdbcUrl(), user, sql);
  }

  private List<List<String>> query(String user, String sql) throws SQLException {
    return TrinoSql.query(trino.jdbcUrl(), user, sql);
  }

  /** A reader of RFC 4180 text (quoted fields with doubled quotes, CRLF between records). */
  static final class Rfc4180 {
    private Rfc4180() {}

    static List<List<String>> parse(String text) {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
          i++;
        } else {
          field.append(c);
        }
      }
      assertThat(field.length() == 0 && record.isEmpty()).as("the text ends with CRLF").isTrue();
      return records;
    }
  }
}
