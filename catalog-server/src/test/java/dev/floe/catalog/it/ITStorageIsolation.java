package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage isolation on the local warehouse, probed as an attacker with modest rights would:
 * mallory holds table, view and namespace privileges on her own namespace {@code mallory} and
 * nothing on {@code victim}. Every endpoint that can place files (a location, a path property, a
 * metadata file, a namespace or catalog root) is walked with a target inside the victim's
 * storage; every attempt is refused before anything is stored, the answer names nothing of the
 * victim, and the victim's files on disk are byte for byte what they were.
 */
class ITStorageIsolation {
  private static final String CATALOG = "iso";
  /** The same rules, with unstructured locations allowed: only the overlap check stands. */
  private static final String FREE = "iso_free";
  private static final String SCHEMA =
      "\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\",\"type\":\"long\",\"required\":true}]}";
  private static final String VICTIM_SQL = "select secret_column from victim_only_table";

  private static Path root;
  private static Path freeRoot;
  private static String mallory;
  private static Table victimTable;
  private static String victimView;
  private static String victimViewMetadata;
  private static Table freeVictim;

  @BeforeAll
  static void setUp() throws Exception {
    Path work = Path.of(System.getProperty("floe.it.work-dir", "target/it")).toAbsolutePath();
    root = Files.createDirectories(work.resolve("iso-catalog"));
    freeRoot = Files.createDirectories(work.resolve("iso-free-catalog"));
    createCatalog(CATALOG, root, "");
    createCatalog(FREE, freeRoot, ",\"allow-unstructured-locations\":\"true\"");
    expectStatus(RestCalls.post("/v1/lakehouse/namespaces", "{\"namespace\":[\"iso_default\"]}", Map.of()), 200);
    for (String catalog : List.of(CATALOG, FREE)) {
      expectStatus(RestCalls.post("/v1/" + catalog + "/namespaces", "{\"namespace\":[\"victim\"]}", Map.of()), 200);
      expectStatus(RestCalls.post("/v1/" + catalog + "/namespaces", "{\"namespace\":[\"mallory\"]}", Map.of()), 200);
    }
    mallory =
        AccessSetup.principalWithGrants(
            "iso_mallory",
            CATALOG,
            List.of("mallory"),
            "NAMESPACE_CREATE", "NAMESPACE_READ_PROPERTIES", "NAMESPACE_WRITE_PROPERTIES",
            "TABLE_CREATE", "TABLE_READ_PROPERTIES", "TABLE_WRITE_PROPERTIES", "TABLE_READ_DATA",
            "TABLE_WRITE_DATA", "TABLE_DROP", "VIEW_CREATE", "VIEW_READ_PROPERTIES", "VIEW_WRITE_PROPERTIES", "VIEW_DROP");
    grantOnFree("iso_mallory");

    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri(), Map.of("warehouse", CATALOG))) {
      victimTable = catalog.createTable(TableIdentifier.of("victim", "t"), IcebergClients.SCHEMA);
      IcebergClients.appendRecords(victimTable, IcebergClients.records(0, 20));
      victimTable = catalog.loadTable(TableIdentifier.of("victim", "t"));
    }
    HttpResponse<String> view =
        RestCalls.post("/v1/" + CATALOG + "/namespaces/victim/views", viewBody("v", null, Map.of(), VICTIM_SQL), Map.of());
    expectStatus(view, 200);
    victimViewMetadata = field(view.body(), "metadata-location");
    victimView = victimViewMetadata.substring(0, victimViewMetadata.indexOf("/metadata/"));
    try (RESTCatalog catalog = IcebergClients.catalog(FloeTestServer.catalogUri(), Map.of("warehouse", FREE))) {
      freeVictim =
          catalog.buildTable(TableIdentifier.of("victim", "t"), IcebergClients.SCHEMA)
              .withLocation("file://" + freeRoot.resolve("shared/victim-table"))
              .create();
      IcebergClients.appendRecords(freeVictim, IcebergClients.records(0, 5));
    }
  }

  @Test
  void everyEndpointThatPlacesFilesIsChecked() throws Exception {
    Map<String, String> before = filesUnder(root.resolve("victim"));
    Map<String, String> freeBefore = filesUnder(freeRoot.resolve("shared"));
    assertThat(before).as("the victim has data, metadata and view files").hasSizeGreaterThan(4);
    String table = victimTable.location();
    String tables = "/v1/" + CATALOG + "/namespaces/mallory/tables";
    String views = "/v1/" + CATALOG + "/namespaces/mallory/views";
    // a table and a view of mallory's own to change
    expectStatus(as(tables, "{\"name\":\"own\"," + SCHEMA + "}"), 200);
    expectStatus(as(views, viewBody("own_view", null, Map.of(), "select 1")), 200);

    Map<String, HttpResponse<String>> attempts = new LinkedHashMap<>();
    attempts.put("create table at the victim's location", as(tables, createTable("a1", table, Map.of())));
    attempts.put("create table inside the victim", as(tables, createTable("a2", table + "/data/x", Map.of())));
    attempts.put("create table around the victim", as(tables, createTable("a3", "file://" + root.resolve("victim"), Map.of())));
    attempts.put("create table at the catalog root", as(tables, createTable("a4", "file://" + root, Map.of())));
    attempts.put("create table over the victim's view", as(tables, createTable("a5", victimView, Map.of())));
    for (String property : List.of("write.data.path", "write.metadata.path", "write.object-storage.path", "write.folder-storage.path")) {
      attempts.put("create table with " + property, as(tables, createTable("p_" + property.replace('.', '_'), null, Map.of(property, table + "/data"))));
      attempts.put("commit setting " + property, as(tables + "/own", setProperties(property, table + "/metadata")));
      attempts.put("stage-create with " + property, as(tables, stageCreate("s_" + property.replace('.', '_'), null, Map.of(property, table))));
    }
    attempts.put("stage-create at the victim's location", as(tables, stageCreate("s1", table, Map.of())));
    attempts.put("stage-create at the catalog root", as(tables, stageCreate("s2", "file://" + root, Map.of())));
    attempts.put("commit moving the table onto the victim", as(tables + "/own", "{\"requirements\":[],\"updates\":[{\"action\":\"set-location\",\"location\":\"" + table + "\"}]}"));
    attempts.put(
        "multi-table commit moving the table onto the victim",
        as("/v1/" + CATALOG + "/transactions/commit",
            "{\"table-changes\":[{\"identifier\":{\"namespace\":[\"mallory\"],\"name\":\"own\"},\"requirements\":[],"
                + "\"updates\":[{\"action\":\"set-location\",\"location\":\"" + table + "/x\"}]}]}"));
    attempts.put("register the victim's table metadata", as("/v1/" + CATALOG + "/namespaces/mallory/register", "{\"name\":\"r1\",\"metadata-location\":\"" + metadataLocation(victimTable) + "\"}"));
    attempts.put("create view at the victim table's location", as(views, viewBody("v1", table, Map.of(), "select 1")));
    attempts.put("create view inside the victim's view", as(views, viewBody("v2", victimView + "/x", Map.of(), "select 1")));
    attempts.put("create view with write.metadata.path in the victim", as(views, viewBody("v3", null, Map.of("write.metadata.path", table + "/metadata"), "select 1")));
    attempts.put("replace view moving it onto the victim", as(views + "/own_view", "{\"requirements\":[],\"updates\":[{\"action\":\"set-location\",\"location\":\"" + victimView + "\"}]}"));
    attempts.put("replace view with write.metadata.path in the victim", as(views + "/own_view", setProperties("write.metadata.path", table + "/metadata")));
    attempts.put("register the victim's view metadata", as("/v1/" + CATALOG + "/namespaces/mallory/register-view", "{\"name\":\"r2\",\"metadata-location\":\"" + victimViewMetadata + "\"}"));
    attempts.put("create namespace inside the victim's namespace", as("/v1/" + CATALOG + "/namespaces", "{\"namespace\":[\"mallory\",\"sub\"],\"properties\":{\"location\":\"file://" + root.resolve("victim/sub") + "\"}}"));
    attempts.put("move own namespace onto the victim's", as("/v1/" + CATALOG + "/namespaces/mallory/properties", "{\"updates\":{\"location\":\"file://" + root.resolve("victim") + "\"},\"removals\":[]}"));
    attempts.put("unstructured catalog: table at the victim's location", asFree(createTable("f1", freeVictim.location(), Map.of())));
    attempts.put("unstructured catalog: table around the victim", asFree(createTable("f2", "file://" + freeRoot.resolve("shared"), Map.of())));
    attempts.put("unstructured catalog: data path inside the victim", asFree(createTable("f3", null, Map.of("write.data.path", freeVictim.location() + "/data"))));
    attempts.put("unstructured catalog: namespace inside the victim's namespace", RestCalls.post("/v1/" + FREE + "/namespaces", "{\"namespace\":[\"mallory\",\"sub\"],\"properties\":{\"location\":\"file://" + freeRoot.resolve("victim/sub") + "\"}}", bearer(mallory)));
    attempts.put("unstructured catalog: table holding a namespace's directory", asFree(createTable("f4", "file://" + freeRoot.resolve("victim"), Map.of())));
    attempts.put("unstructured catalog: table in the other catalog's storage", asFree(createTable("f5", table + "/y", Map.of())));
    Path dataDirectory = Path.of(System.getProperty("floe.it.work-dir", "target/it")).toAbsolutePath().resolve("data");
    // the default catalog allows locations below the work directory, beside the data directory
    attempts.put(
        "default catalog: table inside the server's data directory",
        RestCalls.post("/v1/lakehouse/namespaces/iso_default/tables", createTable("d1", "file://" + dataDirectory.resolve("postgres/evil"), Map.of()), Map.of()));

    SoftAssertions soft = new SoftAssertions();
    attempts.forEach(
        (name, response) -> {
          soft.assertThat(response.statusCode()).as(name + ": " + response.body()).isBetween(400, 404);
          soft.assertThat(response.body()).as(name + " names nothing of the victim").doesNotContain("victim.t", "victim.v", "secret_column");
        });
    soft.assertAll();
    assertThat(filesUnder(root.resolve("victim"))).as("the victim's files").isEqualTo(before);
    assertThat(filesUnder(freeRoot.resolve("shared"))).as("the unstructured catalog's victim's files").isEqualTo(freeBefore);

    // and catalogs: a root that overlaps another catalog's storage or the server's data directory
    Path dataDir = Path.of(System.getProperty("floe.it.work-dir", "target/it")).toAbsolutePath().resolve("data");
    SoftAssertions catalogs = new SoftAssertions();
    for (String body :
        List.of(
            "{\"name\":\"iso_evil1\",\"storage-root\":\"file://" + root.resolve("victim") + "\"}",
            "{\"name\":\"iso_evil2\",\"storage-root\":\"file://" + root.getParent() + "\"}",
            "{\"name\":\"iso_evil3\",\"storage-root\":\"file://" + root.getParent().resolve("iso-evil3") + "\",\"properties\":{\"allowed-locations\":\"file://" + root + "\"}}",
            "{\"name\":\"iso_evil4\",\"storage-root\":\"file://" + dataDir + "\"}",
            "{\"name\":\"iso_evil5\",\"storage-root\":\"file://" + dataDir.resolve("postgres") + "\"}")) {
      HttpResponse<String> created = RestCalls.postToServer("/api/management/v1/catalogs", body);
      catalogs.assertThat(created.statusCode()).as(body + ": " + created.body()).isEqualTo(400);
    }
    catalogs.assertAll();
  }

  @Test
  void stagedLocationsAreReservedUntilTheyExpireOrTheTableIsCreated() {
    String tables = "/v1/" + CATALOG + "/namespaces/mallory/tables";
    String location = "file://" + root.resolve("mallory/staged-here");
    expectStatus(as(tables, stageCreate("staged", location, Map.of())), 200);
    // nobody else can take a staged table's location meanwhile, not even root
    HttpResponse<String> taken = RestCalls.post(tables, createTable("other", location + "/x", Map.of()), Map.of());
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(403);
    // the staged table itself can be created there (a create that commits the staged metadata)
    HttpResponse<String> created = as(tables, createTable("staged", location, Map.of()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  @Test
  void namespacesWithDefaultLocationsCannotBeBlocked() {
    String namespaces = "/v1/" + CATALOG + "/namespaces";
    // mallory squats where a namespace "mallory.later" would go by default...
    expectStatus(as(namespaces, "{\"namespace\":[\"mallory\",\"squat\"],\"properties\":{\"location\":\"file://" + root.resolve("mallory/later") + "\"}}"), 200);
    // ... and the namespace is still created, elsewhere
    HttpResponse<String> later = as(namespaces, "{\"namespace\":[\"mallory\",\"later\"]}");
    assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
    HttpResponse<String> loaded = RestCalls.get(namespaces + "/mallory%1Flater", Map.of());
    assertThat(field(loaded.body(), "location")).startsWith("file://" + root.resolve("mallory/later-"));
  }

  @Test
  void racingCreatesOfOverlappingTablesLetExactlyOneWin() throws Exception {
    String tables = "/v1/" + FREE + "/namespaces/mallory/tables";
    String location = "file://" + freeRoot.resolve("race/" + System.nanoTime());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        // every pair overlaps: the same location, or a chain nested inside it (two nested siblings
        // would not overlap each other and could both win)
        String at = i < 2 ? location : location + "/n".repeat(i - 1);
        String body = createTable("race" + i, at, Map.of());
        Callable<HttpResponse<String>> create =
            i % 2 == 0 ? () -> RestCalls.post(tables, body, Map.of()) : () -> RestCalls.post(tables, body, bearer(mallory));
        results.add(pool.submit(create));
      }
      int won = 0;
      for (Future<HttpResponse<String>> result : results) {
        HttpResponse<String> response = result.get();
        if (response.statusCode() == 200) {
          won++;
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void registerChecksTheLocationBeforeReadingAndNeverEchoesContent() throws Exception {
    Path junk = Files.createDirectories(root.resolve("mallory/uploads")).resolve("junk.json");
    Files.writeString(junk, "TOPSECRET-CONTENT not json");
    HttpResponse<String> notMetadata =
        as("/v1/" + CATALOG + "/namespaces/mallory/register", "{\"name\":\"junk\",\"metadata-location\":\"file://" + junk + "\"}");
    assertThat(notMetadata.statusCode()).as(notMetadata.body()).isEqualTo(400);
    assertThat(notMetadata.body()).doesNotContain("TOPSECRET");
    HttpResponse<String> outside =
        as("/v1/" + CATALOG + "/namespaces/mallory/register", "{\"name\":\"etc\",\"metadata-location\":\"file:///etc/passwd\"}");
    assertThat(outside.statusCode()).as(outside.body()).isEqualTo(403);
    assertThat(outside.body()).doesNotContain("root:");
  }

  @Test
  void aLongTableNameIsAClientErrorNotAServerError() {
    String name = "x".repeat(250);
    HttpResponse<String> created = as("/v1/" + CATALOG + "/namespaces/mallory/tables", "{\"name\":\"" + name + "\"," + SCHEMA + "}");
    assertThat(created.statusCode()).as(created.body()).isLessThan(500);
  }

  // ---------------------------------------------------------------- helpers

  private static void createCatalog(String name, Path storage, String extraProperties) {
    HttpResponse<String> created =
        RestCalls.postToServer(
            "/api/management/v1/catalogs",
            "{\"name\":\"" + name + "\",\"storage-root\":\"file://" + storage + "\",\"properties\":{\"owner\":\"it\"" + extraProperties + "}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static void grantOnFree(String role) {
    String token = FloeTestServer.rootToken();
    String base = "/api/management/v1/catalogs/" + FREE + "/catalog-roles";
    expectStatus(RestCalls.toServer("POST", base, "{\"name\":\"" + role + "\"}", token), 201);
    expectStatus(RestCalls.toServer("PUT", "/api/management/v1/principal-roles/" + role + "/catalog-roles/" + FREE + "/" + role, null, token), 201);
    for (String privilege : List.of("NAMESPACE_CREATE", "TABLE_CREATE", "TABLE_READ_PROPERTIES", "TABLE_WRITE_PROPERTIES", "TABLE_WRITE_DATA", "TABLE_READ_DATA")) {
      expectStatus(
          RestCalls.toServer(
              "POST",
              base + "/" + role + "/grants",
              "{\"privilege\":\"" + privilege + "\",\"securable\":{\"type\":\"namespace\",\"namespace\":[\"mallory\"]}}",
              token),
          201);
    }
  }

  private static HttpResponse<String> as(String path, String body) {
    return RestCalls.post(path, body, bearer(mallory));
  }

  private static HttpResponse<String> asFree(String body) {
    return RestCalls.post("/v1/" + FREE + "/namespaces/mallory/tables", body, bearer(mallory));
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static String createTable(String name, String location, Map<String, String> properties) {
    return "{\"name\":\"" + name + "\"," + SCHEMA
        + (location == null ? "" : ",\"location\":\"" + location + "\"")
        + ",\"properties\":" + json(properties) + "}";
  }

  private static String stageCreate(String name, String location, Map<String, String> properties) {
    String body = createTable(name, location, properties);
    return body.substring(0, body.length() - 1) + ",\"stage-create\":true}";
  }

  private static String setProperties(String key, String value) {
    return "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"" + key + "\":\"" + value + "\"}}]}";
  }

  private static String viewBody(String name, String location, Map<String, String> properties, String sql) {
    return "{\"name\":\"" + name + "\"," + SCHEMA
        + (location == null ? "" : ",\"location\":\"" + location + "\"")
        + ",\"view-version\":{\"version-id\":1,\"timestamp-ms\":1700000000000,\"schema-id\":0,\"summary\":{},"
        + "\"representations\":[{\"type\":\"sql\",\"sql\":\"" + sql + "\",\"dialect\":\"spark\"}],\"default-namespace\":[]}"
        + ",\"properties\":" + json(properties) + "}";
  }

  private static String json(Map<String, String> properties) {
    StringBuilder json = new StringBuilder("{");
    properties.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":\"").append(value).append('"'));
    return json.append('}').toString();
  }

  private static String metadataLocation(Table table) {
    return ((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation();
  }

  private static String field(String json, String name) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      com.fasterxml.jackson.databind.JsonNode value = node.findValue(name);
      assertThat(value).as(name + " in " + json).isNotNull();
      return value.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void expectStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  /** Every file under {@code directory} with the SHA-256 of its content. */
  private static Map<String, String> filesUnder(Path directory) throws Exception {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(directory.relativize(path).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
      }
    }
    return files;
  }
}
