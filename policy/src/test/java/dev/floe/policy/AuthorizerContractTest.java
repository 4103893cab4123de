package dev.floe.policy;

import static dev.floe.policy.Fixture.ADMIN;
import static dev.floe.policy.Fixture.AUDITOR;
import static dev.floe.policy.Fixture.CALLERS;
import static dev.floe.policy.Fixture.CATALOG_ADMIN;
import static dev.floe.policy.Fixture.CUSTOMERS;
import static dev.floe.policy.Fixture.DISABLED;
import static dev.floe.policy.Fixture.HEADCOUNT;
import static dev.floe.policy.Fixture.HR;
import static dev.floe.policy.Fixture.LAKE;
import static dev.floe.policy.Fixture.OPERATOR;
import static dev.floe.policy.Fixture.ORDERS;
import static dev.floe.policy.Fixture.ORDERS_READER;
import static dev.floe.policy.Fixture.ORDER_SUMMARY;
import static dev.floe.policy.Fixture.OTHER;
import static dev.floe.policy.Fixture.READER;
import static dev.floe.policy.Fixture.SALARIES;
import static dev.floe.policy.Fixture.SALES;
import static dev.floe.policy.Fixture.SALES_EU;
import static dev.floe.policy.Fixture.SALES_READER;
import static dev.floe.policy.Fixture.SALES_WRITER;
import static dev.floe.policy.Fixture.VISITOR;
import static dev.floe.policy.Fixture.WRITER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Authorizer} must answer for the grant data of {@link Fixture}: one subclass
 * per implementation.
 */
public abstract class AuthorizerContractTest {
  protected InMemoryGrantStore store;
  protected Authorizer authorizer;

  /** The implementation under test, reading {@code store}. */
  protected abstract Authorizer createAuthorizer(GrantStore store);

  @BeforeEach
  void createAuthorizer() {
    store = Fixture.store();
    authorizer = createAuthorizer(store);
  }

  @AfterEach
  void closeAuthorizer() throws Exception {
    if (authorizer instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void permissionMatrix() {
    SoftAssertions softly = new SoftAssertions();
    for (PermissionMatrix.Row row : PermissionMatrix.ROWS) {
      for (int column = 0; column < CALLERS.size(); column++) {
        PrincipalContext caller = CALLERS.get(column);
        Decision decision = authorizer.decide(caller, row.operation(), row.targets());
        softly
            .assertThat(decision.outcome())
            .as("%s by %s (%s)", row, caller.principal().name(), decision.reason())
            .isEqualTo(row.expected().get(column));
        softly.assertThat(decision.allowed()).isEqualTo(decision.outcome() == Outcome.ALLOW);
      }
    }
    softly.assertAll();
  }

  @Test
  void everyOperationIsInThePermissionMatrix() {
    assertThat(PermissionMatrix.ROWS.stream().map(PermissionMatrix.Row::operation).distinct())
        .containsExactlyInAnyOrder(Operation.values());
  }

  @Test
  void listingsShowWhatTheCallerMaySee() {
    List<Target> catalogs = targets(LAKE, OTHER);
    List<Target> namespaces = targets(SALES, SALES_EU, HR);
    List<Target> tables = targets(ORDERS, CUSTOMERS, SALARIES);
    List<Target> views = targets(ORDER_SUMMARY, HEADCOUNT);
    SoftAssertions softly = new SoftAssertions();

    softly.assertThat(authorizer.filter(ADMIN, Operation.LIST_CATALOGS, catalogs)).isEqualTo(targets(LAKE));
    softly.assertThat(authorizer.filter(WRITER, Operation.LIST_CATALOGS, catalogs)).isEqualTo(targets(LAKE));
    softly.assertThat(authorizer.filter(AUDITOR, Operation.LIST_CATALOGS, catalogs)).isEqualTo(targets(LAKE));
    softly.assertThat(authorizer.filter(VISITOR, Operation.LIST_CATALOGS, catalogs)).isEmpty();
    softly.assertThat(authorizer.filter(DISABLED, Operation.LIST_CATALOGS, catalogs)).isEmpty();
    softly.assertThat(authorizer.filter(OPERATOR, Operation.LIST_CATALOGS, catalogs)).isEqualTo(catalogs);

    softly.assertThat(authorizer.filter(ADMIN, Operation.LIST_NAMESPACES, namespaces)).isEqualTo(namespaces);
    softly
        .assertThat(authorizer.filter(WRITER, Operation.LIST_NAMESPACES, namespaces))
        .isEqualTo(targets(SALES, SALES_EU));
    softly
        .assertThat(authorizer.filter(AUDITOR, Operation.LIST_NAMESPACES, namespaces))
        .as("the path to a granted table is visible")
        .isEqualTo(targets(SALES, SALES_EU));
    softly.assertThat(authorizer.filter(OPERATOR, Operation.LIST_NAMESPACES, namespaces)).isEmpty();

    softly.assertThat(authorizer.filter(ADMIN, Operation.LIST_TABLES, tables)).isEqualTo(tables);
    softly
        .assertThat(authorizer.filter(READER, Operation.LIST_TABLES, tables))
        .as("TABLE_LIST on sales shows every table below it")
        .isEqualTo(targets(ORDERS, CUSTOMERS));
    softly
        .assertThat(authorizer.filter(AUDITOR, Operation.LIST_TABLES, tables))
        .as("without TABLE_LIST only the tables the caller holds a privilege on")
        .isEqualTo(targets(ORDERS));
    softly.assertThat(authorizer.filter(VISITOR, Operation.LIST_TABLES, tables)).isEmpty();
    softly.assertThat(authorizer.filter(DISABLED, Operation.LIST_TABLES, tables)).isEmpty();

    softly.assertThat(authorizer.filter(ADMIN, Operation.LIST_VIEWS, views)).isEqualTo(views);
    softly.assertThat(authorizer.filter(WRITER, Operation.LIST_VIEWS, views)).isEqualTo(targets(ORDER_SUMMARY));
    softly
        .assertThat(authorizer.filter(AUDITOR, Operation.LIST_VIEWS, views))
        .as("a table privilege does not reveal views")
        .isEmpty();
    softly.assertThat(authorizer.filter(READER, Operation.LIST_TABLES, List.of())).isEmpty();
    softly.assertAll();
  }

  @Test
  void listingKeepsTheCallersOrderAndDuplicates() {
    List<Target> page = targets(CUSTOMERS, SALARIES, ORDERS, CUSTOMERS);
    assertThat(authorizer.filter(READER, Operation.LIST_TABLES, page))
        .isEqualTo(targets(CUSTOMERS, ORDERS, CUSTOMERS));
  }

  @Test
  void explainsWhichGrantsAllowed() {
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(decide(READER, Operation.LOAD_TABLE, ORDERS).grants())
        .containsExactly(new Grant(SALES_READER.name(), Privilege.TABLE_READ_DATA, SALES));
    softly
        .assertThat(decide(WRITER, Operation.LOAD_TABLE, ORDERS).grants())
        .as("every grant implying TABLE_READ_PROPERTIES, in canonical order")
        .containsExactly(
            new Grant(SALES_WRITER.name(), Privilege.TABLE_WRITE_DATA, SALES),
            new Grant(SALES_WRITER.name(), Privilege.TABLE_WRITE_PROPERTIES, SALES));
    softly
        .assertThat(decide(ADMIN, Operation.PURGE_TABLE, ORDERS).grants())
        .containsExactly(new Grant(CATALOG_ADMIN.name(), Privilege.CATALOG_MANAGE_CONTENT, LAKE));
    softly
        .assertThat(decide(AUDITOR, Operation.GET_CONFIG, LAKE).grants())
        .containsExactly(new Grant(ORDERS_READER.name(), Privilege.TABLE_READ_DATA, ORDERS));
    softly
        .assertThat(
            authorizer
                .decide(
                    WRITER,
                    Operation.RENAME_TABLE,
                    targets(ORDERS, Securable.table("lake", List.of("sales"), "orders_moved")))
                .grants())
        .containsExactly(
            new Grant(SALES_WRITER.name(), Privilege.TABLE_CREATE, SALES),
            new Grant(SALES_WRITER.name(), Privilege.TABLE_DROP, SALES));
    softly.assertThat(decide(OPERATOR, Operation.CREATE_CATALOG, Securable.catalog("new")).grants()).isEmpty();
    softly.assertThat(decide(READER, Operation.DROP_TABLE, ORDERS).grants()).isEmpty();
    softly.assertAll();
  }

  @Test
  void grantChangesTakeEffectOnTheNextDecision() {
    assertThat(decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);

    store.revoke(SALES_READER, Privilege.TABLE_READ_DATA, SALES);
    assertThat(decide(READER, Operation.LOAD_TABLE, ORDERS).outcome())
        .as("TABLE_LIST still shows the table, so forbidden rather than not found")
        .isEqualTo(Outcome.DENY);

    store.grant(SALES_READER, Privilege.TABLE_WRITE_PROPERTIES, ORDERS);
    assertThat(decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.ALLOW);

    store.unassign("analysts", SALES_READER);
    assertThat(decide(READER, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.NOT_FOUND);

    store.assign("analysts", CATALOG_ADMIN);
    assertThat(decide(READER, Operation.DROP_TABLE, SALARIES).outcome()).isEqualTo(Outcome.ALLOW);

    store.dropCatalogRole(CATALOG_ADMIN);
    assertThat(decide(READER, Operation.DROP_TABLE, SALARIES).outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(decide(ADMIN, Operation.LOAD_TABLE, SALARIES).outcome()).isEqualTo(Outcome.NOT_FOUND);

    store.setServiceAdministratorRole("service_admins", false);
    assertThat(decide(OPERATOR, Operation.CREATE_CATALOG, Securable.catalog("new")).outcome())
        .isEqualTo(Outcome.DENY);
  }

  @Test
  void rolesOfOneCallerAddUp() {
    PrincipalContext both = Fixture.caller("bo", false, "analysts", "auditors", "unknown_role");
    assertThat(decide(both, Operation.LOAD_TABLE, ORDERS).grants())
        .containsExactly(
            new Grant(SALES_READER.name(), Privilege.TABLE_READ_DATA, SALES),
            new Grant(ORDERS_READER.name(), Privilege.TABLE_READ_DATA, ORDERS));
    assertThat(decide(both, Operation.GET_CATALOG, LAKE).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(decide(Fixture.caller("nobody", false), Operation.GET_CONFIG, LAKE).outcome())
        .isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void namesAreDataNotSyntax() {
    CatalogRole odd = new CatalogRole("lake", "role\" || true; #");
    Securable quoted = Securable.table("lake", List.of("sales", "it's \"quoted\""), "x\\y{}");
    store.grant(odd, Privilege.TABLE_READ_DATA, quoted);
    store.assign("principal role with spaces and ünïcödé", odd);
    PrincipalContext caller = Fixture.caller("m\"allory", false, "principal role with spaces and ünïcödé");

    assertThat(decide(caller, Operation.LOAD_TABLE, quoted).grants())
        .containsExactly(new Grant(odd.name(), Privilege.TABLE_READ_DATA, quoted));
    assertThat(decide(caller, Operation.LOAD_TABLE, ORDERS).outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(decide(Fixture.caller("eve", false, "role\" || true; #"), Operation.LOAD_TABLE, quoted).outcome())
        .isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void ordinaryTagsDoNotChangeTheAnswer() {
    List<Target> tagged = List.of(Target.of(ORDERS).withTags(Set.of("pii", "pii.email")));
    assertThat(authorizer.decide(READER, Operation.LOAD_TABLE, tagged).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(authorizer.decide(VISITOR, Operation.LOAD_TABLE, tagged).outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void rejectsTargetsThatDoNotFitTheOperation() {
    assertThatThrownBy(() -> authorizer.decide(READER, Operation.LOAD_TABLE, targets(SALES)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LOAD_TABLE");
    assertThatThrownBy(() -> authorizer.decide(READER, Operation.RENAME_TABLE, targets(ORDERS)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authorizer.decide(READER, Operation.COMMIT_TRANSACTION, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authorizer.decide(READER, Operation.LIST_CATALOGS, targets(LAKE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                authorizer.decide(
                    READER,
                    Operation.DROP_TABLE,
                    List.of(Target.of(ORDERS).withChanges(Set.of(TableChange.DATA)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authorizer.filter(READER, Operation.LOAD_TABLE, targets(ORDERS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a listing");
    assertThatThrownBy(() -> authorizer.filter(READER, Operation.LIST_TABLES, targets(ORDER_SUMMARY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  protected Decision decide(PrincipalContext caller, Operation operation, Securable... securables) {
    return authorizer.decide(caller, operation, targets(securables));
  }

  protected static List<Target> targets(Securable... securables) {
    return java.util.Arrays.stream(securables).map(Target::of).toList();
  }
}
