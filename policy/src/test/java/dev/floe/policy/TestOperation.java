package dev.floe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.Requirement.HasPrivilege;
import dev.floe.policy.Requirement.IsServiceAdministrator;
import dev.floe.policy.Requirement.IsVisible;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TestOperation {
  private static final Securable LAKE = Securable.catalog("lake");
  private static final Securable SALES = Securable.namespace("lake", "sales");
  private static final Securable ORDERS = Securable.table("lake", List.of("sales"), "orders");
  private static final Securable HR = Securable.namespace("lake", "hr");
  private static final Securable SUMMARY = Securable.view("lake", List.of("sales"), "summary");

  /** Every operation is in the table of {@code policy/README.md}, and nothing else is. */
  @Test
  void theReadmeTableNamesEveryOperation() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Operations and what they need");
    assertThat(section).as("the README's operations section").isNotNegative();
    int next = readme.indexOf("\n## ", section + 1);
    Set<String> documented = new TreeSet<>();
    for (String line : readme.substring(section, next < 0 ? readme.length() : next).split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| operation ")) {
        Matcher name = Pattern.compile("[A-Z][A-Z_]+").matcher(line.substring(2, line.indexOf(" |", 1)));
        while (name.find()) {
          documented.add(name.group());
        }
      }
    }
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Operation.values()).map(Enum::name).toList());
  }

  @Test
  void mapsOperationsToPrivilegesOnTheRightSecurable() {
    assertThat(Operation.ASSIGN_TAG.requirements(targets(ORDERS)))
        .containsExactly(new HasPrivilege(LAKE, Privilege.CATALOG_MANAGE_POLICIES));
    assertThat(Operation.CREATE_ROW_FILTER.requirements(targets(ORDERS)))
        .containsExactly(new HasPrivilege(LAKE, Privilege.CATALOG_MANAGE_POLICIES));
    assertThat(Operation.LIST_COLUMN_MASKS.requirements(targets(LAKE)))
        .containsExactly(new HasPrivilege(LAKE, Privilege.CATALOG_MANAGE_POLICIES));
    assertThat(Operation.CREATE_TAG.requirements(List.of())).containsExactly(new IsServiceAdministrator());
    assertThat(Operation.LIST_TAGS.requirements(List.of())).isEmpty();
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
