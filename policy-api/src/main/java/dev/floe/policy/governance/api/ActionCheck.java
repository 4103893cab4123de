package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A question besides reading: may the identity perform a Floe operation ({@code CREATE_TABLE},
 * {@code WRITE_TABLE_DATA}, {@code UPDATE_TABLE}, {@code DROP_TABLE}, {@code RENAME_TABLE}, {@code
 * CREATE_VIEW}, {@code DROP_VIEW}, {@code CREATE_NAMESPACE}, {@code DROP_NAMESPACE}, {@code
 * LOAD_NAMESPACE}, …) on these targets, as Floe's REST API would decide it for that identity.
 *
 * @param operation the name of a Floe operation
 * @param targets the securables it acts on, in the order the operation takes them (a rename: the
 *     table, then its new name)
 */
public record ActionCheck(String operation, List<ActionTarget> targets) {
  public ActionCheck {
    requireNonNull(operation, "operation is null");
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    if (operation.isEmpty()) {
      throw new IllegalArgumentException("operation is empty");
    }
  }

  /**
   * A securable of the catalog the evaluation is about.
   *
   * @param type {@code namespace}, {@code table} or {@code view}
   * @param namespace the namespace levels (for a namespace: the namespace itself)
   * @param name the table or view name; {@code null} for a namespace
   */
  public record ActionTarget(String type, List<String> namespace, String name) {
    public ActionTarget {
      requireNonNull(type, "type is null");
      namespace = List.copyOf(requireNonNull(namespace, "namespace is null"));
      if (!type.equals("namespace") && !type.equals("table") && !type.equals("view")) {
        throw new IllegalArgumentException("target type is namespace, table or view, not " + type);
      }
      if (type.equals("namespace") != (name == null)) {
        throw new IllegalArgumentException("A namespace target has no name, a table or view target has one");
      }
    }

    public static ActionTarget namespace(List<String> namespace) {
      return new ActionTarget("namespace", namespace, null);
    }

    public static ActionTarget table(List<String> namespace, String name) {
      return new ActionTarget("table", namespace, name);
    }

    public static ActionTarget view(List<String> namespace, String name) {
      return new ActionTarget("view", namespace, name);
    }
  }
}
