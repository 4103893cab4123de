package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Floe's policies enforced by a real Trino 476 through Floe's plugin (the packaged zip, installed
 * in the run's Trino by {@link SharedTrino}): catalog {@value SharedTrino#GOVERNED_CATALOG} is
 * governed, users' groups come from Trino's group file ({@code alice}: {@code gov_analysts},
 * {@code bob}: {@code gov_engineers}, {@code carol}: {@code gov_contractors}), which Floe maps to
 * principal roles of the same names. Tables are set up as root through the ungoverned {@code
 * iceberg} catalog on the same Floe catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ITTrinoGovernance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String SCHEMA = "gov_" + SUFFIX;
  private static final String GOVERNED = SharedTrino.GOVERNED_CATALOG + "." + SCHEMA;
  private static final String ADMIN = "iceberg." + SCHEMA;
  private static final String CATALOG = "lakehouse";
  private static final String MANAGEMENT = "/api/management/v1";
  private static final Pattern EVALUATIONS = Pattern.compile("(?m)^floe_governance_evaluation_seconds_count(?:\\{[^}]*\\})? ([0-9.E+]+)$");

  private TrinoServer trino;

  @BeforeAll
  void setUp() throws Exception {
    trino = SharedTrino.get();
    execute("floe-it", "CREATE SCHEMA " + ADMIN);
    execute(
        "floe-it",
        "CREATE TABLE " + ADMIN + ".orders AS SELECT * FROM (VALUES"
            + " (1, 'ann@shop.eu', 'EU', 10.0), (2, 'bo@shop.us', 'US', 20.0), (3, 'cy@mail.eu', 'EU', 30.0))"
            + " AS t(id, email, region, amount)");
    execute("floe-it", "CREATE TABLE " + ADMIN + ".deletable AS SELECT * FROM " + ADMIN + ".orders");
    execute("floe-it", "CREATE TABLE " + ADMIN + ".updatable AS SELECT * FROM " + ADMIN + ".orders");
    // 250 columns, 50 of them tagged and masked
    String wide =
        IntStream.range(0, 250).mapToObj(i -> "'v" + i + "' AS c" + i).collect(Collectors.joining(", "));
    execute("floe-it", "CREATE TABLE " + ADMIN + ".wide AS SELECT " + wide);

    // who may read: analysts and engineers (engineers may also write); contractors nothing
    // the roles of SharedTrino's groups; ITAuditReports may have created some of them on this server
    for (String role : List.of("gov_analysts", "gov_engineers", "gov_contractors")) {
      HttpResponse<String> created = RestCalls.toServer("POST", MANAGEMENT + "/principal-roles", "{\"name\": \"" + role + "\"}", RestCalls.rootToken());
      assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
    }
    grantOnSchema(
        "gov_analysts", "TABLE_READ_DATA", "TABLE_READ_PROPERTIES", "NAMESPACE_READ_PROPERTIES", "TABLE_CREATE", "VIEW_CREATE",
        "VIEW_READ_PROPERTIES");
    grantOnSchema(
        "gov_engineers", "TABLE_READ_DATA", "TABLE_READ_PROPERTIES", "NAMESPACE_READ_PROPERTIES", "TABLE_WRITE_DATA",
        "VIEW_READ_PROPERTIES");
    grantOnTable("gov_analysts", "deletable", "TABLE_WRITE_DATA");
    grantOnTable("gov_analysts", "updatable", "TABLE_WRITE_DATA");

    // e-mail addresses are PII: analysts see the domain only, and EU rows only
    tagColumn("pii.email", "orders", "email");
    expect(201, "POST", "/catalogs/" + CATALOG + "/column-masks",
        "{\"target\": {\"tag\": \"pii.email\"}, \"mask\": {\"function\": \"email_domain\"},"
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
    for (String table : List.of("orders", "deletable", "updatable")) {
      expect(201, "POST", "/catalogs/" + CATALOG + "/row-filters",
          "{\"namespace\": [\"" + SCHEMA + "\"], \"table\": \"" + table + "\", \"expression\": \"region = 'EU'\","
              + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
    }
    for (int i = 0; i < 50; i++) {
      tagColumn("pii.phone", "wide", "c" + (i * 5));
    }
    expect(201, "POST", "/catalogs/" + CATALOG + "/column-masks",
        "{\"target\": {\"tag\": \"pii.phone\"}, \"mask\": {\"function\": \"show_last\", \"characters\": 1},"
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
    expect(201, "POST", "/catalogs/" + CATALOG + "/row-filters",
        "{\"namespace\": [\"" + SCHEMA + "\"], \"table\": \"wide\", \"expression\": \"c1 = 'v1'\","
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
    expect(201, "POST", "/catalogs/" + CATALOG + "/row-filters",
        "{\"namespace\": [\"" + SCHEMA + "\"], \"table\": \"wide\", \"expression\": \"c2 <> 'x'\","
            + " \"audience\": [{\"kind\": \"principal-role\", \"name\": \"gov_analysts\"}]}");
  }

  @Test
  void aliceSeesMaskedEmailsOfHerRegionBobRawDataCarolNothing() throws Exception {
    assertThat(query("alice", "SELECT id, email, region FROM " + GOVERNED + ".orders ORDER BY id"))
        .containsExactly(List.of("1", "*****@shop.eu", "EU"), List.of("3", "*****@mail.eu", "EU"));
    assertThat(query("bob", "SELECT id, email, region FROM " + GOVERNED + ".orders ORDER BY id"))
        .containsExactly(
            List.of("1", "ann@shop.eu", "EU"), List.of("2", "bo@shop.us", "US"), List.of("3", "cy@mail.eu", "EU"));
    assertThatThrownBy(() -> query("carol", "SELECT id FROM " + GOVERNED + ".orders"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Access Denied");
  }

  @Test
  void listingsHideWhatCarolMayNotSee() throws Exception {
    assertThat(query("alice", "SHOW SCHEMAS FROM " + SharedTrino.GOVERNED_CATALOG)).contains(List.of(SCHEMA));
    assertThat(query("carol", "SHOW SCHEMAS FROM " + SharedTrino.GOVERNED_CATALOG)).doesNotContain(List.of(SCHEMA));
    assertThat(query("alice", "SHOW TABLES FROM " + GOVERNED)).contains(List.of("orders"));
    assertThat(
            query("carol", "SELECT table_name FROM " + SharedTrino.GOVERNED_CATALOG + ".information_schema.tables"
                + " WHERE table_schema = '" + SCHEMA + "'"))
        .isEmpty();
    assertThat(
            query("alice", "SELECT column_name FROM " + SharedTrino.GOVERNED_CATALOG + ".information_schema.columns"
                + " WHERE table_schema = '" + SCHEMA + "' AND table_name = 'orders' ORDER BY ordinal_position"))
        .containsExactly(List.of("id"), List.of("email"), List.of("region"), List.of("amount"));
  }

  @Test
  void aCtasByAliceWritesMaskedFilteredRowsOnly() throws Exception {
    execute("alice", "CREATE TABLE " + GOVERNED + ".alice_copy AS SELECT * FROM " + GOVERNED + ".orders");
    assertThat(query("floe-it", "SELECT id, email FROM " + ADMIN + ".alice_copy ORDER BY id"))
        .containsExactly(List.of("1", "*****@shop.eu"), List.of("3", "*****@mail.eu"));
  }

  @Test
  void aDeleteByAliceTouchesOnlyTheRowsSheSees() throws Exception {
    execute("alice", "DELETE FROM " + GOVERNED + ".deletable WHERE amount > 0");
    assertThat(query("floe-it", "SELECT id, region FROM " + ADMIN + ".deletable ORDER BY id")).containsExactly(List.of("2", "US"));
    assertThatThrownBy(() -> execute("alice", "DELETE FROM " + GOVERNED + ".orders"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Access Denied");
  }

  @Test
  void anUpdateByAFilteredUserIsRefusedAndAnUnfilteredOneUpdates() throws Exception {
    // Trino 476 itself refuses UPDATE on a table with a row filter for the user: nothing changes
    assertThatThrownBy(() -> execute("alice", "UPDATE " + GOVERNED + ".updatable SET amount = 0"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Updating a table with a row filter is not supported");
    assertThat(query("floe-it", "SELECT id, amount FROM " + ADMIN + ".updatable ORDER BY id"))
        .containsExactly(List.of("1", "10.0"), List.of("2", "20.0"), List.of("3", "30.0"));
    grantOnTable("gov_engineers", "updatable", "TABLE_WRITE_DATA");
    execute("bob", "UPDATE " + GOVERNED + ".updatable SET amount = 0 WHERE region = 'US'");
    assertThat(query("floe-it", "SELECT id, amount FROM " + ADMIN + ".updatable ORDER BY id"))
        .containsExactly(List.of("1", "10.0"), List.of("2", "0.0"), List.of("3", "30.0"));
  }

  @Test
  void aViewOverAMaskedTableStaysMaskedForAlice() throws Exception {
    // an invoker's view: Trino checks and masks the tables as whoever reads the view
    execute("alice", "CREATE VIEW " + GOVERNED + ".eu_orders SECURITY INVOKER AS SELECT id, email FROM " + GOVERNED + ".orders");
    assertThat(query("alice", "SELECT id, email FROM " + GOVERNED + ".eu_orders ORDER BY id"))
        .containsExactly(List.of("1", "*****@shop.eu"), List.of("3", "*****@mail.eu"));
    // bob reads the same view as himself: raw, every region
    assertThat(query("bob", "SELECT id, email FROM " + GOVERNED + ".eu_orders ORDER BY id"))
        .containsExactly(List.of("1", "ann@shop.eu"), List.of("2", "bo@shop.us"), List.of("3", "cy@mail.eu"));
  }

  @Test
  void aMaskFollowsItsColumnThroughARenameAndReachesColumnsTaggedLater() throws Exception {
    execute("floe-it", "CREATE TABLE " + ADMIN + ".renamed AS SELECT * FROM " + ADMIN + ".orders");
    tagColumn("pii.email", "renamed", "email");
    execute("floe-it", "ALTER TABLE " + ADMIN + ".renamed RENAME COLUMN email TO contact");
    execute("floe-it", "ALTER TABLE " + ADMIN + ".renamed ADD COLUMN backup_email varchar");
    execute("floe-it", "UPDATE " + ADMIN + ".renamed SET backup_email = 'x@backup.org'");
    tagColumn("pii.email", "renamed", "backup_email");
    awaitAnswerExpiry();
    assertThat(query("alice", "SELECT id, contact, backup_email FROM " + GOVERNED + ".renamed ORDER BY id"))
        .containsExactly(
            List.of("1", "*****@shop.eu", "*****@backup.org"),
            List.of("2", "*****@shop.us", "*****@backup.org"),
            List.of("3", "*****@mail.eu", "*****@backup.org"));
  }

  @Test
  void aQueryOnA250ColumnTableMakesOneEvaluationCall() throws Exception {
    awaitAnswerExpiry();
    double before = evaluations();
    List<List<String>> rows = query("alice", "SELECT * FROM " + GOVERNED + ".wide");
    double after = evaluations();
    assertThat(after - before).as("evaluation calls for one query on a 250-column table").isEqualTo(1);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(0)).isEqualTo("*0"); // c0 tagged: last character only
    assertThat(rows.get(0).get(1)).isEqualTo("v1"); // c1 not tagged
    assertThat(rows.get(0).get(245)).isEqualTo("***5"); // c245 tagged: last character only
  }

  @Test
  void aliceReadsAreReportedToTheAuditTrailWithTheMaskedColumns() throws Exception {
    query("alice", "SELECT id, email FROM " + GOVERNED + ".orders");
    JsonNode event = awaitAccessEvent();
    assertThat(event.path("kind").asText()).isEqualTo("DATA_ACCESS");
    assertThat(event.path("principal").asText()).isEqualTo("alice");
    assertThat(event.path("details").path("masked-columns").asText()).isEqualTo("email");
    assertThat(event.path("details").path("raw-columns").asText()).contains("id").doesNotContain("email");
    assertThat(event.path("details").path("row-filters").asText()).contains("region");
    assertThat(event.path("details").path("reported-by").asText()).isEqualTo(SharedTrino.ENGINE_PRINCIPAL);
  }

  // ------------------------------------------------------------------ helpers

  private JsonNode awaitAccessEvent() throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String resource = "table:" + CATALOG + "." + SCHEMA + ".orders";
    while (true) {
      HttpResponse<String> response =
          RestCalls.toServer("GET", MANAGEMENT + "/audit/events?pageSize=100&kind=DATA_ACCESS&principal=alice", null, RestCalls.rootToken());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      for (JsonNode event : JSON.readTree(response.body()).path("events")) {
        if (event.path("resource").asText().equals(resource)
            && event.path("details").path("masked-columns").asText().equals("email")) {
          return event;
        }
      }
      assertThat(System.nanoTime()).as("alice's access report in the audit trail: " + response.body()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** Waits out the plugin's shared cache ({@code floe.cache.max-ttl=2s} in SharedTrino). */
  private static void awaitAnswerExpiry() throws InterruptedException {
    Thread.sleep(2_500);
  }

  private static double evaluations() {
    HttpResponse<String> metrics = RestCalls.getFromServer("/q/metrics");
    Matcher matcher = EVALUATIONS.matcher(metrics.body());
    assertThat(matcher.find()).as("floe_governance_evaluation_seconds_count in /q/metrics").isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private void grantOnSchema(String role, String... privileges) {
    String catalogRole = role + "_" + SUFFIX;
    expect(201, "POST", "/catalogs/" + CATALOG + "/catalog-roles", "{\"name\": \"" + catalogRole + "\"}");
    expect(201, "PUT", "/principal-roles/" + role + "/catalog-roles/" + CATALOG + "/" + catalogRole, null);
    for (String privilege : privileges) {
      expect(201, "POST", "/catalogs/" + CATALOG + "/catalog-roles/" + catalogRole + "/grants",
          "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"" + SCHEMA + "\"]}}");
    }
  }

  private void grantOnTable(String role, String table, String privilege) {
    expect(201, "POST", "/catalogs/" + CATALOG + "/catalog-roles/" + role + "_" + SUFFIX + "/grants",
        "{\"privilege\": \"" + privilege + "\", \"securable\": {\"type\": \"table\", \"namespace\": [\"" + SCHEMA + "\"], \"name\": \""
            + table + "\"}}");
  }

  private void tagColumn(String tag, String table, String column) {
    expect(201, "POST", "/catalogs/" + CATALOG + "/tag-assignments",
        "{\"tag\": \"" + tag + "\", \"namespace\": [\"" + SCHEMA + "\"], \"table\": \"" + table + "\", \"column\": \"" + column + "\"}");
  }

  private static void expect(int status, String method, String path, String body) {
    HttpResponse<String> response = RestCalls.toServer(method, MANAGEMENT + path, body, RestCalls.rootToken());
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
}
