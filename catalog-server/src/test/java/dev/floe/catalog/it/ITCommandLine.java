package dev.floe.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cli.FloeCli;
import dev.floe.cli.HttpTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The command line ({@code ./floe <command>}, module cli) against the packaged server, called as a
 * library with the real HTTP transport: the root principal signs in with its client credentials,
 * creates a principal, a principal role, a catalog role and a grant, lists them, explains a
 * decision, describes a table and reads the audit trail; the new principal signs in with the
 * credentials the command line printed; errors are one line with the HTTP status.
 */
class ITCommandLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CATALOG = "lakehouse";

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String principal = "cli_alice_" + suffix;
  private final String principalRole = "cli_analysts_" + suffix;
  private final String catalogRole = "cli_readers_" + suffix;
  private final String namespace = "cli_ns_" + suffix;

  /** What one run of the command line did. */
  private record Run(int status, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = FloeCli.run(args, environment, Path.of("target"), new HttpTransport(), new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  private static Map<String, String> root() {
    return Map.of(
        "FLOE_URI", FloeTestServer.baseUri(),
        "FLOE_CLIENT_ID", FloeTestServer.ROOT_CLIENT_ID,
        "FLOE_CLIENT_SECRET", FloeTestServer.ROOT_SECRET);
  }

  private static Run ok(Map<String, String> environment, String... args) {
    Run run = run(environment, args);
    assertThat(run.status()).as(String.join(" ", args) + ": " + run.err()).isZero();
    assertThat(run.err()).as(String.join(" ", args)).isEmpty();
    return run;
  }

  @Test
  void managesAccessDescribesATableAndReadsTheAuditTrail() throws Exception {
    // this test's events only: the whole run's grants may fill more than a page
    String started = java.time.Instant.now().minusSeconds(5).toString();
    // a principal: its secret is printed once, by the command that created it
    JsonNode created = ok(root(), "principals", "create", principal, "-o", "json").json();
    assertThat(created.path("name").asText()).isEqualTo(principal);
    String clientId = created.path("credentials").path("client-id").asText();
    String clientSecret = created.path("credentials").path("client-secret").asText();
    assertThat(clientId).isNotEmpty();
    assertThat(clientSecret).isNotEmpty();
    assertThat(ok(root(), "principals", "get", principal).out()).contains(principal, clientId).doesNotContain(clientSecret);

    // roles and their assignments
    ok(root(), "principal-roles", "create", principalRole);
    assertThat(ok(root(), "principal-roles", "grant", principalRole, "--principal", principal).out())
        .contains("Principal " + principal + " holds principal role " + principalRole);
    ok(root(), "catalog-roles", "create", "--catalog", CATALOG, catalogRole);
    ok(root(), "catalog-roles", "grant", "--catalog", CATALOG, "--principal-role", principalRole, catalogRole);

    // a namespace through the command line, a table in it through Iceberg's own client
    ok(root(), "namespaces", "create", "--catalog", CATALOG, namespace);
    try (RESTCatalog iceberg = IcebergClients.catalog(FloeTestServer.catalogUri())) {
      iceberg.createTable(
          TableIdentifier.of(Namespace.of(namespace), "orders"),
          new Schema(
              Types.NestedField.required(1, "id", Types.LongType.get()),
              Types.NestedField.optional(2, "email", Types.StringType.get(), "the customer's e-mail")));
    }

    // a grant, and the listings that show it
    ok(root(), "grants", "add", "--catalog", CATALOG, "--catalog-role", catalogRole, "--privilege", "table_read_data", "--namespace", namespace);
    String grants = ok(root(), "grants", "list", "--catalog", CATALOG, "--catalog-role", catalogRole).out();
    assertThat(grants.lines().toList())
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).matches("CATALOG-ROLE +PRIVILEGE +TYPE +SECURABLE +PENDING"))
        .satisfies(lines -> assertThat(lines.get(1)).matches(catalogRole + " +TABLE_READ_DATA +NAMESPACE +" + CATALOG + "\\." + namespace + " +false"));
    assertThat(ok(root(), "principals", "list", "-o", "json").json().path("principals").findValuesAsText("name")).contains(principal);
    assertThat(ok(root(), "principal-roles", "list", "--principal", principal, "-o", "json").json().path("principal-roles").findValuesAsText("name"))
        .containsExactly(principalRole);
    assertThat(ok(root(), "catalog-roles", "list", "--principal-role", principalRole, "-o", "json").json().path("catalog-roles").findValuesAsText("name"))
        .containsExactly(catalogRole);
    assertThat(ok(root(), "namespaces", "list", "--catalog", CATALOG).out()).contains(namespace);
    assertThat(ok(root(), "tables", "list", "--catalog", CATALOG, namespace).out()).contains(namespace + "  orders");

    // explain: allowed through the grant just made
    JsonNode explained =
        ok(root(), "explain", "--principal", principal, "--operation", "LOAD_TABLE", "--catalog", CATALOG, "--namespace", namespace,
                "--table", "orders", "-o", "json")
            .json();
    assertThat(explained.path("outcome").asText()).isEqualTo("ALLOW");
    assertThat(explained.path("grants").findValuesAsText("catalog-role")).containsExactly(catalogRole);

    // the new principal signs in with the credentials printed once and describes the table
    Map<String, String> alice = Map.of("FLOE_URI", FloeTestServer.baseUri(), "FLOE_CLIENT_ID", clientId, "FLOE_CLIENT_SECRET", clientSecret);
    String described = ok(alice, "tables", "describe", "--catalog", CATALOG, namespace + ".orders").out();
    assertThat(described)
        .containsPattern("table +" + CATALOG + "\\." + namespace + "\\.orders")
        .containsPattern("format-version +2")
        .containsPattern("ID  COLUMN  TYPE    REQUIRED  DOC\\R1   id      long    yes\\R2   email   string  no        the customer's e-mail");
    JsonNode describedJson = ok(alice, "tables", "describe", "--catalog", CATALOG, namespace + ".orders", "-o", "json").json();
    assertThat(describedJson.path("metadata").path("schemas").get(0).path("fields").findValuesAsText("name")).containsExactly("id", "email");
    assertThat(describedJson.has("config")).isFalse();

    // what alice may not do: one line with the status and Floe's message, exit status 1
    Run refused = run(alice, "principals", "list");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).startsWith("Error: HTTP 403: ").doesNotContain("\tat ");
    assertThat(refused.err().lines()).hasSize(1);
    Run missing = run(root(), "catalogs", "get", "no_such_catalog_" + suffix);
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("Error: HTTP 404: Warehouse does not exist: no_such_catalog_" + suffix);
    Run wrongSecret = run(Map.of("FLOE_URI", FloeTestServer.baseUri(), "FLOE_CLIENT_ID", clientId, "FLOE_CLIENT_SECRET", "wrong-secret-" + suffix), "catalogs", "list");
    assertThat(wrongSecret.status()).isEqualTo(1);
    assertThat(wrongSecret.err()).startsWith("Error: Sign-in failed for client " + clientId + ": HTTP 401: invalid_client").doesNotContain("wrong-secret");

    // the audit trail holds what happened, filtered by principal
    // (written asynchronously: polled for a few seconds)
    List<String> denied = List.of();
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); System.nanoTime() < deadline && !denied.contains("LIST_PRINCIPALS"); ) {
      denied = ok(root(), "audit", "events", "--principal", principal, "--decision", "DENY", "-o", "json").json().path("events").findValuesAsText("operation");
      Thread.sleep(denied.contains("LIST_PRINCIPALS") ? 0 : 200);
    }
    assertThat(denied).contains("LIST_PRINCIPALS");
    String mutations = ok(root(), "audit", "events", "--operation", "GRANT", "--since", started, "--page-size", "50").out();
    assertThat(mutations).contains("MUTATION", "GRANT", "root");

    // revoking: the decision changes
    ok(root(), "grants", "revoke", "--catalog", CATALOG, "--catalog-role", catalogRole, "--privilege", "TABLE_READ_DATA", "--namespace", namespace);
    assertThat(ok(root(), "grants", "list", "--catalog", CATALOG, "--catalog-role", catalogRole, "-o", "json").json().path("grants").size()).isZero();
    assertThat(ok(root(), "explain", "--principal", principal, "--operation", "LOAD_TABLE", "--catalog", CATALOG, "--namespace", namespace,
            "--table", "orders", "-o", "json").json().path("outcome").asText())
        .isNotEqualTo("ALLOW");
    ok(root(), "catalog-roles", "revoke", "--catalog", CATALOG, "--principal-role", principalRole, catalogRole);
    ok(root(), "principal-roles", "revoke", principalRole, "--principal", principal);
    ok(root(), "principals", "delete", principal);
  }

  @Test
  void theLauncherAnswersHelpAndVersionWithoutStartingAServer() throws Exception {
    assertThat(launch("--version")).matches("0: floe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(launch("--help")).startsWith("0: Usage: floe ").contains("principal-roles", "catalog-roles", "completion", "serve");
    assertThat(launch("serve", "--help")).startsWith("0: Usage: floe serve").doesNotContain("Listening");
    assertThat(launch("catalogs", "get")).startsWith("2: Missing required parameter: 'CATALOG'");
  }

  /** Runs ./floe (the repository's launcher) with {@code args}: its exit status and output. */
  private static String launch(String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of("..", "floe").toAbsolutePath().normalize().toString());
    command.addAll(List.of(args));
    Path output = java.nio.file.Files.createTempFile(FloeTestServer.workDir(), "launcher", ".txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("./floe " + String.join(" ", args) + " did not stop: " + java.nio.file.Files.readString(output));
    }
    return process.exitValue() + ": " + java.nio.file.Files.readString(output).strip();
  }

  @Test
  void theRootPointsToTheApisWithoutAToken() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode root = JSON.readTree(answer.body());
    assertThat(root.path("openapi").asText()).isEqualTo("/q/openapi");
    assertThat(root.path("iceberg-rest-catalog").asText()).isEqualTo("/api/catalog");
    assertThat(root.path("management-api").asText()).isEqualTo("/api/management/v1");
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(FloeTestServer.baseUri() + "/")).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<a href=\"/q/openapi\">");
  }
}
