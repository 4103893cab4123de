package dev.floe.policy;

import java.util.List;
import java.util.Set;

/**
 * The grant data and callers the authorizer tests share.
 *
 * <pre>
 * catalog lake                      catalog other
 *   sales                             ops
 *     customers (table)                 jobs (table)
 *     eu
 *       orders (table)
 *       order_summary (view)
 *   hr
 *     salaries (table)
 *     headcount (view)
 * </pre>
 *
 * Callers, one per column of the permission matrix:
 *
 * <ul>
 *   <li>ADMIN (role lake_admins): CATALOG_MANAGE_CONTENT, CATALOG_MANAGE_ACCESS and
 *       CATALOG_MANAGE_POLICIES on lake
 *   <li>WRITER (sales_engineers): namespace-scoped writer on lake.sales
 *   <li>READER (analysts): read-only on lake.sales, CATALOG_READ_PROPERTIES on lake
 *   <li>AUDITOR (auditors): TABLE_READ_DATA on the one table lake.sales.eu.orders
 *   <li>VISITOR (visitors): a principal role with no catalog roles
 *   <li>DISABLED: the admin's roles, but disabled
 *   <li>OPERATOR (service_admins): a service administrator without grants
 * </ul>
 */
public final class Fixture {
  public static final Securable LAKE = Securable.catalog("lake");
  public static final Securable OTHER = Securable.catalog("other");
  public static final Securable SALES = Securable.namespace("lake", "sales");
  public static final Securable SALES_EU = Securable.namespace("lake", "sales", "eu");
  public static final Securable HR = Securable.namespace("lake", "hr");
  public static final Securable OPS = Securable.namespace("other", "ops");
  public static final Securable ORDERS = Securable.table("lake", List.of("sales", "eu"), "orders");
  public static final Securable CUSTOMERS = Securable.table("lake", List.of("sales"), "customers");
  public static final Securable SALARIES = Securable.table("lake", List.of("hr"), "salaries");
  public static final Securable JOBS = Securable.table("other", List.of("ops"), "jobs");
  public static final Securable ORDER_SUMMARY =
      Securable.view("lake", List.of("sales", "eu"), "order_summary");
  public static final Securable HEADCOUNT = Securable.view("lake", List.of("hr"), "headcount");

  public static final CatalogRole CATALOG_ADMIN = new CatalogRole("lake", "catalog_admin");
  public static final CatalogRole SALES_WRITER = new CatalogRole("lake", "sales_writer");
  public static final CatalogRole SALES_READER = new CatalogRole("lake", "sales_reader");
  public static final CatalogRole ORDERS_READER = new CatalogRole("lake", "orders_reader");

  public static final PrincipalContext ADMIN = caller("ada", false, "lake_admins");
  public static final PrincipalContext WRITER = caller("wes", false, "sales_engineers");
  public static final PrincipalContext READER = caller("rita", false, "analysts");
  public static final PrincipalContext AUDITOR = caller("otto", false, "auditors");
  public static final PrincipalContext VISITOR = caller("vic", false, "visitors");
  public static final PrincipalContext DISABLED = caller("dora", true, "lake_admins");
  public static final PrincipalContext OPERATOR = caller("opal", false, "service_admins");

  /** The callers in the column order of {@link PermissionMatrix}. */
  public static final List<PrincipalContext> CALLERS =
      List.of(ADMIN, WRITER, READER, AUDITOR, VISITOR, DISABLED, OPERATOR);

  private Fixture() {}

  public static PrincipalContext caller(String name, boolean disabled, String... principalRoles) {
    return new PrincipalContext(new Principal(name, disabled), Set.of(principalRoles));
  }

  public static InMemoryGrantStore store() {
    InMemoryGrantStore store = new InMemoryGrantStore();
    store.grant(CATALOG_ADMIN, Privilege.CATALOG_MANAGE_CONTENT, LAKE);
    store.grant(CATALOG_ADMIN, Privilege.CATALOG_MANAGE_ACCESS, LAKE);
    store.grant(CATALOG_ADMIN, Privilege.CATALOG_MANAGE_POLICIES, LAKE);
    store.assign("lake_admins", CATALOG_ADMIN);

    for (Privilege privilege :
        List.of(
            Privilege.NAMESPACE_LIST,
            Privilege.NAMESPACE_CREATE,
            Privilege.NAMESPACE_READ_PROPERTIES,
            Privilege.TABLE_LIST,
            Privilege.TABLE_CREATE,
            Privilege.TABLE_DROP,
            Privilege.TABLE_WRITE_DATA,
            Privilege.TABLE_WRITE_PROPERTIES,
            Privilege.VIEW_LIST,
            Privilege.VIEW_CREATE,
            Privilege.VIEW_DROP,
            Privilege.VIEW_WRITE_PROPERTIES)) {
      store.grant(SALES_WRITER, privilege, SALES);
    }
    store.assign("sales_engineers", SALES_WRITER);

    for (Privilege privilege :
        List.of(
            Privilege.NAMESPACE_LIST,
            Privilege.NAMESPACE_READ_PROPERTIES,
            Privilege.TABLE_LIST,
            Privilege.TABLE_READ_DATA,
            Privilege.VIEW_LIST,
            Privilege.VIEW_READ_PROPERTIES)) {
      store.grant(SALES_READER, privilege, SALES);
    }
    store.grant(SALES_READER, Privilege.CATALOG_READ_PROPERTIES, LAKE);
    store.assign("analysts", SALES_READER);

    store.grant(ORDERS_READER, Privilege.TABLE_READ_DATA, ORDERS);
    store.assign("auditors", ORDERS_READER);

    store.setServiceAdministratorRole("service_admins", true);
    return store;
  }
}
