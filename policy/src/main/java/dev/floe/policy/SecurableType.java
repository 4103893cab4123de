package dev.floe.policy;

/**
 * The kinds of object privileges are granted on, from the top of the tree down: a catalog holds
 * namespaces, a namespace holds nested namespaces, tables and views.
 */
public enum SecurableType {
  CATALOG,
  NAMESPACE,
  TABLE,
  VIEW;

  /** Whether objects of this type contain other securables (catalogs and namespaces do). */
  public boolean isContainer() {
    return switch (this) {
      case CATALOG, NAMESPACE -> true;
      case TABLE, VIEW -> false;
    };
  }
}
