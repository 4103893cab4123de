package dev.floe.catalog.auth;

import dev.floe.audit.AuditSink;
import dev.floe.policy.GrantStore;
import dev.floe.policy.InMemoryGrantStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * TEMPORARY, while the PostgreSQL grant store and audit sink are being built: an empty grant
 * store (denies everything) and a log-only audit sink. Both are default beans, replaced as soon
 * as the real ones exist; this class is deleted then.
 */
@ApplicationScoped
public class Placeholders {
  private static final Logger LOG = Logger.getLogger("dev.floe.audit");

  @Produces
  @Singleton
  @DefaultBean
  GrantStore emptyGrantStore() {
    return new InMemoryGrantStore();
  }

  @Produces
  @Singleton
  @DefaultBean
  dev.floe.catalog.access.PrincipalDirectory noPrincipals() {
    return new dev.floe.catalog.access.PrincipalDirectory() {
      @Override
      public java.util.Optional<dev.floe.catalog.access.PrincipalEntry> authenticateClient(String clientId, String secret) {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<dev.floe.catalog.access.PrincipalEntry> principal(String name) {
        return java.util.Optional.empty();
      }
    };
  }

  @Produces
  @Singleton
  @DefaultBean
  AuditSink logAuditSink() {
    return event -> LOG.debug(event);
  }
}
