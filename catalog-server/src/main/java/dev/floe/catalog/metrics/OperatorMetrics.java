package dev.floe.catalog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The counters an operator charts beside the HTTP and audit meters (docs/grafana/floe-dashboard.json):
 * tokens issued and refused ({@code floe_tokens_total{outcome}}), table commits by outcome
 * ({@code floe_table_commits_total{outcome=committed|conflict|failed}}), multi-table commits retried
 * after a conflict ({@code floe_table_commit_retries_total}) and purges by outcome ({@code
 * floe_purges_total{outcome=done|retried|failed}}). Tags have a handful of fixed values each.
 */
@ApplicationScoped
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Counter commitRetries;

  @Inject
  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.commitRetries = Counter.builder("floe.table.commit.retries").description("Multi-table commits retried after a conflict").register(registry);
    // the series a dashboard expects exist from the start, at 0
    Counter.builder("floe.tokens").description("Token requests at /api/catalog/v1/oauth/tokens by outcome").tag("outcome", "issued").tag("error", "none").register(registry);
    for (String outcome : new String[] {"committed", "conflict", "failed"}) {
      Counter.builder("floe.table.commits").description("Table commits by outcome").tag("outcome", outcome).register(registry);
    }
    for (String outcome : new String[] {"done", "retried", "failed"}) {
      Counter.builder("floe.purges").description("Purge attempts of dropped tables by outcome").tag("outcome", outcome).register(registry);
    }
  }

  /** A token request answered: 200 issued, anything else refused, tagged with the RFC 6749 error. */
  public void token(int status, String error) {
    Counter.builder("floe.tokens")
        .description("Token requests at /api/catalog/v1/oauth/tokens by outcome")
        .tag("outcome", status == 200 ? "issued" : "refused")
        .tag("error", status == 200 ? "none" : error)
        .register(registry)
        .increment();
  }

  /** A table change (create, commit, multi-table commit) ended: committed, a conflict (409), or another failure. */
  public void tableCommit(String outcome) {
    Counter.builder("floe.table.commits").description("Table commits by outcome").tag("outcome", outcome).register(registry).increment();
  }

  public void commitRetried() {
    commitRetries.increment();
  }

  /** A purge attempt ended: done, retried later, or failed for good. */
  public void purge(String outcome) {
    Counter.builder("floe.purges").description("Purge attempts of dropped tables by outcome").tag("outcome", outcome).register(registry).increment();
  }
}
