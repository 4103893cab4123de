package dev.floe.policy.opa;

import dev.floe.policy.Fixture;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.TableChange;
import dev.floe.policy.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every well-formed question over a pool of securables: each operation with every fitting target
 * (every pair for renames, every change set for commits). Used to compare two authorizers
 * exhaustively.
 */
final class RequestSpace {
  /** One question. */
  record Request(Operation operation, List<Target> targets) {}

  /** The fixture's objects, objects that do not exist, and look-alikes of other types. */
  static final List<Securable> POOL =
      List.of(
          Fixture.LAKE,
          Fixture.OTHER,
          Securable.catalog("missing"),
          Fixture.SALES,
          Fixture.SALES_EU,
          Fixture.HR,
          Fixture.OPS,
          Securable.namespace("lake", "sales", "eu", "deep"),
          Securable.namespace("lake", "sales", "eu", "orders"),
          Securable.namespace("lake", "unknown"),
          Fixture.ORDERS,
          Fixture.CUSTOMERS,
          Fixture.SALARIES,
          Fixture.JOBS,
          Securable.table("lake", List.of("sales", "eu"), "new_table"),
          Securable.table("lake", List.of("hr"), "orders"),
          Fixture.ORDER_SUMMARY,
          Fixture.HEADCOUNT,
          Securable.view("lake", List.of("sales", "eu"), "orders"),
          Securable.view("lake", List.of("sales", "eu", "deep"), "new_view"));

  private static final List<Set<TableChange>> CHANGE_SETS =
      List.of(
          EnumSet.noneOf(TableChange.class),
          EnumSet.of(TableChange.DATA),
          EnumSet.of(TableChange.METADATA),
          EnumSet.allOf(TableChange.class));

  private RequestSpace() {}

  static List<Request> everyRequest() {
    List<Request> requests = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      for (List<Target> targets : candidateTargetLists()) {
        if (fits(operation, targets)) {
          requests.add(new Request(operation, targets));
        }
      }
    }
    return List.copyOf(requests);
  }

  static List<Target> ofType(SecurableType type) {
    return POOL.stream().filter(securable -> securable.type() == type).map(Target::of).toList();
  }

  private static List<List<Target>> candidateTargetLists() {
    List<List<Target>> lists = new ArrayList<>();
    lists.add(List.of());
    for (Securable securable : POOL) {
      lists.add(List.of(Target.of(securable)));
      if (securable.type() == SecurableType.TABLE) {
        for (Set<TableChange> changes : CHANGE_SETS) {
          if (!changes.isEmpty()) {
            lists.add(List.of(Target.of(securable).withChanges(changes)));
          }
        }
      }
    }
    for (Securable source : POOL) {
      for (Securable destination : POOL) {
        if (source.type() == destination.type()
            && (source.type() == SecurableType.TABLE || source.type() == SecurableType.VIEW)) {
          lists.add(List.of(Target.of(source), Target.of(destination)));
        }
      }
    }
    List<Securable> tables = POOL.stream().filter(securable -> securable.type() == SecurableType.TABLE).toList();
    for (int index = 0; index + 1 < tables.size(); index++) {
      lists.add(
          List.of(
              Target.of(tables.get(index)).withChanges(CHANGE_SETS.get(index % CHANGE_SETS.size())),
              Target.of(tables.get(index + 1)).withChanges(EnumSet.of(TableChange.DATA))));
    }
    return lists;
  }

  private static boolean fits(Operation operation, List<Target> targets) {
    try {
      operation.requirements(targets);
      return true;
    } catch (IllegalArgumentException doesNotFit) {
      return false;
    }
  }
}
