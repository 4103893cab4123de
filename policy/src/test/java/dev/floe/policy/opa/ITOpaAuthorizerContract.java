package dev.floe.policy.opa;

import static dev.floe.policy.Fixture.CALLERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.Authorizer;
import dev.floe.policy.AuthorizerContractTest;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.PermissionMatrix;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.rbac.RbacAuthorizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real OPA running Floe's Rego bundle, and the proof that OPA answers
 * exactly as the built-in RBAC: over the permission matrix, over every operation on every target
 * of a pool, and over random grant data.
 */
class ITOpaAuthorizerContract extends AuthorizerContractTest {
  private static OpaServer opa;

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

  @Override
  protected Authorizer createAuthorizer(GrantStore grantStore) {
    return new OpaAuthorizer(OpaConfiguration.of(opa.uri()), grantStore);
  }

  @Test
  void answersExactlyAsTheBuiltInRbacOverThePermissionMatrix() {
    RbacAuthorizer rbac = new RbacAuthorizer(store);
    SoftAssertions softly = new SoftAssertions();
    int compared = 0;
    for (PermissionMatrix.Row row : PermissionMatrix.ROWS) {
      for (PrincipalContext caller : CALLERS) {
        compare(softly, rbac, caller, row.operation(), row.targets());
        compared++;
      }
    }
    for (PrincipalContext caller : CALLERS) {
      for (Operation listing : listings()) {
        compareFilter(softly, rbac, caller, listing);
      }
    }
    softly.assertAll();
    assertThat(compared).isEqualTo(PermissionMatrix.ROWS.size() * CALLERS.size());
  }

  @Test
  void answersExactlyAsTheBuiltInRbacForEveryOperationOnEveryTarget() {
    RbacAuthorizer rbac = new RbacAuthorizer(store);
    List<RequestSpace.Request> requests = RequestSpace.everyRequest();
    SoftAssertions softly = new SoftAssertions();
    for (PrincipalContext caller : CALLERS) {
      for (RequestSpace.Request request : requests) {
        compare(softly, rbac, caller, request.operation(), request.targets());
      }
    }
    softly.assertAll();
    assertThat(requests.size()).isGreaterThan(300);
  }

  @Test
  void answersExactlyAsTheBuiltInRbacForRandomGrantData() {
    RbacAuthorizer rbac = new RbacAuthorizer(store);
    List<RequestSpace.Request> requests = RequestSpace.everyRequest();
    Random random = new Random(20_260_406L);
    SoftAssertions softly = new SoftAssertions();
    for (int round = 0; round < 12; round++) {
      store.replaceAll(randomGrantData(random));
      for (int question = 0; question < 150; question++) {
        RequestSpace.Request request = requests.get(random.nextInt(requests.size()));
        compare(softly, rbac, randomCaller(random), request.operation(), request.targets());
      }
      PrincipalContext caller = randomCaller(random);
      for (Operation listing : listings()) {
        compareFilter(softly, rbac, caller, listing);
      }
    }
    softly.assertAll();
  }

  private void compare(
      SoftAssertions softly,
      RbacAuthorizer rbac,
      PrincipalContext caller,
      Operation operation,
      List<Target> targets) {
    Decision expected = rbac.decide(caller, operation, targets);
    Decision actual = authorizer.decide(caller, operation, targets);
    String question = "%s %s by %s %s".formatted(operation, targets, caller.principal(), caller.principalRoles());
    softly.assertThat(actual.outcome()).as("outcome of " + question + " (" + actual.reason() + ")").isEqualTo(expected.outcome());
    softly.assertThat(actual.grants()).as("grants of " + question).isEqualTo(expected.grants());
  }

  private void compareFilter(SoftAssertions softly, RbacAuthorizer rbac, PrincipalContext caller, Operation listing) {
    List<Target> candidates = RequestSpace.ofType(listing.listedType().orElseThrow());
    softly
        .assertThat(authorizer.filter(caller, listing, candidates))
        .as("%s by %s %s", listing, caller.principal(), caller.principalRoles())
        .isEqualTo(rbac.filter(caller, listing, candidates));
  }

  private static List<Operation> listings() {
    return List.of(Operation.LIST_CATALOGS, Operation.LIST_NAMESPACES, Operation.LIST_TABLES, Operation.LIST_VIEWS);
  }

  private static GrantData randomGrantData(Random random) {
    List<String> principalRoles = List.of("p0", "p1", "p2", "p3");
    Map<CatalogRole, List<Grant>> grants = new HashMap<>();
    int grantCount = 3 + random.nextInt(12);
    for (int index = 0; index < grantCount; index++) {
      Privilege privilege = Privilege.values()[random.nextInt(Privilege.values().length)];
      List<Securable> grantable =
          RequestSpace.POOL.stream().filter(securable -> privilege.isGrantableOn(securable.type())).toList();
      Securable securable = grantable.get(random.nextInt(grantable.size()));
      CatalogRole role = new CatalogRole(securable.catalogName(), "r" + random.nextInt(3));
      List<Grant> roleGrants = grants.computeIfAbsent(role, key -> new ArrayList<>());
      Grant grant = new Grant(role.name(), privilege, securable);
      if (!roleGrants.contains(grant)) {
        roleGrants.add(grant);
      }
    }
    List<CatalogRole> roles = new ArrayList<>(grants.keySet());
    roles.sort(Comparator.comparing(CatalogRole::toString));
    Map<String, Set<CatalogRole>> assignments = new HashMap<>();
    for (String principalRole : principalRoles) {
      Set<CatalogRole> assigned = new HashSet<>();
      for (CatalogRole role : roles) {
        if (random.nextInt(3) == 0) {
          assigned.add(role);
        }
      }
      assignments.put(principalRole, assigned);
    }
    Set<String> administrators = random.nextInt(4) == 0 ? Set.of("p3") : Set.of();
    return new GrantData(0, administrators, assignments, grants);
  }

  private static PrincipalContext randomCaller(Random random) {
    Set<String> roles = new HashSet<>();
    for (String role : List.of("p0", "p1", "p2", "p3", "nobody")) {
      if (random.nextInt(3) == 0) {
        roles.add(role);
      }
    }
    return new PrincipalContext(new Principal("caller", random.nextInt(10) == 0), roles);
  }

}
