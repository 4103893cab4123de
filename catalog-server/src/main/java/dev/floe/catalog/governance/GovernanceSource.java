package dev.floe.catalog.governance;

import dev.floe.policy.governance.GovernanceState;
import java.util.Optional;

/**
 * The governance data (tag definitions, tag assignments, row filters, column masks) this node
 * holds, as the evaluation reads it: one {@link GovernanceState} per catalog, all at the same
 * governance version. Tag definitions are global (every catalog's state carries all of them);
 * assignments, filters and masks (masks on a tag included) belong to one catalog.
 */
public interface GovernanceSource {
  /** The governance version of the data held now; it changes after every change anywhere. */
  long version();

  /** The state of one catalog; an empty state (no assignments or policies) for one without. */
  GovernanceState stateOf(String catalog);

  /** The catalog's secret salt for hash masks; empty when the catalog has none. */
  Optional<String> hashSalt(String catalog);
}
