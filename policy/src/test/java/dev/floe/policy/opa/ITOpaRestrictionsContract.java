package dev.floe.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.governance.RestrictionCases;
import dev.floe.policy.governance.RestrictionCases.Case;
import dev.floe.policy.governance.RestrictionCases.Settings;
import dev.floe.policy.governance.RestrictionContractTest;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restriction contract against a real OPA running Floe's bundle ({@code restrictions.rego}
 * with its settings), and what only the OPA path has: one request per evaluation, failing closed
 * when OPA is gone, has no {@code restrictions} rule, or answers what Floe cannot use.
 */
class ITOpaRestrictionsContract extends RestrictionContractTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static OpaServer opa;
  private static OpaAuthorizer authorizer;

  @BeforeAll
  static void startOpa() {
    opa = OpaServer.start();
    authorizer = new OpaAuthorizer(OpaConfiguration.of(opa.uri()), new InMemoryGrantStore());
  }

  @AfterAll
  static void stopOpa() {
    if (authorizer != null) {
      authorizer.close();
    }
    if (opa != null) {
      opa.stop();
    }
  }

  @Override
  protected RestrictionSource source(Settings settings) {
    try {
      if (settings.equals(Settings.NONE)) {
        send("DELETE", "/v1/data/floe/settings", null);
      } else {
        send("PUT", "/v1/data/floe/settings", settings.toJson());
      }
    } catch (IOException | InterruptedException exception) {
      throw new IllegalStateException(exception);
    }
    return authorizer.restrictions();
  }

  @Test
  void asksOpaOncePerEvaluation() throws Exception {
    Case severalTables =
        RestrictionCases.CASES.stream().filter(testCase -> testCase.tables().size() > 1).findFirst().orElseThrow();
    RestrictionSource source = source(severalTables.settings());
    long before = postCount();
    EvaluationResponse response = RestrictionCases.evaluate(severalTables, source);
    assertThat(postCount() - before).isEqualTo(1);
    assertThat(response).isEqualTo(RestrictionCases.expected(severalTables));

    Case deniedOnly =
        RestrictionCases.CASES.stream()
            .filter(testCase -> testCase.expected().stream().noneMatch(TableEvaluation::selectAllowed))
            .findFirst()
            .orElseThrow();
    before = postCount();
    RestrictionCases.evaluate(deniedOnly, source);
    assertThat(postCount() - before).as("nothing to ask when no table is allowed").isZero();
  }

  @Test
  void deniesEveryAllowedTableOnceOpaStops() {
    Case severalTables =
        RestrictionCases.CASES.stream().filter(testCase -> testCase.tables().size() > 1).findFirst().orElseThrow();
    try (OpaServer ownOpa = OpaServer.start();
        OpaAuthorizer ownAuthorizer = new OpaAuthorizer(OpaConfiguration.of(ownOpa.uri()), new InMemoryGrantStore())) {
      assertThat(RestrictionCases.evaluate(severalTables, ownAuthorizer.restrictions()).tables())
          .extracting(TableEvaluation::selectAllowed)
          .containsExactly(true, true, false);

      ownOpa.stop();
      List<TableEvaluation> tables = RestrictionCases.evaluate(severalTables, ownAuthorizer.restrictions()).tables();
      assertThat(tables).extracting(TableEvaluation::selectAllowed).containsExactly(false, false, false);
      assertThat(tables.get(0).reason()).startsWith("OPA restrictions unavailable: cannot reach OPA");
      assertThat(tables.get(1).reason()).startsWith("OPA restrictions unavailable: cannot reach OPA");
      assertThat(tables.get(2).reason()).as("Floe's own denial").isEqualTo("access denied");
    }
  }

  @Test
  void deniesWhenThePolicyHasNoRestrictionsRule(@TempDir Path policy) throws IOException {
    Files.writeString(policy.resolve("other.rego"), "package floe.authz\n\ndecision := {}\n");
    Case analyst = RestrictionCases.CASES.get(0);
    try (OpaServer bare = OpaServer.start(policy);
        OpaAuthorizer bareAuthorizer = new OpaAuthorizer(OpaConfiguration.of(bare.uri()), new InMemoryGrantStore())) {
      TableEvaluation answer = RestrictionCases.evaluate(analyst, bareAuthorizer.restrictions()).tables().get(0);
      assertThat(answer.selectAllowed()).isFalse();
      assertThat(answer.reason()).contains("is the policy loaded");
    }
  }

  @Test
  void deniesTheTablesOpaAnswersUnusableRestrictionsFor(@TempDir Path policy) throws IOException {
    Files.writeString(
        policy.resolve("restrictions.rego"),
        """
        package floe.authz

        restrictions := {"row_filters": row_filters, "column_masks": column_masks}

        # table 0: a filter that does not parse; table 1: a string mask on a bigint column
        row_filters contains {"table": 0, "expression": "region = "}

        column_masks contains {"table": 1, "column": 0, "mask": {"function": "SHOW_LAST", "characters": 4}}

        # a third table gets an index out of range when the caller is in group "broken"
        row_filters contains {"table": 7, "expression": "true"} if "broken" in input.groups
        """);
    try (OpaServer own = OpaServer.start(policy);
        OpaAuthorizer ownAuthorizer = new OpaAuthorizer(OpaConfiguration.of(own.uri()), new InMemoryGrantStore())) {
      Case severalTables =
          RestrictionCases.CASES.stream().filter(testCase -> testCase.tables().size() > 1).findFirst().orElseThrow();
      List<TableEvaluation> tables = RestrictionCases.evaluate(severalTables, ownAuthorizer.restrictions()).tables();
      assertThat(tables).extracting(TableEvaluation::selectAllowed).containsExactly(false, false, false);
      assertThat(tables.get(0).reason()).startsWith("OPA row filter 'region = ' is invalid: line 1:");
      assertThat(tables.get(1).reason())
          .startsWith("OPA mask on column 'phone' is invalid: Mask SHOW_LAST cannot serve a column of type long");

      Case broken =
          new Case(
              "broken",
              Settings.NONE,
              new CallerIdentity("bo", Set.of("broken"), Set.of()),
              List.of(
                  new TableRequest(List.of("sales"), "products", List.of(ColumnRequest.named("sku")))),
              List.of());
      TableEvaluation malformed = RestrictionCases.evaluate(broken, ownAuthorizer.restrictions()).tables().get(0);
      assertThat(malformed.selectAllowed()).isFalse();
      assertThat(malformed.reason()).contains("OPA answered malformed JSON ('table' 7 is out of range for 1 entries)");
    }
  }

  @Test
  void theSettingsOfTheSamplesAreOffByDefault() throws Exception {
    source(Settings.NONE);
    String restrictions =
        send(
            "POST",
            "/v1/data/floe/authz/restrictions",
            """
            {"input": {"principal": {"name": "eva"}, "principal_roles": [], "groups": ["eu"], "catalog": "lake",
                       "tables": [{"namespace": ["s"], "name": "t", "path": ["lake", "s", "t"], "tags": [],
                                   "schema": [{"name": "region", "field_id": 1, "type": "string"}],
                                   "columns": [{"name": "region", "field_id": 1, "type": "string",
                                                "trino_type": "varchar", "tags": ["pii.phone"]}]}]}}
            """);
    assertThat(OpaDocuments.JSON.readTree(restrictions).get("result"))
        .isEqualTo(OpaDocuments.JSON.readTree("{\"row_filters\": [], \"column_masks\": []}"));
  }

  private static String send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(opa.uri().resolve(path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn(200, 204, 404);
    return response.body();
  }

  /** OPA's own count of Data API POSTs, from its Prometheus metrics. */
  private static long postCount() throws Exception {
    String metrics = send("GET", "/metrics", null);
    Pattern line =
        Pattern.compile(
            "^http_request_duration_seconds_count\\{code=\"\\d+\",handler=\"v1/data\",method=\"post\"} (\\d+)$",
            Pattern.MULTILINE);
    Matcher matcher = line.matcher(metrics);
    long total = 0;
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }
}
