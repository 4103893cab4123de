package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.Requirement.HasPrivilege;
import dev.floe.policy.Requirement.IsServiceAdministrator;
import dev.floe.policy.Requirement.IsVisible;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestOperation {
  private static final Securable LAKE = Securable.catalog("lake");
  private static final Securable SALES = Securable.namespace("lake", "sales");
  private static final Securable ORDERS = Securable.table("lake", List.of("sales"), "orders");
  private static final Securable HR = Securable.namespace("lake", "hr");
  private static final Securable SUMMARY = Securable.view("lake", List.of("sales"), "summary");

  /** The server's CatalogOperation, copied: the policy's operations start with exactly this list. */
  private static final List<String> SERVER_OPERATIONS =
      List.of(
          "GET_CONFIG", "LIST_NAMESPACES", "CREATE_NAMESPACE", "LOAD_NAMESPACE", "NAMESPACE_EXISTS",
          "DROP_NAMESPACE", "UPDATE_NAMESPACE_PROPERTIES", "LIST_TABLES", "CREATE_TABLE",
          "STAGE_CREATE_TABLE", "LOAD_TABLE", "TABLE_EXISTS", "UPDATE_TABLE", "DROP_TABLE",
          "PURGE_TABLE", "RENAME_TABLE", "REGISTER_TABLE", "REPORT_METRICS", "COMMIT_TRANSACTION",
          "LIST_VIEWS", "CREATE_VIEW", "LOAD_VIEW", "VIEW_EXISTS", "REPLACE_VIEW", "DROP_VIEW",
          "RENAME_VIEW", "REGISTER_VIEW");

  @Test
  void startsWithTheServersCatalogOperations() {
    assertThat(Arrays.stream(Operation.values()).limit(SERVER_OPERATIONS.size()).map(Enum::name))
        .containsExactlyElementsOf(SERVER_OPERATIONS);
  }

  @Test
  void mapsOperationsToPrivilegesOnTheRightSecurable() {
    assertThat(Operation.CREATE_TABLE.requirements(targets(Securable.table("lake", List.of("sales"), "new"))))
        .containsExactly(new HasPrivilege(SALES, Privilege.TABLE_CREATE));
    assertThat(Operation.CREATE_NAMESPACE.requirements(targets(SALES)))
        .containsExactly(new HasPrivilege(LAKE, Privilege.NAMESPACE_CREATE));
    assertThat(Operation.LOAD_TABLE.requirements(targets(ORDERS)))
        .containsExactly(new HasPrivilege(ORDERS, Privilege.TABLE_READ_PROPERTIES));
    assertThat(Operation.PURGE_TABLE.requirements(targets(ORDERS)))
        .containsExactly(
            new HasPrivilege(ORDERS, Privilege.TABLE_DROP), new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_DATA));
    assertThat(Operation.RENAME_TABLE.requirements(targets(ORDERS, Securable.table("lake", List.of("hr"), "o"))))
        .containsExactly(new HasPrivilege(ORDERS, Privilege.TABLE_DROP), new HasPrivilege(HR, Privilege.TABLE_CREATE));
    assertThat(Operation.RENAME_VIEW.requirements(targets(SUMMARY, Securable.view("lake", List.of("hr"), "s"))))
        .containsExactly(new HasPrivilege(SUMMARY, Privilege.VIEW_DROP), new HasPrivilege(HR, Privilege.VIEW_CREATE));
    assertThat(Operation.GRANT.requirements(targets(ORDERS)))
        .containsExactly(new HasPrivilege(LAKE, Privilege.CATALOG_MANAGE_ACCESS));
    assertThat(Operation.TABLE_EXISTS.requirements(targets(ORDERS))).containsExactly(new IsVisible(ORDERS));
    assertThat(Operation.GET_CONFIG.requirements(targets(LAKE))).containsExactly(new IsVisible(LAKE));
    assertThat(Operation.DROP_CATALOG.requirements(targets(LAKE))).containsExactly(new IsServiceAdministrator());
    assertThat(Operation.CREATE_PRINCIPAL.requirements(List.of())).containsExactly(new IsServiceAdministrator());
    assertThat(Operation.LIST_AUDIT_EVENTS.requirements(List.of())).containsExactly(new IsServiceAdministrator());
    assertThat(Operation.LIST_CATALOGS.requirements(List.of())).isEmpty();
  }

  @Test
  void commitsNeedTheWritePrivilegeOfWhatTheyChange() {
    assertThat(Operation.UPDATE_TABLE.requirements(commit(ORDERS, TableChange.DATA)))
        .containsExactly(new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_DATA));
    assertThat(Operation.UPDATE_TABLE.requirements(commit(ORDERS, TableChange.METADATA)))
        .containsExactly(new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_PROPERTIES));
    assertThat(Operation.UPDATE_TABLE.requirements(commit(ORDERS)))
        .containsExactly(new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_PROPERTIES));
    assertThat(Operation.UPDATE_TABLE.requirements(commit(ORDERS, TableChange.DATA, TableChange.METADATA)))
        .containsExactly(
            new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_DATA),
            new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_PROPERTIES));
    Securable other = Securable.table("lake", List.of("hr"), "salaries");
    List<Target> transaction =
        List.of(
            Target.of(ORDERS).withChanges(Set.of(TableChange.DATA)),
            Target.of(other).withChanges(Set.of(TableChange.METADATA)));
    assertThat(Operation.COMMIT_TRANSACTION.requirements(transaction))
        .containsExactly(
            new HasPrivilege(ORDERS, Privilege.TABLE_WRITE_DATA),
            new HasPrivilege(other, Privilege.TABLE_WRITE_PROPERTIES));
  }

  @Test
  void everyOperationAcceptsSomeShapeOfTargets() {
    List<List<Target>> shapes =
        List.of(
            List.of(),
            targets(LAKE),
            targets(SALES),
            targets(ORDERS),
            targets(SUMMARY),
            targets(ORDERS, ORDERS),
            targets(SUMMARY, SUMMARY));
    for (Operation operation : Operation.values()) {
      long accepted =
          shapes.stream()
              .filter(
                  shape -> {
                    try {
                      operation.requirements(shape);
                      return true;
                    } catch (IllegalArgumentException rejected) {
                      return false;
                    }
                  })
              .count();
      assertThat(accepted).as(operation.name()).isPositive();
    }
  }

  @Test
  void rejectsTargetsThatDoNotFit() {
    assertThatThrownBy(() -> Operation.LOAD_TABLE.requirements(targets(SUMMARY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LOAD_TABLE needs targets of type [TABLE], got view lake.sales.summary");
    assertThatThrownBy(() -> Operation.LOAD_TABLE.requirements(targets(ORDERS, ORDERS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> Operation.CREATE_PRINCIPAL.requirements(targets(LAKE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.LOAD_TABLE.requirements(commit(ORDERS, TableChange.DATA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no table changes");
  }

  @Test
  void namesTheListedType() {
    assertThat(Operation.LIST_TABLES.listedType()).contains(SecurableType.TABLE);
    assertThat(Operation.LIST_CATALOGS.listedType()).contains(SecurableType.CATALOG);
    assertThat(Operation.LOAD_TABLE.listedType()).isEmpty();
    assertThat(Arrays.stream(Operation.values()).filter(operation -> operation.listedType().isPresent()))
        .containsExactlyInAnyOrder(
            Operation.LIST_CATALOGS, Operation.LIST_NAMESPACES, Operation.LIST_TABLES, Operation.LIST_VIEWS);
    assertThatThrownBy(() -> Operation.LIST_VIEWS.checkListing(targets(ORDERS)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Target> targets(Securable... securables) {
    return Arrays.stream(securables).map(Target::of).toList();
  }

  private static List<Target> commit(Securable table, TableChange... changes) {
    return List.of(Target.of(table).withChanges(Set.of(changes)));
  }
}
