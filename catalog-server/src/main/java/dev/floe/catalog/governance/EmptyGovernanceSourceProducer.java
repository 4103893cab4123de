package dev.floe.catalog.governance;

import dev.floe.policy.governance.GovernanceState;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * A governance source with no tags or policies, used only while no store provides one (the
 * PostgreSQL governance store, an {@code @ApplicationScoped} {@link GovernanceSource}, replaces it):
 * evaluations then answer from grants alone.
 */
@Singleton
public class EmptyGovernanceSourceProducer {
  @Produces
  @DefaultBean
  @ApplicationScoped
  GovernanceSource emptyGovernanceSource() {
    return new Empty();
  }

  /** No governance data, at version 0. */
  static final class Empty implements GovernanceSource {
    @Override
    public long version() {
      return 0;
    }

    @Override
    public GovernanceState stateOf(String catalog) {
      return GovernanceState.empty();
    }

    @Override
    public Optional<String> hashSalt(String catalog) {
      return Optional.empty();
    }
  }
}
