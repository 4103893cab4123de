package dev.floe.catalog.access;

import dev.floe.catalog.metastore.EntityNames;

/**
 * The names the access store accepts for what it creates, checked before anything is stored or
 * recorded: {@link EntityNames}' one rule for principals, principal roles and catalog roles (as for
 * catalogs). A refused name is a 400 that names it and says what is allowed. The management API
 * reaches these checks through {@link PostgresAccessStore}. Only creates are checked: a name stored
 * before the rule keeps working for reads, updates and drops.
 */
final class AccessNames {
  private AccessNames() {}

  static void checkPrincipalName(String name) {
    EntityNames.check(name, "principal");
  }

  /**
   * @param kind the kind of role, for the message ("principal role", "catalog role")
   */
  static void checkRoleName(String name, String kind) {
    EntityNames.check(name, kind);
  }
}
