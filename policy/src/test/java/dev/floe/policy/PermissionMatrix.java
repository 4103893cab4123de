package dev.floe.policy;

import static dev.floe.policy.Fixture.CUSTOMERS;
import static dev.floe.policy.Fixture.HEADCOUNT;
import static dev.floe.policy.Fixture.HR;
import static dev.floe.policy.Fixture.LAKE;
import static dev.floe.policy.Fixture.OPS;
import static dev.floe.policy.Fixture.ORDERS;
import static dev.floe.policy.Fixture.ORDER_SUMMARY;
import static dev.floe.policy.Fixture.OTHER;
import static dev.floe.policy.Fixture.SALARIES;
import static dev.floe.policy.Fixture.SALES;
import static dev.floe.policy.Fixture.SALES_EU;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The expected outcome of every operation for every caller of {@link Fixture}: A allow, D deny,
 * N not found. The letters are in the column order of {@link Fixture#CALLERS}:
 *
 * <pre>
 *   ADMIN WRITER READER AUDITOR VISITOR DISABLED OPERATOR
 * </pre>
 *
 * Written by hand from the model's rules, not derived from an implementation.
 */
public final class PermissionMatrix {
  /** One question and its expected outcome per caller. */
  public record Row(Operation operation, List<Target> targets, List<Outcome> expected) {
    public Row {
      targets = List.copyOf(targets);
      expected = List.copyOf(expected);
    }

    @Override
    public String toString() {
      return operation
          + targets.stream()
              .map(target -> target.securable() + (target.changes().isEmpty() ? "" : " " + target.changes()))
              .collect(Collectors.joining(", ", "[", "]"));
    }
  }

  private static final Securable NEW_NAMESPACE = Securable.namespace("lake", "sales", "apac");
  private static final Securable NEW_TOP_NAMESPACE = Securable.namespace("lake", "finance");
  private static final Securable NEW_TABLE =
      Securable.table("lake", List.of("sales", "eu"), "new_table");
  private static final Securable NEW_HR_TABLE = Securable.table("lake", List.of("hr"), "new_table");
  private static final Securable RENAMED_TABLE =
      Securable.table("lake", List.of("sales", "eu"), "orders_v2");
  private static final Securable HR_ORDERS = Securable.table("lake", List.of("hr"), "orders");
  private static final Securable REGISTERED_TABLE =
      Securable.table("lake", List.of("sales", "eu"), "registered");
  private static final Securable NEW_VIEW =
      Securable.view("lake", List.of("sales", "eu"), "new_view");
  private static final Securable RENAMED_VIEW =
      Securable.view("lake", List.of("sales", "eu"), "summary_v2");
  private static final Securable REGISTERED_VIEW =
      Securable.view("lake", List.of("sales", "eu"), "registered_view");
  private static final Securable NEW_CATALOG = Securable.catalog("warehouse2");

  public static final List<Row> ROWS = rows();

  private PermissionMatrix() {}

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    //                                                                     ADMIN..OPERATOR
    add(rows, Operation.GET_CONFIG, "AAAANDA", LAKE);
    add(rows, Operation.GET_CONFIG, "NNNNNDA", OTHER);
    add(rows, Operation.LIST_NAMESPACES, "AAAANDA", LAKE);
    add(rows, Operation.LIST_NAMESPACES, "AAAANDN", SALES);
    add(rows, Operation.LIST_NAMESPACES, "ANNNNDN", HR);
    add(rows, Operation.CREATE_NAMESPACE, "AADDNDN", NEW_NAMESPACE);
    add(rows, Operation.CREATE_NAMESPACE, "ADDDNDD", NEW_TOP_NAMESPACE);
    add(rows, Operation.LOAD_NAMESPACE, "AAADNDN", SALES_EU);
    add(rows, Operation.LOAD_NAMESPACE, "ANNNNDN", HR);
    add(rows, Operation.NAMESPACE_EXISTS, "AAAANDN", SALES_EU);
    add(rows, Operation.NAMESPACE_EXISTS, "ANNNNDN", HR);
    add(rows, Operation.DROP_NAMESPACE, "ADDDNDN", SALES_EU);
    add(rows, Operation.UPDATE_NAMESPACE_PROPERTIES, "ADDDNDN", SALES_EU);
    add(rows, Operation.LIST_TABLES, "AAAANDN", SALES_EU);
    add(rows, Operation.LIST_TABLES, "ANNNNDN", HR);
    add(rows, Operation.CREATE_TABLE, "AADDNDN", NEW_TABLE);
    add(rows, Operation.CREATE_TABLE, "ANNNNDN", NEW_HR_TABLE);
    add(rows, Operation.STAGE_CREATE_TABLE, "AADDNDN", NEW_TABLE);
    add(rows, Operation.LOAD_TABLE, "AAAANDN", ORDERS);
    add(rows, Operation.LOAD_TABLE, "AAANNDN", CUSTOMERS);
    add(rows, Operation.LOAD_TABLE, "ANNNNDN", SALARIES);
    add(rows, Operation.TABLE_EXISTS, "AAAANDN", ORDERS);
    add(rows, Operation.TABLE_EXISTS, "AAANNDN", CUSTOMERS);
    add(rows, Operation.TABLE_EXISTS, "ANNNNDN", SALARIES);
    add(rows, Operation.READ_TABLE_DATA, "AAAANDN", ORDERS);
    add(rows, Operation.READ_TABLE_DATA, "AAANNDN", CUSTOMERS);
    add(rows, Operation.READ_TABLE_DATA, "ANNNNDN", SALARIES);
    add(rows, Operation.WRITE_TABLE_DATA, "AADDNDN", ORDERS);
    add(rows, Operation.WRITE_TABLE_DATA, "ANNNNDN", SALARIES);
    add(rows, Operation.LOAD_TABLE_WITH_READ_DELEGATION, "AAAANDN", ORDERS);
    add(rows, Operation.LOAD_TABLE_WITH_READ_DELEGATION, "AAANNDN", CUSTOMERS);
    add(rows, Operation.LOAD_TABLE_WITH_READ_DELEGATION, "ANNNNDN", SALARIES);
    add(rows, Operation.LOAD_TABLE_WITH_WRITE_DELEGATION, "AADDNDN", ORDERS);
    add(rows, Operation.LOAD_TABLE_WITH_WRITE_DELEGATION, "ANNNNDN", SALARIES);
    addCommit(rows, Operation.UPDATE_TABLE, "AADDNDN", ORDERS, EnumSet.of(TableChange.DATA));
    addCommit(rows, Operation.UPDATE_TABLE, "AADDNDN", ORDERS, EnumSet.of(TableChange.METADATA));
    addCommit(rows, Operation.UPDATE_TABLE, "AADDNDN", ORDERS, EnumSet.allOf(TableChange.class));
    addCommit(rows, Operation.UPDATE_TABLE, "AADDNDN", ORDERS, EnumSet.noneOf(TableChange.class));
    addCommit(rows, Operation.UPDATE_TABLE, "ANNNNDN", SALARIES, EnumSet.of(TableChange.DATA));
    add(rows, Operation.DROP_TABLE, "AADDNDN", ORDERS);
    add(rows, Operation.DROP_TABLE, "ANNNNDN", SALARIES);
    add(rows, Operation.PURGE_TABLE, "AADDNDN", ORDERS);
    add(rows, Operation.RENAME_TABLE, "AADDNDN", ORDERS, RENAMED_TABLE);
    add(rows, Operation.RENAME_TABLE, "ANNNNDN", ORDERS, HR_ORDERS);
    add(rows, Operation.RENAME_TABLE, "ANNNNDN", SALARIES, RENAMED_TABLE);
    add(rows, Operation.REGISTER_TABLE, "AADDNDN", REGISTERED_TABLE);
    add(rows, Operation.REPORT_METRICS, "AAAANDN", ORDERS);
    rows.add(
        new Row(
            Operation.COMMIT_TRANSACTION,
            List.of(
                Target.of(ORDERS).withChanges(Set.of(TableChange.DATA)),
                Target.of(CUSTOMERS).withChanges(Set.of(TableChange.DATA))),
            outcomes("AADNNDN")));
    addCommit(rows, Operation.COMMIT_TRANSACTION, "AADDNDN", ORDERS, EnumSet.of(TableChange.METADATA));
    add(rows, Operation.LIST_VIEWS, "AAAANDN", SALES_EU);
    add(rows, Operation.LIST_VIEWS, "ANNNNDN", HR);
    add(rows, Operation.CREATE_VIEW, "AADDNDN", NEW_VIEW);
    add(rows, Operation.LOAD_VIEW, "AAANNDN", ORDER_SUMMARY);
    add(rows, Operation.LOAD_VIEW, "ANNNNDN", HEADCOUNT);
    add(rows, Operation.VIEW_EXISTS, "AAANNDN", ORDER_SUMMARY);
    add(rows, Operation.VIEW_EXISTS, "ANNNNDN", HEADCOUNT);
    add(rows, Operation.REPLACE_VIEW, "AADNNDN", ORDER_SUMMARY);
    add(rows, Operation.DROP_VIEW, "AADNNDN", ORDER_SUMMARY);
    add(rows, Operation.RENAME_VIEW, "AADNNDN", ORDER_SUMMARY, RENAMED_VIEW);
    add(rows, Operation.REGISTER_VIEW, "AADDNDN", REGISTERED_VIEW);

    add(rows, Operation.LIST_CATALOGS, "AAAAADA");
    add(rows, Operation.CREATE_CATALOG, "DDDDDDA", NEW_CATALOG);
    add(rows, Operation.GET_CATALOG, "ADADNDD", LAKE);
    add(rows, Operation.GET_CATALOG, "NNNNNDD", OTHER);
    add(rows, Operation.UPDATE_CATALOG, "ADDDNDD", LAKE);
    add(rows, Operation.DROP_CATALOG, "DDDDDDA", LAKE);
    add(rows, Operation.LIST_METRICS_REPORTS, "AAAANDN", ORDERS);
    for (Operation operation :
        List.of(
            Operation.LIST_CATALOG_ROLES,
            Operation.CREATE_CATALOG_ROLE,
            Operation.DROP_CATALOG_ROLE,
            Operation.ASSIGN_CATALOG_ROLE,
            Operation.UNASSIGN_CATALOG_ROLE,
            Operation.LIST_GRANTS)) {
      add(rows, operation, "ADDDNDD", LAKE);
    }
    add(rows, Operation.GRANT, "ADDDNDD", ORDERS);
    add(rows, Operation.REVOKE, "ADDDNDD", SALES);
    add(rows, Operation.GRANT, "NNNNNDD", OPS);
    for (Operation operation :
        List.of(
            Operation.LIST_PRINCIPALS,
            Operation.CREATE_PRINCIPAL,
            Operation.UPDATE_PRINCIPAL,
            Operation.DROP_PRINCIPAL,
            Operation.LIST_PRINCIPAL_ROLES,
            Operation.CREATE_PRINCIPAL_ROLE,
            Operation.DROP_PRINCIPAL_ROLE,
            Operation.ASSIGN_PRINCIPAL_ROLE,
            Operation.UNASSIGN_PRINCIPAL_ROLE,
            Operation.LIST_AUDIT_EVENTS,
            Operation.CREATE_TAG,
            Operation.UPDATE_TAG,
            Operation.DROP_TAG)) {
      add(rows, operation, "DDDDDDA");
    }
    add(rows, Operation.LIST_TAGS, "AAAAADA");
    for (Operation operation :
        List.of(Operation.LIST_TAG_ASSIGNMENTS, Operation.LIST_ROW_FILTERS, Operation.LIST_COLUMN_MASKS, Operation.LIST_SCHEMA_CONTRACTS, Operation.LIST_PII_PROPOSALS)) {
      add(rows, operation, "ADDDNDD", LAKE);
    }
    // the writer may change the sales tables' schemas and properties, not their policies
    for (Operation operation :
        List.of(
            Operation.ASSIGN_TAG,
            Operation.UNASSIGN_TAG,
            Operation.CREATE_ROW_FILTER,
            Operation.UPDATE_ROW_FILTER,
            Operation.DROP_ROW_FILTER,
            Operation.CREATE_COLUMN_MASK,
            Operation.UPDATE_COLUMN_MASK,
            Operation.DROP_COLUMN_MASK,
            Operation.CREATE_SCHEMA_CONTRACT,
            Operation.UPDATE_SCHEMA_CONTRACT,
            Operation.DROP_SCHEMA_CONTRACT,
            Operation.START_PII_SCAN,
            Operation.DECIDE_PII_PROPOSAL)) {
      add(rows, operation, "ADDDNDD", ORDERS);
    }
    add(rows, Operation.ASSIGN_TAG, "NNNNNDD", OPS);
    return List.copyOf(rows);
  }

  private static void add(List<Row> rows, Operation operation, String expected, Securable... targets) {
    rows.add(
        new Row(operation, Arrays.stream(targets).map(Target::of).toList(), outcomes(expected)));
  }

  private static void addCommit(
      List<Row> rows, Operation operation, String expected, Securable table, Set<TableChange> changes) {
    rows.add(new Row(operation, List.of(Target.of(table).withChanges(changes)), outcomes(expected)));
  }

  private static List<Outcome> outcomes(String letters) {
    if (letters.length() != Fixture.CALLERS.size()) {
      throw new IllegalArgumentException("Need one letter per caller, got " + letters);
    }
    return letters
        .chars()
        .mapToObj(
            letter ->
                switch (letter) {
                  case 'A' -> Outcome.ALLOW;
                  case 'D' -> Outcome.DENY;
                  case 'N' -> Outcome.NOT_FOUND;
                  default -> throw new IllegalArgumentException("Unknown outcome letter " + (char) letter);
                })
        .toList();
  }
}
