package dev.floe.catalog.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code floe.authorization.*}: which authorizer decides. */
@ConfigMapping(prefix = "floe.authorization")
public interface AuthorizationConfig {
  enum Type {
    /** The built-in RBAC over the grants in PostgreSQL. */
    RBAC,
    /** An Open Policy Agent running Floe's Rego bundle (policy/src/main/resources/floe/rego). */
    OPA
  }

  @WithDefault("rbac")
  Type type();

  Opa opa();

  interface Opa {
    /** OPA's base URL, e.g. {@code http://127.0.0.1:8181}; required when the type is {@code opa}. */
    Optional<URI> url();

    @WithDefault("PT2S")
    Duration timeout();

    /**
     * How long OPA's answers are kept, keyed by the whole input (caller, roles, operation,
     * targets with their tags) and the version of the grant data: a grant change is seen at once,
     * a change of OPA's own policy or documents within this time. {@code PT0S} asks OPA every time.
     */
    @WithDefault("PT5S")
    Duration decisionCacheTtl();
  }
}
