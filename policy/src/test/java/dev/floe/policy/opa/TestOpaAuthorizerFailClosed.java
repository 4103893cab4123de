package dev.floe.policy.opa;

import static dev.floe.policy.Fixture.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.floe.policy.Decision;
import dev.floe.policy.Fixture;
import dev.floe.policy.Grant;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OPA authorizer against a hand-written fake OPA on loopback that answers whatever a test sets:
 * every failure must be a deny (or an empty listing) and a warning in the log.
 */
class TestOpaAuthorizerFailClosed {
  private static final List<Target> ORDERS = List.of(Target.of(Fixture.ORDERS));
  private static final String ALLOW_READ =
      """
      {"result": {"allow": true, "outcome": "ALLOW", "reason": "fine",
        "grants": [{"catalog_role": "sales_reader", "privilege": "TABLE_READ_DATA",
                    "securable": {"type": "NAMESPACE", "path": ["lake", "sales"]}}]}}
      """;

  private HttpServer server;
  private volatile int decisionStatus;
  private volatile String decisionBody;
  private volatile int publishStatus;
  private volatile long delayMillis;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<JsonNode> inputs = new CopyOnWriteArrayList<>();
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private InMemoryGrantStore store;
  private OpaAuthorizer authorizer;

  @BeforeEach
  void startFakeOpa() throws IOException {
    decisionStatus = 200;
    decisionBody = ALLOW_READ;
    publishStatus = 204;
    delayMillis = 0;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    store = Fixture.store();
    authorizer =
        new OpaAuthorizer(
            OpaConfiguration.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .withTimeout(Duration.ofMillis(500)),
            store);
    Logger.getLogger(OpaAuthorizer.class.getName()).addHandler(handler);
  }

  @AfterEach
  void stopFakeOpa() {
    Logger.getLogger(OpaAuthorizer.class.getName()).removeHandler(handler);
    authorizer.close();
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] request = exchange.getRequestBody().readAllBytes();
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    int status;
    String body;
    if (exchange.getRequestMethod().equals("PUT")) {
      status = publishStatus;
      body = "";
    } else {
      inputs.add(OpaDocuments.JSON.readTree(request).get("input"));
      status = decisionStatus;
      body = decisionBody;
    }
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException exception) {
      Thread.currentThread().interrupt();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream output = exchange.getResponseBody()) {
      output.write(bytes);
    }
  }

  @Test
  void readsAWellFormedAnswer() {
    Decision decision = authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(decision.grants())
        .containsExactly(new Grant("sales_reader", Privilege.TABLE_READ_DATA, Fixture.SALES));
    assertThat(decision.reason()).isEqualTo("OPA: fine");
    assertThat(requests).containsExactly("PUT /v1/data/floe/grants", "POST /v1/data/floe/authz/decision");
    assertThat(warnings).isEmpty();
  }

  private OpaAuthorizer withDecisionCache() {
    return new OpaAuthorizer(
        OpaConfiguration.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .withTimeout(Duration.ofMillis(500))
            .withDecisionCacheTtl(Duration.ofMinutes(5)),
        store);
  }

  private long decisionQueries() {
    return requests.stream().filter(request -> request.equals("POST /v1/data/floe/authz/decision")).count();
  }

  @Test
  void aCachedAnswerIsReusedUntilTheInputOrTheGrantsChange() {
    try (OpaAuthorizer cached = withDecisionCache()) {
      assertThat(cached.decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(cached.decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(decisionQueries()).as("the same question twice").isEqualTo(1);

      cached.decide(READER, Operation.TABLE_EXISTS, ORDERS);
      assertThat(decisionQueries()).as("another operation").isEqualTo(2);

      store.revoke(Fixture.SALES_READER, Privilege.TABLE_READ_DATA, Fixture.SALES);
      cached.decide(READER, Operation.LOAD_TABLE, ORDERS);
      assertThat(decisionQueries()).as("after a grant change").isEqualTo(3);
    }
  }

  @Test
  void aFailureIsNeverKept() {
    try (OpaAuthorizer cached = withDecisionCache()) {
      decisionStatus = 500;
      assertThat(cached.decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.DENY);
      decisionStatus = 200;
      assertThat(cached.decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(decisionQueries()).isEqualTo(2);
    }
  }

  @Test
  void answersExpire() {
    AtomicLong now = new AtomicLong();
    OpaDecisionCache<String> cache = new OpaDecisionCache<>(Duration.ofSeconds(5), 2, now::get);
    cache.put("a", "allow");
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(cache.get("a")).isEqualTo("allow");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(cache.get("a")).isNull();
    cache.put("b", "x");
    cache.put("c", "y");
    cache.put("d", "z");
    assertThat(cache.size()).as("bounded").isLessThanOrEqualTo(2);
    assertThat(new OpaDecisionCache<String>(Duration.ZERO, 2, now::get).enabled()).isFalse();
  }

  @Test
  void publishesGrantDataOnlyWhenTheStoreVersionChanges() {
    authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(requests.stream().filter(request -> request.startsWith("PUT"))).hasSize(1);
    assertThat(authorizer.publishedVersion()).hasValue(store.version());

    store.revoke(Fixture.SALES_READER, Privilege.TABLE_READ_DATA, Fixture.SALES);
    authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(requests.stream().filter(request -> request.startsWith("PUT"))).hasSize(2);
    assertThat(authorizer.publishedVersion()).hasValue(store.version());
  }

  @Test
  void sendsNamesAndTagsAsJsonData() {
    Securable table = Securable.table("lake", List.of("sales\"; allow := true #"), "t\\");
    PrincipalContext caller =
        new PrincipalContext(new Principal("m\"allory", false), Set.of("b\"role", "a role"));
    authorizer.decide(
        caller,
        Operation.UPDATE_TABLE,
        List.of(Target.of(table).withTags(Set.of("pii", "confidential")).withChanges(Set.of(TableChange.DATA))));
    JsonNode input = inputs.getFirst();
    assertThat(input.get("principal").get("name").textValue()).isEqualTo("m\"allory");
    assertThat(input.get("principal").get("disabled").booleanValue()).isFalse();
    assertThat(input.get("principal_roles").toString()).isEqualTo("[\"a role\",\"b\\\"role\"]");
    assertThat(input.get("operation").textValue()).isEqualTo("UPDATE_TABLE");
    JsonNode target = input.get("targets").get(0);
    assertThat(target.get("type").textValue()).isEqualTo("TABLE");
    assertThat(target.get("path").get(1).textValue()).isEqualTo("sales\"; allow := true #");
    assertThat(target.get("tags").toString()).isEqualTo("[\"confidential\",\"pii\"]");
    assertThat(target.get("changes").toString()).isEqualTo("[\"DATA\"]");
  }

  @Test
  void deniesWhenOpaAnswersSomethingElse() {
    List<String> malformed =
        List.of(
            "not json at all",
            "[]",
            "{}",
            "{\"result\": \"yes\"}",
            "{\"result\": true}",
            "{\"result\": {\"allow\": true}}",
            "{\"result\": {\"allow\": true, \"outcome\": \"MAYBE\", \"reason\": \"\", \"grants\": []}}",
            "{\"result\": {\"allow\": false, \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": []}}",
            "{\"result\": {\"allow\": \"true\", \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": []}}",
            "{\"result\": {\"allow\": true, \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": {}}}",
            "{\"result\": {\"allow\": true, \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": [{\"catalog_role\": \"r\", "
                + "\"privilege\": \"TABLE_EAT_DATA\", \"securable\": {\"type\": \"TABLE\", \"path\": [\"a\", \"b\", \"c\"]}}]}}",
            "{\"result\": {\"allow\": true, \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": [{\"catalog_role\": \"r\", "
                + "\"privilege\": \"TABLE_CREATE\", \"securable\": {\"type\": \"TABLE\", \"path\": [\"a\", \"b\", \"c\"]}}]}}",
            "{\"result\": {\"allow\": true, \"outcome\": \"ALLOW\", \"reason\": \"\", \"grants\": [{\"catalog_role\": \"r\", "
                + "\"privilege\": \"TABLE_DROP\", \"securable\": {\"type\": \"TABLE\", \"path\": [\"a\", 7, \"c\"]}}]}}",
            "{\"result\": {\"allow\": false, \"outcome\": \"DENY\", \"reason\": \"\", \"grants\": [{\"catalog_role\": \"r\", "
                + "\"privilege\": \"TABLE_DROP\", \"securable\": {\"type\": \"TABLE\", \"path\": [\"a\", \"b\", \"c\"]}}]}}");
    for (String body : malformed) {
      decisionBody = body;
      warnings.clear();
      Decision decision = authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
      assertThat(decision.outcome()).as(body).isEqualTo(Outcome.DENY);
      assertThat(decision.grants()).isEmpty();
      assertThat(decision.reason()).as(body).contains("could not decide");
      assertThat(warnings).as(body).singleElement().satisfies(record -> assertThat(record.getMessage()).contains("failed closed", "LOAD_TABLE", "rita"));
    }
  }

  @Test
  void deniesOnAnErrorStatus() {
    decisionStatus = 500;
    decisionBody = "{\"code\": \"internal_error\"}";
    Decision decision = authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    assertThat(decision.reason()).contains("HTTP 500");
    assertThat(warnings).hasSize(1);
  }

  @Test
  void deniesOnATimeout() {
    delayMillis = 2_000;
    long started = System.nanoTime();
    Decision decision = authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));
    assertThat(warnings).hasSize(1);
  }

  @Test
  void deniesWhenNothingListens() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (OpaAuthorizer unreachable =
        new OpaAuthorizer(OpaConfiguration.of(URI.create("http://127.0.0.1:" + closedPort)), store)) {
      Decision decision = unreachable.decide(READER, Operation.LOAD_TABLE, ORDERS);
      assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
      assertThat(decision.reason()).contains("cannot reach OPA");
      assertThat(unreachable.filter(READER, Operation.LIST_TABLES, ORDERS)).isEmpty();
    }
    assertThat(warnings).hasSize(2);
  }

  @Test
  void deniesWhenTheGrantDataCannotBePublished() {
    publishStatus = 400;
    Decision decision = authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS);
    assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    assertThat(decision.reason()).contains("publishing the grant data");
    assertThat(requests).containsExactly("PUT /v1/data/floe/grants");
    assertThat(authorizer.publishedVersion()).isEmpty();

    publishStatus = 204;
    assertThat(authorizer.decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void listingShowsNothingWhenOpaAnswersSomethingElse() {
    List<Target> page = List.of(Target.of(Fixture.ORDERS), Target.of(Fixture.CUSTOMERS));
    decisionBody = "{\"result\": [1]}";
    assertThat(authorizer.filter(READER, Operation.LIST_TABLES, page)).containsExactly(page.get(1));
    for (String body :
        List.of("{\"result\": [2]}", "{\"result\": [-1]}", "{\"result\": [\"0\"]}", "{\"result\": [0.5]}",
            "{\"result\": {\"0\": true}}", "{}", "garbage")) {
      decisionBody = body;
      assertThat(authorizer.filter(READER, Operation.LIST_TABLES, page)).as(body).isEmpty();
    }
    assertThat(warnings).hasSize(7);
    assertThat(warnings.getLast().getMessage()).contains("hid all 2 entries of LIST_TABLES");
  }

  @Test
  void asksOnceForAWholePageAndNotAtAllForAnEmptyOne() {
    decisionBody = "{\"result\": [0, 2]}";
    List<Target> page =
        List.of(Target.of(Fixture.ORDERS), Target.of(Fixture.CUSTOMERS), Target.of(Fixture.SALARIES));
    assertThat(authorizer.filter(READER, Operation.LIST_TABLES, page)).containsExactly(page.get(0), page.get(2));
    assertThat(authorizer.filter(READER, Operation.LIST_TABLES, List.of())).isEmpty();
    assertThat(requests).containsExactly("PUT /v1/data/floe/grants", "POST /v1/data/floe/authz/visible_indexes");
    assertThat(inputs.getFirst().get("targets")).hasSize(3);
  }
}
