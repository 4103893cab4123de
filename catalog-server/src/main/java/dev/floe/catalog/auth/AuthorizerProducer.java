package dev.floe.catalog.auth;

import dev.floe.policy.Authorizer;
import dev.floe.policy.governance.RestrictionSource;
import dev.floe.policy.GrantStore;
import dev.floe.policy.opa.OpaAuthorizer;
import dev.floe.policy.opa.OpaConfiguration;
import dev.floe.policy.rbac.RbacAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The configured {@link Authorizer}, over the server's {@link GrantStore}. */
@ApplicationScoped
public class AuthorizerProducer {
  @Produces
  @Singleton
  Authorizer authorizer(AuthorizationConfig config, GrantStore store) {
    return switch (config.type()) {
      case RBAC -> new RbacAuthorizer(store);
      case OPA -> {
        var url =
            config
                .opa()
                .url()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "floe.authorization.type=opa needs floe.authorization.opa.url (FLOE_AUTHORIZATION_OPA_URL)"));
        yield new OpaAuthorizer(OpaConfiguration.of(url).withTimeout(config.opa().timeout()).withDecisionCacheTtl(config.opa().decisionCacheTtl()), store);
      }
    };
  }

  /**
   * The extra row filters and masks of the configured authorizer: OPA's {@code restrictions} rule
   * with {@code floe.authorization.type=opa}, none with RBAC.
   */
  @Produces
  @Singleton
  RestrictionSource restrictions(Authorizer authorizer) {
    return authorizer instanceof OpaAuthorizer opa ? opa.restrictions() : RestrictionSource.none();
  }
}
