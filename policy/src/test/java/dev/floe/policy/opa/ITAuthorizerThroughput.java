package dev.floe.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.Authorizer;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import dev.floe.policy.rbac.RbacAuthorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures decisions per second and latency percentiles of the built-in RBAC (warm cache) and of
 * the OPA path (a real OPA on loopback), on a catalog of 1,000 tables and 1,200 grants. Reports
 * numbers, asserts only that both paths answer alike; loops are bounded in count and time.
 * Results go to the console and to {@code target/it/throughput.txt}.
 */
class ITAuthorizerThroughput {
  private static final int NAMESPACES = 50;
  private static final int TABLES_PER_NAMESPACE = 20;
  private static final int CATALOG_ROLES = 40;
  private static final int PRINCIPAL_ROLES = 20;
  private static final long TIME_LIMIT_NANOS = 20_000_000_000L;

  private static OpaServer opa;
  private static final List<String> report = new ArrayList<>();

  private record Question(PrincipalContext caller, Operation operation, List<Target> targets) {}

  @BeforeAll
  static void startOpa() {
    opa = OpaServer.start();
  }

  @AfterAll
  static void stopOpaAndReport() throws IOException {
    if (opa != null) {
      opa.stop();
    }
    Path directory = Path.of(System.getProperty("floe.policy.it-work-dir", "target/it"));
    Files.createDirectories(directory);
    Files.write(directory.resolve("throughput.txt"), report);
  }

  @Test
  void measuresRbacAndOpa() throws Exception {
    InMemoryGrantStore store = grantData(new Random(7));
    List<Question> questions = questions(new Random(11), 4_096);
    RbacAuthorizer rbac = new RbacAuthorizer(store);
    List<Decision> expected = questions.stream().map(question -> ask(rbac, question)).toList();
    long allowed = expected.stream().filter(Decision::allowed).count();
    record("workload: %d questions, %d allowed, %d tables, %d grants, %d cores"
        .formatted(questions.size(), allowed, NAMESPACES * TABLES_PER_NAMESPACE,
            store.snapshot().grants().values().stream().mapToInt(List::size).sum(),
            Runtime.getRuntime().availableProcessors()));
    assertThat(allowed).isBetween(questions.size() / 10L, questions.size() * 9L / 10);

    measure("RBAC, warm cache, 1 thread", rbac, questions, expected, 1, 200_000, 400_000);
    measure("RBAC, warm cache, 2 threads", rbac, questions, expected, 2, 200_000, 400_000);

    try (OpaAuthorizer opaAuthorizer = new OpaAuthorizer(OpaConfiguration.of(opa.uri()), store)) {
      opaAuthorizer.publishGrants();
      measure("OPA decision, 1 thread", opaAuthorizer, questions, expected, 1, 500, 5_000);
      measure("OPA decision, 2 threads", opaAuthorizer, questions, expected, 2, 500, 5_000);

      List<Target> page = new ArrayList<>();
      for (int index = 0; index < 100; index++) {
        page.add(Target.of(table(index % NAMESPACES, index)));
      }
      PrincipalContext caller = questions.getFirst().caller();
      assertThat(opaAuthorizer.filter(caller, Operation.LIST_TABLES, page))
          .isEqualTo(rbac.filter(caller, Operation.LIST_TABLES, page));
      long[] latencies = new long[300];
      for (int index = 0; index < latencies.length; index++) {
        long started = System.nanoTime();
        opaAuthorizer.filter(caller, Operation.LIST_TABLES, page);
        latencies[index] = System.nanoTime() - started;
      }
      record(summary("OPA listing page of 100 tables, 1 thread", latencies, latencies.length));
    }
    report.forEach(System.out::println);
  }

  private void measure(
      String name,
      Authorizer authorizer,
      List<Question> questions,
      List<Decision> expected,
      int threads,
      int warmUp,
      int count)
      throws Exception {
    for (int index = 0; index < warmUp; index++) {
      ask(authorizer, questions.get(index % questions.size()));
    }
    int perThread = count / threads;
    long[][] latencies = new long[threads][perThread];
    int[] done = new int[threads];
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long started = System.nanoTime();
      for (int thread = 0; thread < threads; thread++) {
        int worker = thread;
        futures.add(
            executor.submit(
                () -> {
                  long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
                  for (int index = 0; index < perThread && System.nanoTime() < deadline; index++) {
                    int questionIndex = (index * threads + worker) % questions.size();
                    long before = System.nanoTime();
                    Decision decision = ask(authorizer, questions.get(questionIndex));
                    latencies[worker][index] = System.nanoTime() - before;
                    if (decision.outcome() != expected.get(questionIndex).outcome()) {
                      throw new AssertionError(
                          name + " answered " + decision + " for " + questions.get(questionIndex));
                    }
                    done[worker] = index + 1;
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      long elapsed = System.nanoTime() - started;
      long[] all = new long[Arrays.stream(done).sum()];
      int offset = 0;
      for (int thread = 0; thread < threads; thread++) {
        System.arraycopy(latencies[thread], 0, all, offset, done[thread]);
        offset += done[thread];
      }
      record(summary(name, all, all.length) + String.format(Locale.ROOT, ", %,.0f decisions/s", all.length / (elapsed / 1e9)));
    } finally {
      executor.shutdownNow();
    }
  }

  private static String summary(String name, long[] latencies, int count) {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    double total = Arrays.stream(sorted).sum();
    return String.format(
        Locale.ROOT,
        "%-42s n=%,d  p50=%.1f µs  p99=%.1f µs  max=%.1f µs  (%,.0f calls/s per thread)",
        name,
        count,
        sorted[count / 2] / 1e3,
        sorted[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e3,
        sorted[count - 1] / 1e3,
        count / (total / 1e9));
  }

  private static void record(String line) {
    report.add(line);
  }

  private static Decision ask(Authorizer authorizer, Question question) {
    return authorizer.decide(question.caller(), question.operation(), question.targets());
  }

  private static Securable namespace(int index) {
    return Securable.namespace("lake", "domain_" + index, "curated");
  }

  private static Securable table(int namespace, int index) {
    return Securable.table("lake", List.of("domain_" + namespace, "curated"), "table_" + index);
  }

  /** 40 catalog roles of 30 grants each (namespaces and single tables), 20 principal roles of 3. */
  private static InMemoryGrantStore grantData(Random random) {
    InMemoryGrantStore store = new InMemoryGrantStore();
    List<Privilege> namespacePrivileges =
        List.of(Privilege.TABLE_LIST, Privilege.TABLE_READ_DATA, Privilege.TABLE_WRITE_DATA,
            Privilege.TABLE_CREATE, Privilege.NAMESPACE_READ_PROPERTIES);
    List<Privilege> tablePrivileges =
        List.of(Privilege.TABLE_READ_DATA, Privilege.TABLE_WRITE_DATA, Privilege.TABLE_WRITE_PROPERTIES);
    for (int role = 0; role < CATALOG_ROLES; role++) {
      CatalogRole catalogRole = new CatalogRole("lake", "role_" + role);
      for (int grant = 0; grant < 30; grant++) {
        if (grant % 3 == 0) {
          store.grant(catalogRole, namespacePrivileges.get(random.nextInt(namespacePrivileges.size())),
              namespace(random.nextInt(NAMESPACES)));
        } else {
          int namespaceIndex = random.nextInt(NAMESPACES);
          store.grant(catalogRole, tablePrivileges.get(random.nextInt(tablePrivileges.size())),
              table(namespaceIndex, random.nextInt(TABLES_PER_NAMESPACE) + namespaceIndex * TABLES_PER_NAMESPACE));
        }
      }
    }
    for (int principalRole = 0; principalRole < PRINCIPAL_ROLES; principalRole++) {
      for (int assigned = 0; assigned < 3; assigned++) {
        store.assign("team_" + principalRole, new CatalogRole("lake", "role_" + random.nextInt(CATALOG_ROLES)));
      }
    }
    return store;
  }

  private static List<Question> questions(Random random, int count) {
    List<PrincipalContext> callers = new ArrayList<>();
    for (int index = 0; index < 50; index++) {
      callers.add(
          new PrincipalContext(
              new Principal("user_" + index, false),
              Set.of("team_" + index % PRINCIPAL_ROLES, "team_" + (index + 7) % PRINCIPAL_ROLES)));
    }
    List<Question> questions = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      PrincipalContext caller = callers.get(random.nextInt(callers.size()));
      int namespaceIndex = random.nextInt(NAMESPACES);
      Securable table =
          table(namespaceIndex, random.nextInt(TABLES_PER_NAMESPACE) + namespaceIndex * TABLES_PER_NAMESPACE);
      Question question =
          switch (random.nextInt(5)) {
            case 0, 1 -> new Question(caller, Operation.LOAD_TABLE, List.of(Target.of(table)));
            case 2 ->
                new Question(caller, Operation.UPDATE_TABLE,
                    List.of(Target.of(table).withChanges(Set.of(TableChange.DATA))));
            case 3 -> new Question(caller, Operation.TABLE_EXISTS, List.of(Target.of(table)));
            default -> new Question(caller, Operation.LIST_TABLES, List.of(Target.of(namespace(namespaceIndex))));
          };
      questions.add(question);
    }
    return questions;
  }
}
