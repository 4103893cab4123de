package dev.floe.catalog.governance;

import dev.floe.catalog.auth.GovernedTargets;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.TagSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The classification tags authorization decisions see (OPA's rule on {@code confidential} tables):
 * the tags assigned to the securable or to any container above it, from the governance data this
 * node holds. Tags on columns are not tags of their table. Also which targets governance policies
 * could reach (for the audit trail, which never aggregates reads of them).
 */
@ApplicationScoped
public class GovernanceTagSource implements TagSource, GovernedTargets {
  private final GovernanceSource governance;

  @Inject
  public GovernanceTagSource(PostgresGovernanceStore governance) {
    this.governance = governance;
  }

  @Override
  public Set<String> tagsOf(Securable securable) {
    return Set.copyOf(governance.stateOf(securable.catalogName()).effectiveTags(securable));
  }

  /** A table a row filter is on, or any table of a catalog with column masks; nothing else. */
  @Override
  public boolean governed(Securable securable) {
    return securable.type() == SecurableType.TABLE && PolicyReach.mayReach(governance.stateOf(securable.catalogName()), securable);
  }
}
