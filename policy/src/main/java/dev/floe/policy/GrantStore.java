package dev.floe.policy;

import java.util.List;
import java.util.Set;

/**
 * Where grants live. The server implements it on PostgreSQL; {@link InMemoryGrantStore} serves
 * tests and small deployments.
 *
 * <h2>Version</h2>
 *
 * {@link #version()} is the invalidation hook of every cache built on the store: it must change
 * after every change of roles, assignments or grants, and it must change <em>after</em> the change
 * is visible to the lookup methods (write, then bump), so that a reader that sees the new version
 * also sees the new data. It is read on every decision, so it must be cheap: a field in memory,
 * which the server bumps on its own writes and on the change notices of other nodes.
 */
public interface GrantStore {
  /** A number that changes whenever the grant data changes. */
  long version();

  /** The catalog roles assigned to a principal role; empty for an unknown role. */
  Set<CatalogRole> catalogRolesOf(String principalRole);

  /** The grants a catalog role holds; empty for an unknown role. */
  List<Grant> grantsOf(CatalogRole catalogRole);

  /** The principal roles whose members are service administrators. */
  Set<String> serviceAdministratorRoles();

  /** Everything, consistent with one version: the document published to OPA. */
  GrantData snapshot();
}
