package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a hand-written transport: what it sends, prints and exits with. */
class TestFloeCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> CLIENT =
      Map.of("FLOE_URI", "http://floe:8181", "FLOE_CLIENT_ID", "the-id", "FLOE_CLIENT_SECRET", "the-secret");

  @TempDir Path directory;
  private final FakeTransport transport = new FakeTransport();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    return FloeCli.run(args, environment, directory, transport, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void signsInWithClientCredentialsThenSendsTheToken() throws Exception {
    transport.token().answer(200, "{\"catalogs\":[{\"name\":\"lakehouse\",\"storage-root\":\"file:///w\",\"properties\":{}}]}");
    assertThat(run(CLIENT, "catalogs", "list")).isZero();
    Transport.Call signIn = transport.calls.get(0);
    assertThat(signIn.method()).isEqualTo("POST");
    assertThat(signIn.uri().toString()).isEqualTo("http://floe:8181/api/catalog/v1/oauth/tokens");
    assertThat(signIn.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
    assertThat(signIn.body().orElseThrow())
        .isEqualTo("grant_type=client_credentials&client_id=the-id&client_secret=the-secret&scope=PRINCIPAL_ROLE%3AALL");
    Transport.Call list = transport.calls.get(1);
    assertThat(list.method() + " " + list.uri()).isEqualTo("GET http://floe:8181/api/management/v1/catalogs");
    assertThat(list.headers()).containsEntry("Authorization", "Bearer the-token");
    assertThat(out.toString()).contains("NAME", "lakehouse", "file:///w").doesNotContain("the-token", "the-secret");
  }

  @Test
  void aGivenTokenIsUsedAsItIs() {
    transport.answer(200, "{\"principals\":[]}");
    assertThat(run(Map.of("FLOE_TOKEN", "given"), "principals", "list")).isZero();
    assertThat(transport.calls).hasSize(1);
    assertThat(transport.calls.get(0).uri().toString()).isEqualTo("http://localhost:8181/api/management/v1/principals");
    assertThat(transport.calls.get(0).headers()).containsEntry("Authorization", "Bearer given");
  }

  @Test
  void anErrorOfTheServerIsOneLineWithStatusAndMessage() {
    transport.token().answer(404, "{\"error\":{\"message\":\"Warehouse does not exist: nope\",\"type\":\"NoSuchWarehouseException\",\"code\":404}}");
    assertThat(run(CLIENT, "catalogs", "get", "nope")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("Error: HTTP 404: Warehouse does not exist: nope" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aFailedSignInNamesTheClientNotTheSecret() {
    transport.answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"Unknown client or wrong secret\"}");
    assertThat(run(CLIENT, "catalogs", "list")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("Error: Sign-in failed for client the-id: HTTP 401: invalid_client: Unknown client or wrong secret" + System.lineSeparator())
        .doesNotContain("the-secret");
  }

  @Test
  void aCreatedPrincipalsSecretIsPrintedOnce() {
    transport.token().answer(201, "{\"name\":\"alice\",\"id\":\"u\",\"client-id\":\"c\",\"disabled\":false,\"principal-roles\":[],"
        + "\"properties\":{},\"created-at\":\"t\",\"updated-at\":\"t\",\"credential-generation\":1,"
        + "\"credentials\":{\"client-id\":\"c\",\"client-secret\":\"created-secret\"}}");
    assertThat(run(CLIENT, "principals", "create", "alice")).isZero();
    assertThat(out.toString()).containsOnlyOnce("created-secret").contains("shown only now");
  }

  @Test
  void optionsOfTheRootWorkAfterTheSubcommand() throws Exception {
    transport.token().answer(200, "{\"catalogs\":[{\"name\":\"lakehouse\"}]}");
    assertThat(run(Map.of("FLOE_CLIENT_ID", "a", "FLOE_CLIENT_SECRET", "b"), "catalogs", "list", "-o", "JSON", "--uri", "http://other:1/"))
        .isZero();
    assertThat(JSON.readTree(out.toString())).isEqualTo(JSON.readTree("{\"catalogs\":[{\"name\":\"lakehouse\"}]}"));
    assertThat(transport.calls.get(0).uri().toString()).startsWith("http://other:1/");
  }

  @Test
  void aGrantOnATableIsSentWithItsFullPath() throws Exception {
    transport.token().answer(201, "{\"catalog\":\"lake\",\"catalog-role\":\"readers\",\"privilege\":\"TABLE_READ_DATA\","
        + "\"securable\":{\"type\":\"TABLE\",\"path\":[\"lake\",\"sales\",\"eu\",\"orders\"]},\"pending\":false}");
    int status = run(CLIENT, "grants", "add", "--catalog", "lake", "--catalog-role", "readers", "--privilege", "table_read_data",
        "--namespace", "sales.eu", "--table", "orders");
    assertThat(status).as(err.toString()).isZero();
    Transport.Call grant = transport.calls.get(1);
    assertThat(grant.method() + " " + grant.uri()).isEqualTo("POST http://floe:8181/api/management/v1/catalogs/lake/catalog-roles/readers/grants");
    assertThat(JSON.readTree(grant.body().orElseThrow()))
        .isEqualTo(JSON.readTree("{\"privilege\":\"table_read_data\",\"securable\":{\"type\":\"table\",\"path\":[\"lake\",\"sales\",\"eu\",\"orders\"]}}"));
    assertThat(out.toString()).contains("lake.sales.eu.orders");
  }

  @Test
  void namesAreEncodedAsOnePathSegmentAndNamespacesWithTheUnitSeparator() {
    transport.token().answer(200, "{\"principal-roles\":[]}").token().answer(200, "{\"identifiers\":[]}");
    assertThat(run(CLIENT, "principal-roles", "list", "--principal", "a b/c")).isZero();
    assertThat(transport.calls.get(1).uri().toString()).isEqualTo("http://floe:8181/api/management/v1/principals/a%20b%2Fc/principal-roles");
    assertThat(run(CLIENT, "tables", "list", "--catalog", "lake", "sales.eu")).isZero();
    assertThat(transport.calls.get(3).uri().toString()).isEqualTo("http://floe:8181/api/catalog/v1/lake/namespaces/sales%1Feu/tables");
  }

  @Test
  void listingsFollowEveryPage() {
    transport.token()
        .answer(200, "{\"namespaces\":[[\"a\"]],\"next-page-token\":\"p2\"}")
        .answer(200, "{\"namespaces\":[[\"b\",\"c\"]],\"next-page-token\":null}");
    assertThat(run(CLIENT, "namespaces", "list", "--catalog", "lake")).isZero();
    assertThat(transport.calls.get(2).uri().getQuery()).isEqualTo("pageToken=p2");
    assertThat(out.toString()).contains("a" + System.lineSeparator(), "b.c");
  }

  @Test
  void auditFiltersAreQueryParameters() {
    transport.token().answer(200, "{\"events\":[],\"next-page-token\":null}");
    assertThat(run(CLIENT, "audit", "events", "--principal", "alice", "--kind", "DATA_ACCESS", "--query-id", "q1", "--page-size", "5"))
        .isZero();
    assertThat(transport.calls.get(1).uri().getRawQuery()).isEqualTo("principal=alice&kind=DATA_ACCESS&queryId=q1&pageSize=5");
  }

  @Test
  void usageErrorsExitWithTwoAndCallNothing() {
    assertThat(run(CLIENT, "catalogs", "create", "sales")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--storage-root=URI'");
    assertThat(run(CLIENT, "no-such-command")).isEqualTo(2);
    assertThat(run(CLIENT, "catalogs")).isEqualTo(2);
    assertThat(transport.calls).isEmpty();
  }

  @Test
  void helpVersionAndCompletionNeedNoServer() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("catalogs", "principal-roles", "catalog-roles", "grants", "explain", "audit", "completion", "serve");
    assertThat(run(Map.of(), "grants", "add", "--help")).isZero();
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString()).containsPattern("floe \\d+\\.\\d+\\.\\d+");
    StringWriter before = new StringWriter();
    before.write(out.toString());
    assertThat(run(Map.of(), "help", "serve")).isZero();
    String serve = out.toString().substring(before.toString().length());
    assertThat(serve).contains("Run the Floe server").doesNotContain("--uri", "--output", "--credentials-file");
    assertThat(run(Map.of(), "completion")).isZero();
    assertThat(out.toString()).contains("complete -F").contains("catalog-roles");
    assertThat(transport.calls).isEmpty();
  }
}
