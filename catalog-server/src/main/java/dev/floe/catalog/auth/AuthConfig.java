package dev.floe.catalog.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code floe.auth.*}: how callers prove who they are. Authentication is always on: every API
 * request carries a bearer token, issued either by Floe's own token endpoint (client credentials)
 * or by the one external OIDC provider configured here.
 */
@ConfigMapping(prefix = "floe.auth")
public interface AuthConfig {
  Tokens tokens();

  Oidc oidc();

  /** Tolerance for clock differences when checking {@code exp} and {@code nbf}. */
  @WithDefault("PT30S")
  Duration clockSkew();

  /**
   * After a principal's secret is rotated, Floe tokens issued with the old secret are refused,
   * except those issued within this period before the rotation (they stay valid until they
   * expire). {@code PT0S}: a rotation invalidates every token of the old secret at once. Must not
   * be negative.
   */
  @WithDefault("PT0S")
  Duration rotationGrace();

  /** How many verified tokens are remembered (a warm request then skips the signature check). */
  @WithDefault("10000")
  int verifiedTokenCacheSize();

  /** Floe's own tokens, issued at {@code /api/catalog/v1/oauth/tokens}. */
  interface Tokens {
    /** The {@code iss} of Floe's tokens; also their audience. */
    @WithDefault("floe")
    String issuer();

    /** How long an issued token is valid. */
    @WithDefault("PT1H")
    Duration lifetime();

    /**
     * How often a new signing key is made. Older keys still verify the tokens they signed until
     * those have expired; then they are deleted.
     */
    @WithDefault("P7D")
    Duration keyRotation();
  }

  /** An external OpenID Connect provider (Keycloak, …) whose access tokens Floe accepts. */
  interface Oidc {
    /**
     * The provider's issuer, exactly as tokens carry it in {@code iss}
     * (e.g. {@code https://keycloak.example.com/realms/floe}). Unset: only Floe's own tokens.
     */
    Optional<String> issuer();

    /**
     * Where the provider's signing keys are fetched from. Pinned here: a token's own {@code iss}
     * never decides where keys come from. Required with {@code issuer}.
     */
    Optional<URI> jwksUri();

    /** The audience a token must name in {@code aud} to be accepted by Floe. */
    @WithDefault("floe")
    String audience();

    /** The claim holding the principal's name. */
    @WithDefault("preferred_username")
    String principalClaim();

    /** The claim holding the caller's groups; each group becomes the principal role of that name. */
    @WithDefault("groups")
    String groupsClaim();

    /** Prefixed to a group's name to give the principal role it maps to (empty: the same name). */
    @WithDefault("")
    Optional<String> groupRolePrefix();

    /** How long fetched keys are trusted before they are fetched again. */
    @WithDefault("PT10M")
    Duration jwksRefresh();
  }
}
