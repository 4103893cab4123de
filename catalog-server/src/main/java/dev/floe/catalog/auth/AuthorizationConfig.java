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
  }
}
