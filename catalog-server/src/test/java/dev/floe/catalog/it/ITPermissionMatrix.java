package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.policy.opa.OpaServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.LoadCredentialsResponseParser;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Every operation × role through the REST API, once per authorizer: node A of the test database
 * runs the built-in RBAC, node B (a second Floe server on the same PostgreSQL) asks a real OPA
 * running Floe's Rego bundle. Both must give the expected answer in every cell: A allowed (2xx),
 * D denied (403), N not found (404, existence not revealed).
 *
 * <p>Callers: {@code root} (service administrator, catalog_admin), {@code writer} (principal role
 * {@code engineers}: writes in namespace {@code sales}), {@code reader} ({@code analysts}: reads in
 * {@code sales}) and {@code nobody} (no role). Namespace {@code hr} has grants for no one but
 * root. The grants are made through node A's management API; node B sees them through the
 * change notices between nodes.
 */
class ITPermissionMatrix {
  /** Where the catalogs this test creates keep their files: apart from every other catalog's. */
  private static final java.nio.file.Path CATALOG_ROOTS =
      java.nio.file.Path.of(System.getProperty("floe.it.work-dir", "target/it")).toAbsolutePath().resolve("matrix-catalogs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> CALLERS = List.of("root", "writer", "reader", "nobody");
  private static final String CATALOG = "lakehouse";
  private static final String TOP = "pm" + Long.toString(System.nanoTime() % 1_000_000, 36);

  private static OpaServer opa;
  private static ServerProcess opaNode;
  private static final Map<String, String> tokens = new HashMap<>();

  /** One question: what a caller gets for it on a node, with names unique per node and caller. */
  private record Check(String name, String expected, BiFunction<Call, String, Integer> request) {}

  /** What a check needs: the node's base URI and the caller's token. */
  record Call(String base, String token, String node, String caller) {
    String unique(String name) {
      return name + "_" + node + "_" + caller;
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    String root = FloeTestServer.rootToken();
    tokens.put("root", root);
    String management = FloeTestServer.baseUri() + "/api/management/v1";
    // principals and their principal roles
    for (String[] principal : new String[][] {{"writer", "engineers"}, {"reader", "analysts"}, {"nobody", null}}) {
      String name = principal[0] + "_" + TOP;
      JsonNode created = json(post(management + "/principals", root, "{\"name\":\"" + name + "\"}"), 201);
      String clientId = created.path("credentials").path("client-id").asText();
      String secret = created.path("credentials").path("client-secret").asText();
      if (principal[1] != null) {
        int role = post(management + "/principal-roles", root, "{\"name\":\"" + principal[1] + "\"}").statusCode();
        assertThat(role).as("create principal role " + principal[1]).isIn(201, 409);
        assertThat(put(management + "/principals/" + name + "/principal-roles/" + principal[1], root).statusCode()).isIn(200, 201);
      }
      tokens.put(principal[0], Tokens.clientCredentials(FloeTestServer.catalogUri(), clientId, secret));
    }
    // catalog roles and grants
    grantAll(management, root, "sales_writers", "engineers",
        List.of("NAMESPACE_CREATE", "NAMESPACE_LIST", "NAMESPACE_READ_PROPERTIES", "NAMESPACE_WRITE_PROPERTIES",
            "TABLE_CREATE", "TABLE_LIST", "TABLE_DROP", "TABLE_WRITE_DATA", "TABLE_WRITE_PROPERTIES",
            "VIEW_CREATE", "VIEW_LIST", "VIEW_DROP", "VIEW_WRITE_PROPERTIES"));
    grantAll(management, root, "sales_readers", "analysts",
        List.of("NAMESPACE_LIST", "NAMESPACE_READ_PROPERTIES", "TABLE_LIST", "TABLE_READ_DATA", "VIEW_LIST", "VIEW_READ_PROPERTIES"));

    // the objects, as root
    String base = FloeTestServer.catalogUri() + "/v1/" + CATALOG;
    for (String namespace : List.of(TOP, TOP + "\u001fsales", TOP + "\u001fhr")) {
      String levels = "[\"" + namespace.replace("\u001f", "\",\"") + "\"]";
      json(post(base + "/namespaces", root, "{\"namespace\":" + levels + "}"), 200);
    }
    createTable(base, root, "sales", "orders");
    createTable(base, root, "hr", "salaries");
    createView(base, root, "sales", "summary");
    for (String node : List.of("rbac", "opa")) {
      for (String caller : CALLERS) {
        // what each caller may try to rename or drop
        createTable(base, root, "sales", "drop_" + node + "_" + caller);
        createTable(base, root, "sales", "rename_" + node + "_" + caller);
        createTable(base, root, "sales", "move_" + node + "_" + caller);
        createView(base, root, "sales", "dropview_" + node + "_" + caller);
      }
    }

    // node B: the same database, OPA deciding
    opa = OpaServer.start();
    Map<String, String> environment = new LinkedHashMap<>(FloeTestServer.serverEnvironment());
    environment.put("FLOE_AUTHORIZATION_TYPE", "opa");
    environment.put("FLOE_AUTHORIZATION_OPA_URL", opa.uri().toString());
    environment.remove("FLOE_BOOTSTRAP_CREDENTIALS");
    opaNode = ServerProcess.start(ServerProcess.freePort(), FloeTestServer.workDir().resolve("floe-opa-node.log"), environment);
  }

  @AfterAll
  static void tearDown() {
    if (opaNode != null) {
      opaNode.close();
    }
    if (opa != null) {
      opa.close();
    }
  }

  @Test
  void everyOperationForEveryRoleOnBothAuthorizers() {
    Map<String, String> baseOf = Map.of("rbac", FloeTestServer.catalogUri(), "opa", opaNode.baseUri() + "/api/catalog");
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%-44s %-10s %-10s%n", "operation", "rbac", "opa"));
    for (Check check : checks()) {
      Map<String, String> seen = new LinkedHashMap<>();
      for (String node : List.of("rbac", "opa")) {
        StringBuilder letters = new StringBuilder();
        for (String caller : CALLERS) {
          int status = check.request().apply(new Call(baseOf.get(node), tokens.get(caller), node, caller), check.name());
          char letter = status >= 200 && status < 300 ? 'A' : status == 403 ? 'D' : status == 404 ? 'N' : '?';
          if (letter == '?') {
            mismatches.add(check.name() + " for " + caller + " on " + node + ": HTTP " + status);
          }
          letters.append(letter);
        }
        seen.put(node, letters.toString());
        if (!letters.toString().equals(check.expected())) {
          mismatches.add(check.name() + " on " + node + ": expected " + check.expected() + " got " + letters);
        }
      }
      table.append(String.format("%-44s %-10s %-10s%n", check.name(), seen.get("rbac"), seen.get("opa")));
    }
    System.out.println("ITPermissionMatrix (callers root, writer, reader, nobody):\n" + table);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aRevokeOnOneNodeTakesEffectOnTheOther() throws Exception {
    String management = FloeTestServer.baseUri() + "/api/management/v1";
    String root = tokens.get("root");
    String namespace = enc(TOP + "\u001fsales");
    String opaLoad = opaNode.baseUri() + "/api/catalog/v1/" + CATALOG + "/namespaces/" + namespace + "/tables/orders";
    // a separate principal role so the matrix's grants stay as they are
    JsonNode created = json(post(management + "/principals", root, "{\"name\":\"late_" + TOP + "\"}"), 201);
    assertThat(post(management + "/principal-roles", root, "{\"name\":\"late_readers\"}").statusCode()).isEqualTo(201);
    assertThat(put(management + "/principals/late_" + TOP + "/principal-roles/late_readers", root).statusCode()).isEqualTo(201);
    assertThat(post(management + "/catalogs/" + CATALOG + "/catalog-roles", root, "{\"name\":\"late_readers\"}").statusCode()).isEqualTo(201);
    assertThat(put(management + "/principal-roles/late_readers/catalog-roles/" + CATALOG + "/late_readers", root).statusCode()).isEqualTo(201);
    String token =
        Tokens.clientCredentials(
            FloeTestServer.catalogUri(),
            created.path("credentials").path("client-id").asText(),
            created.path("credentials").path("client-secret").asText());
    assertThat(get(opaLoad, token).statusCode()).isEqualTo(404);

    String grant = grantBody("TABLE_READ_DATA", List.of(CATALOG, TOP, "sales"));
    long granted = System.nanoTime();
    assertThat(post(management + "/catalogs/" + CATALOG + "/catalog-roles/late_readers/grants", root, grant).statusCode()).isEqualTo(201);
    long visibleAfter = awaitStatus(opaLoad, token, 200) - granted;
    long revoked = System.nanoTime();
    assertThat(post(management + "/catalogs/" + CATALOG + "/catalog-roles/late_readers/grants/revoke", root, grant).statusCode())
        .isEqualTo(204);
    long goneAfter = awaitStatus(opaLoad, token, 404) - revoked;
    System.out.printf(
        "ITPermissionMatrix: a grant made on node A took effect on node B (OPA) after %.1f ms, a revoke after %.1f ms%n",
        visibleAfter / 1e6, goneAfter / 1e6);
  }

  /**
   * OPA's sample rule beyond RBAC: data writes to a table tagged {@code confidential} only for the
   * principal roles OPA's settings name (none by default). RBAC ignores tags.
   */
  @Test
  void opaRefusesDataWritesToConfidentialTablesThatRbacAllows() throws Exception {
    String root = tokens.get("root");
    String writer = tokens.get("writer");
    TableIdentifier secret = TableIdentifier.of(Namespace.of(TOP, "sales"), "secret");
    long snapshot;
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      Table table = catalog.createTable(secret, IcebergClients.SCHEMA);
      IcebergClients.appendRecords(table, IcebergClients.records(1, 10));
      tagConfidential(root, CATALOG, List.of(TOP, "sales"), "secret");
      snapshot = catalog.loadTable(secret).currentSnapshot().snapshotId();
    }
    String path = "/v1/" + CATALOG + "/namespaces/" + enc(TOP + "\u001fsales") + "/tables/secret";
    String rbac = FloeTestServer.catalogUri() + path;
    String opaPath = opaNode.baseUri() + "/api/catalog" + path;
    BiFunction<String, String, String> branch =
        (name, ignored) ->
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-snapshot-ref\",\"ref-name\":\"" + name
                + "\",\"type\":\"branch\",\"snapshot-id\":" + snapshot + "}]}";
    String metadata = "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"note\":\"x\"}}]}";

    assertThat(post(rbac, writer, branch.apply("rbac_branch", null)).statusCode()).as("RBAC ignores tags").isEqualTo(200);
    HttpResponse<String> refused = post(opaPath, writer, branch.apply("opa_branch", null));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("confidential");
    // the rule is about data: a metadata change still passes, and the tags are not the problem for reads
    assertThat(post(opaPath, writer, metadata).statusCode()).isEqualTo(200);
    assertThat(get(opaPath, tokens.get("reader")).statusCode()).isEqualTo(200);

    // OPA's setting names the writers' principal role: now they may
    HttpResponse<String> settings =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(opa.uri() + "/v1/data/floe/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"confidential_writer_roles\": [\"engineers\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(settings.statusCode()).isEqualTo(204);
    // OPA's answers are kept for floe.authorization.opa.decision-cache-ttl (5 s): the new setting
    // decides within that time
    long deadline = System.nanoTime() + 15_000_000_000L;
    int status = post(opaPath, writer, branch.apply("opa_branch", null)).statusCode();
    while (status != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      status = post(opaPath, writer, branch.apply("opa_branch", null)).statusCode();
    }
    assertThat(status).isEqualTo(200);
  }

  /**
   * The confidential rule covers every way to the data: on a confidential table, a caller OPA
   * refuses data writes gets read-only vended keys (from loadTable and from the credentials refresh)
   * and may not purge the table, though it may drop it. RBAC ignores tags: the same caller gets
   * keys that write and may purge.
   */
  @Test
  void opaGivesNoWriteKeysAndNoPurgeOnConfidentialTablesThatRbacAllows() throws Exception {
    String root = tokens.get("root");
    String management = FloeTestServer.baseUri() + "/api/management/v1";
    MinioTestServer minio = FloeTestServer.minio();
    String vending = "pmvend_" + TOP;
    String catalog =
        "{\"name\":\"" + vending + "\",\"storage-root\":\"s3://" + MinioTestServer.BUCKET + "/" + vending + "\","
            + "\"properties\":{\"s3.endpoint\":\"" + minio.endpoint() + "\",\"s3.region\":\"" + MinioTestServer.REGION + "\","
            + "\"s3.path-style-access\":\"true\",\"s3.sts-enabled\":\"true\","
            + "\"s3.credentials\":\"env:" + MinioTestServer.CREDENTIALS_PREFIX + "\"}}";
    json(post(management + "/catalogs", root, catalog), 201);
    String vendingBase = FloeTestServer.catalogUri() + "/v1/" + vending;
    json(post(vendingBase + "/namespaces", root, "{\"namespace\":[\"sales\"]}"), 200);
    json(post(vendingBase + "/namespaces/sales/tables", root, confidentialTableBody("secret")), 200);
    tagConfidential(root, vending, List.of("sales"), "secret");
    // roles of their own: another test names the matrix's writers as confidential writers in OPA
    String keyWriter = AccessSetup.principalWithGrants("pmkeys_" + TOP, vending, List.of("sales"), "TABLE_WRITE_DATA");
    String purger = AccessSetup.principalWithGrants("pmpurge_" + TOP, CATALOG, List.of(TOP, "sales"), "TABLE_DROP", "TABLE_WRITE_DATA");
    String base = FloeTestServer.catalogUri() + "/v1/" + CATALOG + "/namespaces/" + enc(TOP + "\u001fsales") + "/tables";
    for (String name : List.of("purge_rbac", "purge_opa")) {
      json(post(base, root, confidentialTableBody(name)), 200);
      tagConfidential(root, CATALOG, List.of(TOP, "sales"), name);
    }

    Map<String, Boolean> writes = new LinkedHashMap<>();
    for (String node : List.of("rbac", "opa")) {
      String catalogBase = (node.equals("rbac") ? FloeTestServer.catalogUri() : opaNode.baseUri() + "/api/catalog");
      String table = catalogBase + "/v1/" + vending + "/namespaces/sales/tables/secret";
      awaitStatus(table, keyWriter, 200);
      HttpResponse<String> load =
          send(HttpRequest.newBuilder(URI.create(table)).header("X-Iceberg-Access-Delegation", "vended-credentials").GET(), keyWriter);
      assertThat(load.statusCode()).as(node + ": " + load.body()).isEqualTo(200);
      LoadTableResponse loaded = LoadTableResponseParser.fromJson(load.body());
      String prefix = S3Catalogs.keyOf(loaded.tableMetadata().location()) + "/data/";
      writes.put(node + " loadTable", canWrite(minio, loaded.credentials().get(0).config(), prefix + node + "-load.bin"));
      HttpResponse<String> refresh = get(table + "/credentials", keyWriter);
      assertThat(refresh.statusCode()).as(node + ": " + refresh.body()).isEqualTo(200);
      Map<String, String> refreshed = LoadCredentialsResponseParser.fromJson(refresh.body()).credentials().get(0).config();
      writes.put(node + " credentials", canWrite(minio, refreshed, prefix + node + "-refresh.bin"));
    }
    assertThat(writes)
        .containsExactly(
            Map.entry("rbac loadTable", true),
            Map.entry("rbac credentials", true),
            Map.entry("opa loadTable", false),
            Map.entry("opa credentials", false));

    assertThat(delete(base + "/purge_rbac?purgeRequested=true", purger).statusCode()).as("RBAC ignores tags").isEqualTo(204);
    String opaBase = base.replace(FloeTestServer.catalogUri(), opaNode.baseUri() + "/api/catalog");
    awaitStatus(opaBase + "/purge_opa", purger, 200);
    HttpResponse<String> purge = delete(opaBase + "/purge_opa?purgeRequested=true", purger);
    assertThat(purge.statusCode()).as(purge.body()).isEqualTo(403);
    assertThat(purge.body()).contains("confidential");
    assertThat(delete(opaBase + "/purge_opa", purger).statusCode()).as("a drop keeps the data").isEqualTo(204);
  }

  private static String confidentialTableBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}";
  }

  /** Tags a table {@code confidential} through the management API (the tag is defined once). */
  private static void tagConfidential(String root, String catalog, List<String> namespace, String table) throws Exception {
    String management = FloeTestServer.baseUri() + "/api/management/v1";
    int defined = post(management + "/tags", root, "{\"name\": \"confidential\", \"description\": \"Not for everyone\"}").statusCode();
    assertThat(defined).isIn(201, 409);
    String assignment =
        "{\"tag\": \"confidential\", \"namespace\": [\"" + String.join("\", \"", namespace) + "\"], \"table\": \"" + table + "\"}";
    HttpResponse<String> assigned = post(management + "/catalogs/" + catalog + "/tag-assignments", root, assignment);
    assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
    // the OPA node learns of it by the governance change notification
    String id = "\"id\":" + JSON.readTree(assigned.body()).get("id").asLong() + ",";
    String onOpaNode = opaNode.baseUri() + "/api/management/v1/catalogs/" + catalog + "/tag-assignments?tag=confidential";
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!get(onOpaNode, root).body().contains(id)) {
      assertThat(System.nanoTime()).as("the OPA node sees the tag assignment").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Whether vended keys may put an object at {@code key} of MinIO's bucket. */
  private static boolean canWrite(MinioTestServer minio, Map<String, String> config, String key) {
    AwsSessionCredentials keys =
        AwsSessionCredentials.create(config.get("s3.access-key-id"), config.get("s3.secret-access-key"), config.get("s3.session-token"));
    try (S3Client client = minio.client(keys)) {
      client.putObject(request -> request.bucket(MinioTestServer.BUCKET).key(key), RequestBody.fromString("x"));
      return true;
    } catch (S3Exception e) {
      assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(403);
      return false;
    }
  }

  private static long awaitStatus(String uri, String token, int status) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      int seen = get(uri, token).statusCode();
      if (seen == status) {
        return System.nanoTime();
      }
      assertThat(System.nanoTime()).as("waiting for HTTP " + status + " on the other node, last " + seen).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The questions, with the expected letters for root, writer, reader, nobody. */
  private static List<Check> checks() {
    String sales = enc(TOP + "\u001fsales");
    String hr = enc(TOP + "\u001fhr");
    String top = enc(TOP);
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("GET_CONFIG lakehouse", "AAAN", (c, n) -> get(c.base() + "/v1/config?warehouse=" + CATALOG, c.token()).statusCode()));
    checks.add(new Check("LIST_NAMESPACES under top", "AAAN", (c, n) -> get(cat(c) + "/namespaces?parent=" + top, c.token()).statusCode()));
    checks.add(new Check("LIST_NAMESPACES under hr", "ANNN", (c, n) -> get(cat(c) + "/namespaces?parent=" + hr, c.token()).statusCode()));
    checks.add(new Check("LOAD_NAMESPACE sales", "AAAN", (c, n) -> get(ns(c, sales), c.token()).statusCode()));
    checks.add(new Check("LOAD_NAMESPACE hr", "ANNN", (c, n) -> get(ns(c, hr), c.token()).statusCode()));
    checks.add(new Check("NAMESPACE_EXISTS sales", "AAAN", (c, n) -> head(ns(c, sales), c.token()).statusCode()));
    checks.add(new Check("CREATE_NAMESPACE in sales", "AADN",
        (c, n) -> post(cat(c) + "/namespaces", c.token(), "{\"namespace\":[\"" + TOP + "\",\"sales\",\"" + c.unique("sub") + "\"]}").statusCode()));
    checks.add(new Check("UPDATE_NAMESPACE_PROPERTIES sales", "AADN",
        (c, n) -> post(ns(c, sales) + "/properties", c.token(), "{\"updates\":{\"" + c.unique("k") + "\":\"v\"}}").statusCode()));
    checks.add(new Check("LIST_TABLES sales", "AAAN", (c, n) -> get(ns(c, sales) + "/tables", c.token()).statusCode()));
    checks.add(new Check("LIST_TABLES hr", "ANNN", (c, n) -> get(ns(c, hr) + "/tables", c.token()).statusCode()));
    checks.add(new Check("CREATE_TABLE in sales", "AADN", (c, n) -> post(ns(c, sales) + "/tables", c.token(), tableBody(c.unique("new"))).statusCode()));
    checks.add(new Check("CREATE_TABLE in hr", "ANNN", (c, n) -> post(ns(c, hr) + "/tables", c.token(), tableBody(c.unique("new"))).statusCode()));
    checks.add(new Check("LOAD_TABLE sales.orders", "AAAN", (c, n) -> get(ns(c, sales) + "/tables/orders", c.token()).statusCode()));
    checks.add(new Check("LOAD_TABLE hr.salaries", "ANNN", (c, n) -> get(ns(c, hr) + "/tables/salaries", c.token()).statusCode()));
    checks.add(new Check("TABLE_EXISTS sales.orders", "AAAN", (c, n) -> head(ns(c, sales) + "/tables/orders", c.token()).statusCode()));
    checks.add(new Check("UPDATE_TABLE sales.orders (metadata)", "AADN",
        (c, n) -> post(ns(c, sales) + "/tables/orders", c.token(),
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"" + c.unique("p") + "\":\"v\"}}]}").statusCode()));
    checks.add(new Check("UPDATE_TABLE hr.salaries (metadata)", "ANNN",
        (c, n) -> post(ns(c, hr) + "/tables/salaries", c.token(),
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"" + c.unique("p") + "\":\"v\"}}]}").statusCode()));
    checks.add(new Check("RENAME_TABLE within sales", "AADN",
        (c, n) -> post(cat(c) + "/tables/rename", c.token(),
            "{\"source\":{\"namespace\":[\"" + TOP + "\",\"sales\"],\"name\":\"rename_" + c.node() + "_" + c.caller() + "\"},"
                + "\"destination\":{\"namespace\":[\"" + TOP + "\",\"sales\"],\"name\":\"" + c.unique("renamed") + "\"}}").statusCode()));
    checks.add(new Check("RENAME_TABLE sales to hr", "ANNN",
        (c, n) -> post(cat(c) + "/tables/rename", c.token(),
            "{\"source\":{\"namespace\":[\"" + TOP + "\",\"sales\"],\"name\":\"move_" + c.node() + "_" + c.caller() + "\"},"
                + "\"destination\":{\"namespace\":[\"" + TOP + "\",\"hr\"],\"name\":\"" + c.unique("moved") + "\"}}").statusCode()));
    checks.add(new Check("DROP_TABLE sales", "AADN", (c, n) -> delete(ns(c, sales) + "/tables/drop_" + c.node() + "_" + c.caller(), c.token()).statusCode()));
    checks.add(new Check("DROP_TABLE hr.salaries (not dropped)", "NNNN",
        // root may drop it, so root is asked about a missing table: hr is visible to root, the table is not there
        (c, n) -> delete(ns(c, hr) + "/tables/" + (c.caller().equals("root") ? "missing" : "salaries"), c.token()).statusCode()));
    checks.add(new Check("LIST_VIEWS sales", "AAAN", (c, n) -> get(ns(c, sales) + "/views", c.token()).statusCode()));
    checks.add(new Check("CREATE_VIEW in sales", "AADN", (c, n) -> post(ns(c, sales) + "/views", c.token(), viewBody(c.unique("view"))).statusCode()));
    checks.add(new Check("LOAD_VIEW sales.summary", "AAAN", (c, n) -> get(ns(c, sales) + "/views/summary", c.token()).statusCode()));
    checks.add(new Check("DROP_VIEW sales", "AADN", (c, n) -> delete(ns(c, sales) + "/views/dropview_" + c.node() + "_" + c.caller(), c.token()).statusCode()));
    // the management API
    checks.add(new Check("LIST_PRINCIPALS", "ADDD", (c, n) -> get(mgmt(c) + "/principals", c.token()).statusCode()));
    checks.add(new Check("CREATE_PRINCIPAL_ROLE", "ADDD", (c, n) -> post(mgmt(c) + "/principal-roles", c.token(), "{\"name\":\"" + c.unique("r") + "\"}").statusCode()));
    checks.add(new Check("CREATE_CATALOG", "ADDD",
        (c, n) -> post(mgmt(c) + "/catalogs", c.token(), "{\"name\":\"" + c.unique("cat") + "\",\"storage-root\":\"file://" + CATALOG_ROOTS.resolve(c.unique("cat")) + "\"}").statusCode()));
    checks.add(new Check("GET_CATALOG lakehouse", "ADDN", (c, n) -> get(mgmt(c) + "/catalogs/" + CATALOG, c.token()).statusCode()));
    checks.add(new Check("LIST_CATALOG_ROLES lakehouse", "ADDN", (c, n) -> get(mgmt(c) + "/catalogs/" + CATALOG + "/catalog-roles", c.token()).statusCode()));
    return checks;
  }

  // ---------------------------------------------------------------- set-up helpers

  private static void grantAll(String management, String root, String catalogRole, String principalRole, List<String> privileges)
      throws Exception {
    assertThat(post(management + "/catalogs/" + CATALOG + "/catalog-roles", root, "{\"name\":\"" + catalogRole + "\"}").statusCode())
        .isIn(201, 409);
    assertThat(put(management + "/principal-roles/" + principalRole + "/catalog-roles/" + CATALOG + "/" + catalogRole, root).statusCode())
        .isIn(200, 201);
    for (String privilege : privileges) {
      HttpResponse<String> response =
          post(management + "/catalogs/" + CATALOG + "/catalog-roles/" + catalogRole + "/grants", root, grantBody(privilege, List.of(CATALOG, TOP, "sales")));
      assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }
  }

  /** A grant on a namespace; made before the namespace exists, it waits for it (allow-missing). */
  private static String grantBody(String privilege, List<String> namespacePath) {
    return "{\"privilege\":\"" + privilege + "\",\"securable\":{\"type\":\"namespace\",\"path\":[\""
        + String.join("\",\"", namespacePath) + "\"]},\"allow-missing\":true}";
  }

  private static void createTable(String base, String token, String namespace, String name) throws Exception {
    json(post(base + "/namespaces/" + enc(TOP + "\u001f" + namespace) + "/tables", token, tableBody(name)), 200);
  }

  private static void createView(String base, String token, String namespace, String name) throws Exception {
    json(post(base + "/namespaces/" + enc(TOP + "\u001f" + namespace) + "/views", token, viewBody(name)), 200);
  }

  private static String tableBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}";
  }

  private static String viewBody(String name) {
    return "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,"
        + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]},"
        + "\"view-version\":{\"version-id\":1,\"timestamp-ms\":" + System.currentTimeMillis() + ",\"schema-id\":0,"
        + "\"summary\":{\"engine-name\":\"it\"},\"default-namespace\":[\"" + TOP + "\",\"sales\"],"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"SELECT 1 AS id\",\"dialect\":\"trino\"}]},\"properties\":{}}";
  }

  // ---------------------------------------------------------------- HTTP

  private static String cat(Call call) {
    return call.base() + "/v1/" + CATALOG;
  }

  private static String ns(Call call, String encodedNamespace) {
    return cat(call) + "/namespaces/" + encodedNamespace;
  }

  private static String mgmt(Call call) {
    return call.base().replace("/api/catalog", "/api/management/v1");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode json(HttpResponse<String> response, int expected) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return JSON.readTree(response.body());
  }

  static HttpResponse<String> get(String uri, String token) {
    return send(HttpRequest.newBuilder(URI.create(uri)).GET(), token);
  }

  static HttpResponse<String> head(String uri, String token) {
    return send(HttpRequest.newBuilder(URI.create(uri)).method("HEAD", HttpRequest.BodyPublishers.noBody()), token);
  }

  static HttpResponse<String> delete(String uri, String token) {
    return send(HttpRequest.newBuilder(URI.create(uri)).DELETE(), token);
  }

  static HttpResponse<String> put(String uri, String token) {
    return send(HttpRequest.newBuilder(URI.create(uri)).PUT(HttpRequest.BodyPublishers.noBody()), token);
  }

  static HttpResponse<String> post(String uri, String token, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  static HttpResponse<String> send(HttpRequest.Builder request, String token) {
    try {
      return HTTP.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
