package dev.floe.policy.opa;

import static dev.floe.policy.Fixture.ADMIN;
import static dev.floe.policy.Fixture.READER;
import static dev.floe.policy.Fixture.VISITOR;
import static dev.floe.policy.Fixture.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.policy.Decision;
import dev.floe.policy.Fixture;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import dev.floe.policy.rbac.RbacAuthorizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the OPA path does beyond the contract: the sample rule, batching, failing closed. */
class ITOpaAuthorizer {
  private static OpaServer opa;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private InMemoryGrantStore store;
  private OpaAuthorizer authorizer;

  @BeforeAll
  static void startOpa() {
    opa = OpaServer.start();
  }

  @AfterAll
  static void stopOpa() {
    if (opa != null) {
      opa.stop();
    }
  }

  @BeforeEach
  void createAuthorizer() throws Exception {
    store = Fixture.store();
    authorizer = new OpaAuthorizer(OpaConfiguration.of(opa.uri()), store);
    send("DELETE", "/v1/data/floe/settings", null);
  }

  @AfterEach
  void closeAuthorizer() {
    authorizer.close();
  }

  @Test
  void confidentialTablesTakeDataOnlyFromConfiguredWriters() throws Exception {
    List<Target> confidentialWrite = commit(Set.of("confidential"), TableChange.DATA);

    Decision denied = authorizer.decide(WRITER, Operation.UPDATE_TABLE, confidentialWrite);
    assertThat(denied.outcome()).as("no setting: nobody writes confidential data").isEqualTo(Outcome.DENY);
    assertThat(denied.reason()).contains("tagged confidential");
    assertThat(new RbacAuthorizer(store).decide(WRITER, Operation.UPDATE_TABLE, confidentialWrite).outcome())
        .as("the built-in RBAC ignores tags")
        .isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(WRITER, Operation.UPDATE_TABLE, commit(Set.of("confidential.finance"), TableChange.DATA)).outcome())
        .as("a tag below confidential")
        .isEqualTo(Outcome.DENY);
    assertThat(authorizer.decide(WRITER, Operation.UPDATE_TABLE, commit(Set.of("confidentiality", "pii"), TableChange.DATA)).outcome())
        .as("a tag that only starts with the same letters")
        .isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(WRITER, Operation.UPDATE_TABLE, commit(Set.of("confidential"), TableChange.METADATA)).outcome())
        .as("the rule is about data only")
        .isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(READER, Operation.UPDATE_TABLE, confidentialWrite).outcome())
        .as("RBAC still applies first")
        .isEqualTo(Outcome.DENY);
    assertThat(authorizer.decide(VISITOR, Operation.UPDATE_TABLE, confidentialWrite).outcome())
        .as("and so does not-found")
        .isEqualTo(Outcome.NOT_FOUND);

    send("PUT", "/v1/data/floe/settings", "{\"confidential_writer_roles\": [\"sales_engineers\"]}");
    assertThat(authorizer.decide(WRITER, Operation.UPDATE_TABLE, confidentialWrite).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(ADMIN, Operation.UPDATE_TABLE, confidentialWrite).outcome())
        .as("even a catalog admin needs the role")
        .isEqualTo(Outcome.DENY);
    assertThat(
            authorizer
                .decide(ADMIN, Operation.PURGE_TABLE, List.of(Target.of(Fixture.ORDERS).withTags(Set.of("confidential"))))
                .outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(
            authorizer
                .decide(
                    ADMIN,
                    Operation.COMMIT_TRANSACTION,
                    List.of(
                        Target.of(Fixture.CUSTOMERS).withChanges(Set.of(TableChange.DATA)),
                        Target.of(Fixture.ORDERS).withTags(Set.of("confidential")).withChanges(Set.of(TableChange.DATA))))
                .outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(authorizer.decide(ADMIN, Operation.LOAD_TABLE, List.of(Target.of(Fixture.ORDERS).withTags(Set.of("confidential")))).outcome())
        .as("reading is not restricted")
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void asksOncePerListingPage() throws Exception {
    List<Target> page = new ArrayList<>();
    for (int index = 0; index < 500; index++) {
      page.add(Target.of(Securable.table("lake", List.of(index % 2 == 0 ? "sales" : "hr"), "table_" + index)));
    }
    authorizer.publishGrants();
    long before = postCount();
    List<Target> visible = authorizer.filter(READER, Operation.LIST_TABLES, page);
    assertThat(postCount() - before).isEqualTo(1);
    assertThat(visible).hasSize(250).allSatisfy(target -> assertThat(target.securable().path()).contains("sales"));
    assertThat(visible).isEqualTo(new RbacAuthorizer(store).filter(READER, Operation.LIST_TABLES, page));
  }

  @Test
  void publishesGrantDataOncePerStoreVersion() throws Exception {
    long before = putCount();
    for (int round = 0; round < 20; round++) {
      authorizer.decide(READER, Operation.LOAD_TABLE, List.of(Target.of(Fixture.ORDERS)));
    }
    assertThat(putCount() - before).isEqualTo(1);
    store.grant(Fixture.SALES_READER, Privilege.TABLE_DROP, Fixture.ORDERS);
    assertThat(authorizer.decide(READER, Operation.DROP_TABLE, List.of(Target.of(Fixture.ORDERS))).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(putCount() - before).isEqualTo(2);
    JsonNode published = OpaDocuments.JSON.readTree(send("GET", "/v1/data/floe/grants", null)).get("result");
    assertThat(published.get("version").longValue()).isEqualTo(store.version());
  }

  @Test
  void deniesOnceOpaStops() {
    try (OpaServer ownOpa = OpaServer.start();
        OpaAuthorizer ownAuthorizer = new OpaAuthorizer(OpaConfiguration.of(ownOpa.uri()), store)) {
      List<Target> orders = List.of(Target.of(Fixture.ORDERS));
      assertThat(ownAuthorizer.decide(READER, Operation.LOAD_TABLE, orders).outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(ownAuthorizer.filter(READER, Operation.LIST_TABLES, orders)).isEqualTo(orders);

      ownOpa.stop();
      Decision decision = ownAuthorizer.decide(READER, Operation.LOAD_TABLE, orders);
      assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
      assertThat(decision.reason()).contains("could not decide");
      assertThat(ownAuthorizer.filter(READER, Operation.LIST_TABLES, orders)).isEmpty();
    }
  }

  @Test
  void deniesWhenOpaRunsWithoutTheBundle(@TempDir Path emptyPolicy) throws IOException {
    Files.writeString(emptyPolicy.resolve("other.rego"), "package other\n\nallow := true\n");
    try (OpaServer bare = OpaServer.start(emptyPolicy);
        OpaAuthorizer bareAuthorizer = new OpaAuthorizer(OpaConfiguration.of(bare.uri()), store)) {
      Decision decision = bareAuthorizer.decide(ADMIN, Operation.LOAD_TABLE, List.of(Target.of(Fixture.ORDERS)));
      assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
      assertThat(decision.reason()).contains("is the policy loaded");
    }
  }

  @Test
  void regoImplicationsMatchJava() throws Exception {
    JsonNode implied = OpaDocuments.JSON.readTree(send("GET", "/v1/data/floe/authz/implied", null)).get("result");
    assertThat(names(implied)).containsExactlyInAnyOrderElementsOf(Arrays.stream(Privilege.values()).map(Enum::name).toList());
    for (Privilege privilege : Privilege.values()) {
      Set<String> rego = new HashSet<>();
      implied.get(privilege.name()).forEach(node -> rego.add(node.textValue()));
      assertThat(rego)
          .as(privilege.name())
          .isEqualTo(privilege.implied().stream().map(Enum::name).collect(Collectors.toSet()));
    }
  }

  @Test
  void regoRevealsWhatJavaReveals() throws Exception {
    JsonNode revealed = OpaDocuments.JSON.readTree(send("GET", "/v1/data/floe/authz/revealed", null)).get("result");
    assertThat(names(revealed)).containsExactlyInAnyOrderElementsOf(Arrays.stream(Privilege.values()).map(Enum::name).toList());
    for (Privilege privilege : Privilege.values()) {
      Set<String> rego = new HashSet<>();
      revealed.get(privilege.name()).forEach(node -> rego.add(node.textValue()));
      assertThat(rego)
          .as(privilege.name())
          .isEqualTo(privilege.revealedTypes().stream().map(Enum::name).collect(Collectors.toSet()));
    }
  }

  @Test
  void regoKnowsEveryOperationAndListing() throws Exception {
    JsonNode operations = OpaDocuments.JSON.readTree(send("GET", "/v1/data/floe/authz/operations", null)).get("result");
    assertThat(names(operations))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Operation.values()).map(Enum::name).toList());
    JsonNode listings = OpaDocuments.JSON.readTree(send("GET", "/v1/data/floe/authz/listings", null)).get("result");
    for (Operation operation : Operation.values()) {
      JsonNode listed = listings.get(operation.name());
      assertThat(listed == null ? null : SecurableType.valueOf(listed.textValue()))
          .as(operation.name())
          .isEqualTo(operation.listedType().orElse(null));
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<Target> commit(Set<String> tags, TableChange... changes) {
    return List.of(Target.of(Fixture.ORDERS).withTags(tags).withChanges(EnumSet.copyOf(Arrays.asList(changes))));
  }

  private static String send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(opa.uri().resolve(path))
            .method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn(200, 204, 404);
    return response.body();
  }

  private static long postCount() throws Exception {
    return requestCount("post");
  }

  private static long putCount() throws Exception {
    return requestCount("put");
  }

  /** OPA's own count of Data API requests, from its Prometheus metrics. */
  private static long requestCount(String method) throws Exception {
    String metrics = send("GET", "/metrics", null);
    Pattern line =
        Pattern.compile(
            "^http_request_duration_seconds_count\\{code=\"\\d+\",handler=\"v1/data\",method=\""
                + method
                + "\"} (\\d+)$",
            Pattern.MULTILINE);
    Matcher matcher = line.matcher(metrics);
    long total = 0;
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }
}
