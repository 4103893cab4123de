package dev.floe.policy.opa;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.GovernanceEvaluator;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.governance.api.CallerIdentity;
import java.util.List;

/**
 * The row filters and masks OPA adds to a governance evaluation: one {@code POST
 * /v1/data/<policy path>/restrictions} per evaluation, every table and column of it in one input
 * (the way Trino's OPA plugin batches its {@code rowFilters} and {@code batchColumnMasks} rules,
 * here in one rule). The documents are described at {@link OpaDocuments#restrictionsInput} and
 * {@link OpaDocuments#restrictions}; the bundle's {@code restrictions.rego} defines the rule.
 *
 * <p>Obtained from {@link OpaAuthorizer#restrictions()}: it shares the authorizer's HTTP client and
 * configuration, and publishes the grant data first when it changed, as a decision does. Any failure
 * (OPA unreachable, an error status, no {@code restrictions} value, a malformed answer) is thrown as
 * an {@link OpaException}; {@link GovernanceEvaluator} then denies every table of the evaluation.
 */
public final class OpaRestrictions implements RestrictionSource {
  private final OpaClient client;
  private final Runnable beforeQuery;

  OpaRestrictions(OpaClient client, Runnable beforeQuery) {
    this.client = requireNonNull(client, "client is null");
    this.beforeQuery = requireNonNull(beforeQuery, "beforeQuery is null");
  }

  @Override
  public List<Restrictions> restrictions(CallerIdentity caller, String catalog, List<Table> tables) {
    requireNonNull(caller, "caller is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(tables, "tables is null");
    if (tables.isEmpty()) {
      return List.of();
    }
    beforeQuery.run();
    return OpaDocuments.restrictions(
        client.query(
            client.configuration().restrictionsUri(),
            OpaDocuments.restrictionsInput(caller, catalog, tables)),
        tables);
  }
}
