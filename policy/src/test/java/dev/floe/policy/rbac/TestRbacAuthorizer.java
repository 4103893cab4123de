package dev.floe.policy.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.CatalogRole;
import dev.floe.policy.Decision;
import dev.floe.policy.Fixture;
import dev.floe.policy.Grant;
import dev.floe.policy.GrantData;
import dev.floe.policy.GrantStore;
import dev.floe.policy.InMemoryGrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestRbacAuthorizer {
  private static final CatalogRole ROLE = new CatalogRole("lake", "role");
  private static final PrincipalContext CALLER = Fixture.caller("carol", false, "members");

  private static final Securable LAKE = Securable.catalog("lake");
  private static final Securable SALES = Securable.namespace("lake", "sales");
  private static final Securable SALES_EU = Securable.namespace("lake", "sales", "eu");
  private static final Securable SALES_EU_DEEP = Securable.namespace("lake", "sales", "eu", "deep");
  private static final Securable HR = Securable.namespace("lake", "hr");
  private static final Securable ORDERS = Securable.table("lake", List.of("sales", "eu"), "orders");
  private static final Securable DEEP_TABLE =
      Securable.table("lake", List.of("sales", "eu", "deep"), "events");
  private static final Securable SALES_TABLE = Securable.table("lake", List.of("sales"), "customers");
  private static final Securable ORDERS_VIEW = Securable.view("lake", List.of("sales", "eu"), "orders");
  private static final Securable SALARIES = Securable.table("lake", List.of("hr"), "salaries");
  private static final Securable SALESMEN = Securable.namespace("lake", "salesmen");
  private static final Securable OTHER_ORDERS = Securable.table("other", List.of("sales", "eu"), "orders");

  private InMemoryGrantStore store;
  private CountingStore counting;
  private RbacAuthorizer authorizer;

  @BeforeEach
  void setUp() {
    store = new InMemoryGrantStore();
    store.assign("members", ROLE);
    counting = new CountingStore(store);
    authorizer = new RbacAuthorizer(counting);
  }

  @Test
  void grantOnNamespaceAppliesToNestedNamespacesTablesAndViews() {
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    store.grant(ROLE, Privilege.VIEW_READ_PROPERTIES, SALES);
    store.grant(ROLE, Privilege.NAMESPACE_READ_PROPERTIES, SALES);

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(outcome(Operation.LOAD_TABLE, SALES_TABLE)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_TABLE, DEEP_TABLE)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_NAMESPACE, SALES_EU_DEEP)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_NAMESPACE, SALES)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_TABLE, SALARIES)).as("a sibling namespace").isEqualTo(Outcome.NOT_FOUND);
    softly
        .assertThat(outcome(Operation.LOAD_NAMESPACE, SALESMEN))
        .as("a name prefix is not a parent")
        .isEqualTo(Outcome.NOT_FOUND);
    softly
        .assertThat(outcome(Operation.LOAD_TABLE, OTHER_ORDERS))
        .as("the same path in another catalog")
        .isEqualTo(Outcome.NOT_FOUND);
    softly.assertThat(outcome(Operation.GET_CATALOG, LAKE)).as("nothing flows upwards").isEqualTo(Outcome.DENY);
    softly.assertAll();
  }

  @Test
  void grantOnCatalogAppliesToEverythingInIt() {
    store.grant(ROLE, Privilege.TABLE_DROP, LAKE);
    assertThat(outcome(Operation.DROP_TABLE, DEEP_TABLE)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.DROP_TABLE, SALARIES)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.DROP_VIEW, Securable.view("lake", List.of("hr"), "v")))
        .as("a table privilege reveals no view")
        .isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.DROP_NAMESPACE, HR)).as("but reveals namespaces").isEqualTo(Outcome.DENY);
  }

  @Test
  void grantOnTableDoesNotReachTheViewOfTheSameName() {
    store.grant(ROLE, Privilege.TABLE_WRITE_PROPERTIES, ORDERS);
    assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.LOAD_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.LOAD_NAMESPACE, Securable.namespace("lake", "sales", "eu", "orders")))
        .as("a namespace with the table's path is another object")
        .isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void writingDataImpliesReadingButNotChangingTheDefinition() {
    store.grant(ROLE, Privilege.TABLE_WRITE_DATA, SALES);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(commit(ORDERS, TableChange.DATA)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(commit(ORDERS, TableChange.METADATA)).isEqualTo(Outcome.DENY);
    softly.assertThat(commit(ORDERS, TableChange.DATA, TableChange.METADATA)).isEqualTo(Outcome.DENY);
    softly.assertThat(commit(ORDERS)).as("a commit that names no change").isEqualTo(Outcome.DENY);
    softly.assertThat(outcome(Operation.PURGE_TABLE, ORDERS)).as("purge also needs TABLE_DROP").isEqualTo(Outcome.DENY);
    softly.assertAll();

    store.grant(ROLE, Privilege.TABLE_DROP, ORDERS);
    assertThat(outcome(Operation.PURGE_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.DROP_TABLE, DEEP_TABLE)).isEqualTo(Outcome.DENY);
  }

  @Test
  void writingPropertiesImpliesReadingThem() {
    store.grant(ROLE, Privilege.NAMESPACE_WRITE_PROPERTIES, SALES);
    store.grant(ROLE, Privilege.CATALOG_WRITE_PROPERTIES, LAKE);
    store.grant(ROLE, Privilege.VIEW_WRITE_PROPERTIES, SALES);
    assertThat(outcome(Operation.LOAD_NAMESPACE, SALES_EU)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.UPDATE_NAMESPACE_PROPERTIES, SALES_EU)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.GET_CATALOG, LAKE)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.LOAD_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.REPLACE_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.DROP_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.DENY);
  }

  @Test
  void manageContentImpliesAllContentButNotAccess() {
    store.grant(ROLE, Privilege.CATALOG_MANAGE_CONTENT, LAKE);
    assertThat(outcome(Operation.DROP_NAMESPACE, SALES_EU_DEEP)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.UPDATE_CATALOG, LAKE)).isEqualTo(Outcome.ALLOW);
    assertThat(commit(DEEP_TABLE, TableChange.DATA, TableChange.METADATA)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.GRANT, ORDERS)).isEqualTo(Outcome.DENY);
    assertThat(outcome(Operation.CREATE_CATALOG_ROLE, LAKE)).isEqualTo(Outcome.DENY);
  }

  @Test
  void manageAccessDoesNotRevealContent() {
    store.grant(ROLE, Privilege.CATALOG_MANAGE_ACCESS, LAKE);
    assertThat(outcome(Operation.GRANT, ORDERS)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.GET_CATALOG, LAKE)).isEqualTo(Outcome.DENY);
    assertThat(outcome(Operation.GET_CONFIG, LAKE)).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void disabledPrincipalIsDeniedEverythingWhateverItsGrants() {
    store.grant(ROLE, Privilege.CATALOG_MANAGE_CONTENT, LAKE);
    store.setServiceAdministratorRole("members", true);
    PrincipalContext disabled = Fixture.caller("carol", true, "members");
    for (Operation operation : List.of(Operation.LOAD_TABLE, Operation.TABLE_EXISTS, Operation.DROP_TABLE)) {
      Decision decision = authorizer.decide(disabled, operation, List.of(Target.of(ORDERS)));
      assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
      assertThat(decision.reason()).contains("disabled");
      assertThat(decision.grants()).isEmpty();
    }
    assertThat(authorizer.decide(disabled, Operation.CREATE_PRINCIPAL, List.of()).outcome()).isEqualTo(Outcome.DENY);
    assertThat(authorizer.decide(disabled, Operation.LIST_CATALOGS, List.of()).outcome()).isEqualTo(Outcome.DENY);
    assertThat(authorizer.filter(disabled, Operation.LIST_TABLES, List.of(Target.of(ORDERS)))).isEmpty();
  }

  @Test
  void notFoundWhenTheCallerMayNotKnowTheObjectElseDenied() {
    store.grant(ROLE, Privilege.TABLE_READ_DATA, DEEP_TABLE);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(outcome(Operation.DROP_TABLE, DEEP_TABLE)).as("holds a privilege on it").isEqualTo(Outcome.DENY);
    softly.assertThat(outcome(Operation.DROP_NAMESPACE, SALES_EU)).as("a grant inside it").isEqualTo(Outcome.DENY);
    softly.assertThat(outcome(Operation.GET_CATALOG, LAKE)).as("a grant inside it").isEqualTo(Outcome.DENY);
    softly.assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).as("a sibling").isEqualTo(Outcome.NOT_FOUND);
    softly.assertThat(outcome(Operation.TABLE_EXISTS, ORDERS)).isEqualTo(Outcome.NOT_FOUND);
    softly.assertThat(outcome(Operation.TABLE_EXISTS, DEEP_TABLE)).isEqualTo(Outcome.ALLOW);
    softly.assertThat(outcome(Operation.LOAD_NAMESPACE, HR)).isEqualTo(Outcome.NOT_FOUND);
    softly
        .assertThat(outcome(Operation.CREATE_TABLE, Securable.table("lake", List.of("sales", "eu"), "new")))
        .as("creating in a visible namespace")
        .isEqualTo(Outcome.DENY);
    softly
        .assertThat(outcome(Operation.CREATE_TABLE, Securable.table("lake", List.of("hr"), "new")))
        .as("creating in a namespace the caller may not know")
        .isEqualTo(Outcome.NOT_FOUND);
    softly.assertAll();
  }

  @Test
  void catalogPrivilegesRevealOnlyTheCatalog() {
    store.grant(ROLE, Privilege.CATALOG_READ_PROPERTIES, LAKE);
    assertThat(outcome(Operation.GET_CONFIG, LAKE)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.NAMESPACE_EXISTS, SALES)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.CREATE_NAMESPACE, Securable.namespace("lake", "x"))).isEqualTo(Outcome.DENY);
  }

  @Test
  void privilegesRevealTheirKindBelowTheGrant() {
    store.grant(ROLE, Privilege.NAMESPACE_LIST, SALES);
    assertThat(outcome(Operation.NAMESPACE_EXISTS, SALES_EU_DEEP)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.TABLE_EXISTS, ORDERS)).as("namespaces only").isEqualTo(Outcome.NOT_FOUND);

    store.grant(ROLE, Privilege.VIEW_LIST, SALES);
    assertThat(outcome(Operation.VIEW_EXISTS, ORDERS_VIEW)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.TABLE_EXISTS, ORDERS)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(outcome(Operation.LOAD_VIEW, ORDERS_VIEW)).isEqualTo(Outcome.DENY);

    store.grant(ROLE, Privilege.TABLE_CREATE, SALES_EU);
    assertThat(outcome(Operation.TABLE_EXISTS, ORDERS)).isEqualTo(Outcome.ALLOW);
    assertThat(outcome(Operation.TABLE_EXISTS, SALES_TABLE)).as("above the grant").isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void renameNeedsDropOnSourceAndCreateOnDestinationNamespace() {
    Securable destination = Securable.table("lake", List.of("hr"), "orders");
    store.grant(ROLE, Privilege.TABLE_DROP, ORDERS);
    Decision decision = authorizer.decide(CALLER, Operation.RENAME_TABLE, targets(ORDERS, destination));
    assertThat(decision.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(decision.reason()).contains("TABLE_CREATE on namespace lake.hr");

    store.grant(ROLE, Privilege.TABLE_LIST, HR);
    assertThat(authorizer.decide(CALLER, Operation.RENAME_TABLE, targets(ORDERS, destination)).outcome())
        .isEqualTo(Outcome.DENY);

    store.grant(ROLE, Privilege.TABLE_CREATE, HR);
    decision = authorizer.decide(CALLER, Operation.RENAME_TABLE, targets(ORDERS, destination));
    assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(decision.grants())
        .containsExactly(
            new Grant("role", Privilege.TABLE_CREATE, HR), new Grant("role", Privilege.TABLE_DROP, ORDERS));
  }

  @Test
  void serviceAdministratorsManageCatalogsAndPrincipalsOnly() {
    store.setServiceAdministratorRole("members", true);
    assertThat(outcome(Operation.CREATE_CATALOG, Securable.catalog("new"))).isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(CALLER, Operation.CREATE_PRINCIPAL, List.of()).reason()).contains("members");
    assertThat(outcome(Operation.GET_CATALOG, LAKE)).isEqualTo(Outcome.DENY);
    assertThat(outcome(Operation.LIST_NAMESPACES, SALES)).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void resolvesEachRoleSetOnceUntilTheStoreVersionChanges() {
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    for (int round = 0; round < 100; round++) {
      assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
      authorizer.filter(CALLER, Operation.LIST_TABLES, targets(ORDERS, SALARIES));
    }
    assertThat(counting.lookups.get()).as("one resolution: one role lookup, one grant lookup").isEqualTo(2);

    authorizer.decide(Fixture.caller("other", false, "members", "guests"), Operation.LOAD_TABLE, targets(ORDERS));
    assertThat(counting.lookups.get()).as("another role set resolves once more").isEqualTo(5);

    store.revoke(ROLE, Privilege.TABLE_READ_DATA, SALES);
    assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.NOT_FOUND);
    assertThat(counting.lookups.get()).isEqualTo(7);
  }

  @Test
  void boundsTheCacheOfRoleSets() {
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    for (int index = 0; index <= RbacAuthorizer.MAXIMUM_CACHED_ROLE_SETS; index++) {
      authorizer.decide(Fixture.caller("p", false, "members", "r" + index), Operation.LOAD_TABLE, targets(ORDERS));
    }
    int before = counting.lookups.get();
    assertThat(outcome(Operation.LOAD_TABLE, ORDERS)).isEqualTo(Outcome.ALLOW);
    assertThat(counting.lookups.get()).as("the full cache started over").isGreaterThan(before);
  }

  @Test
  void reasonsNameWhatIsMissing() {
    store.grant(ROLE, Privilege.TABLE_READ_DATA, SALES);
    assertThat(authorizer.decide(CALLER, Operation.DROP_TABLE, targets(ORDERS)).reason())
        .contains("DROP_TABLE", "carol", "TABLE_DROP on table lake.sales.eu.orders");
    assertThat(authorizer.decide(CALLER, Operation.LOAD_TABLE, targets(ORDERS)).reason())
        .contains("allowed", "TABLE_READ_PROPERTIES on table lake.sales.eu.orders");
  }

  private Outcome outcome(Operation operation, Securable... securables) {
    return authorizer.decide(CALLER, operation, targets(securables)).outcome();
  }

  private Outcome commit(Securable table, TableChange... changes) {
    return authorizer
        .decide(CALLER, Operation.UPDATE_TABLE, List.of(Target.of(table).withChanges(Set.of(changes))))
        .outcome();
  }

  private static List<Target> targets(Securable... securables) {
    return Arrays.stream(securables).map(Target::of).toList();
  }

  /** Counts the lookups that resolving grants makes. */
  private static final class CountingStore implements GrantStore {
    private final GrantStore delegate;
    private final AtomicInteger lookups = new AtomicInteger();

    CountingStore(GrantStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public long version() {
      return delegate.version();
    }

    @Override
    public Set<CatalogRole> catalogRolesOf(String principalRole) {
      lookups.incrementAndGet();
      return delegate.catalogRolesOf(principalRole);
    }

    @Override
    public List<Grant> grantsOf(CatalogRole catalogRole) {
      lookups.incrementAndGet();
      return delegate.grantsOf(catalogRole);
    }

    @Override
    public Set<String> serviceAdministratorRoles() {
      return delegate.serviceAdministratorRoles();
    }

    @Override
    public GrantData snapshot() {
      return delegate.snapshot();
    }
  }
}
