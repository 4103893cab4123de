package dev.floe.catalog.auth;

import dev.floe.policy.GrantStore;
import dev.floe.policy.InMemoryGrantStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * TEMPORARY, while the PostgreSQL grant store is being built: an empty grant store (denies
 * everything). A default bean, replaced as soon as the real one exists; this class is deleted
 * then.
 */
@ApplicationScoped
public class Placeholders {
  @Produces
  @Singleton
  @DefaultBean
  GrantStore emptyGrantStore() {
    return new InMemoryGrantStore();
  }
}
