package dev.floe.catalog.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.catalog.access.PrincipalDirectory;
import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jboss.logging.Logger;

/**
 * Turns a bearer token into a {@link Caller}, or refuses it with a 401.
 *
 * <p>A token is accepted when it is a JWT whose {@code iss} is exactly Floe's own issuer (verified
 * with Floe's {@link SigningKeys}) or exactly the configured OIDC issuer (verified with the keys
 * fetched from the configured JWKS location: a token never chooses where its keys come from), is
 * signed with an RSA or EC algorithm, names Floe in {@code aud}, and has not expired. The
 * principal must not be disabled. A Floe token must name the principal instance that holds the
 * name now (claim {@value TokenIssuer#PRINCIPAL_ID_CLAIM}: a dropped principal's token never works
 * for a new principal of the same name; a token without it, issued before principal ids existed,
 * is refused) and the current generation of its credentials (claim {@value
 * TokenIssuer#CREDENTIAL_GENERATION_CLAIM}), or an older one if it was issued within {@code
 * floe.auth.rotation-grace} before the last rotation. Verified tokens are remembered until they expire, so a warm
 * request costs a map lookup; the principal's state (disabled, roles) is read on every request
 * from the {@link PrincipalDirectory}, whose cache follows changes on every node.
 *
 * <p>Made first at start-up ({@link Startup}, before the observers of start-up that run jobs): a
 * half-configured OIDC provider (an issuer without its JWKS location, or the reverse) stops the
 * server from starting instead of failing every request.
 */
@ApplicationScoped
@Startup(1)
public class Authenticator {
  private static final Logger LOG = Logger.getLogger(Authenticator.class);

  /**
   * What a verified token says, kept while it is valid. For a Floe token: the principal instance's
   * id (empty in tokens issued before ids existed), the credential generation (0 when absent) and
   * when it was issued.
   */
  record Verified(
      boolean floeToken,
      String principal,
      List<String> roles,
      Instant expiresAt,
      String issuer,
      Optional<UUID> principalId,
      long credentialGeneration,
      Instant issuedAt) {}

  private final TokenIssuer floeTokens;
  private final PrincipalDirectory directory;
  private final AuthConfig.Oidc oidcConfig;
  private final Optional<JwtConsumer> oidc;
  private final JwtConsumer firstPass;
  private final Duration clockSkew;
  private final Duration rotationGrace;
  private final Cache<String, Verified> verified;

  @Inject
  public Authenticator(TokenIssuer floeTokens, PrincipalDirectory directory, AuthConfig config) {
    this.floeTokens = floeTokens;
    this.directory = directory;
    this.oidcConfig = config.oidc();
    this.clockSkew = config.clockSkew();
    this.rotationGrace = config.rotationGrace();
    if (rotationGrace.isNegative()) {
      throw new IllegalStateException("Invalid floe.auth.rotation-grace " + rotationGrace + ": must not be negative");
    }
    this.firstPass =
        new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();
    this.verified = Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize()).build();
    this.oidc = oidcConsumer(config);
    if (oidc.isPresent()) {
      LOG.infof(
          "Accepting OIDC tokens of issuer %s (keys from %s, audience %s)",
          oidcConfig.issuer().orElseThrow(), oidcConfig.jwksUri().orElseThrow(), oidcConfig.audience());
    }
  }

  private static Optional<JwtConsumer> oidcConsumer(AuthConfig config) {
    AuthConfig.Oidc oidc = config.oidc();
    if (oidc.issuer().isEmpty() && oidc.jwksUri().isEmpty()) {
      return Optional.empty();
    }
    String issuer =
        oidc.issuer().filter(value -> !value.isBlank())
            .orElseThrow(() -> new IllegalStateException(
                        "floe.auth.oidc.jwks-uri is set but floe.auth.oidc.issuer is not: set FLOE_AUTH_OIDC_ISSUER to the"
                            + " provider's issuer (as its tokens carry it in iss), or unset FLOE_AUTH_OIDC_JWKS_URI"));
    URI jwksUri =
        oidc.jwksUri()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "floe.auth.oidc.issuer is set but floe.auth.oidc.jwks-uri is not (Floe never takes the key location from a"
                            + " token): set FLOE_AUTH_OIDC_JWKS_URI to the provider's keys (Keycloak:"
                            + " <issuer>/protocol/openid-connect/certs), or unset FLOE_AUTH_OIDC_ISSUER"));
    if (issuer.equals(config.tokens().issuer())) {
      throw new IllegalStateException("floe.auth.oidc.issuer must differ from floe.auth.tokens.issuer (" + issuer + ")");
    }
    HttpsJwks jwks = new HttpsJwks(jwksUri.toString());
    jwks.setDefaultCacheDuration(oidc.jwksRefresh().toSeconds());
    jwks.setRetainCacheOnErrorDuration(oidc.jwksRefresh().toSeconds());
    return Optional.of(
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setExpectedIssuer(true, issuer)
            .setExpectedAudience(true, oidc.audience())
            .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                AlgorithmIdentifiers.RSA_USING_SHA384,
                AlgorithmIdentifiers.RSA_USING_SHA512,
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
            .build());
  }

  /**
   * The caller a bearer token stands for.
   *
   * @throws NotAuthorizedException when the token is missing, malformed, not verifiable, expired,
   *     meant for another audience, or its principal is unknown or disabled
   */
  public Caller authenticate(String token, String clientAddress) {
    return caller(verified(token), clientAddress, false).caller();
  }

  /**
   * A caller and, for a Floe token, the principal (as stored now) the token was checked against.
   */
  public record Authenticated(Caller caller, Optional<PrincipalEntry> floePrincipal) {}

  /**
   * The caller of a token to be exchanged for a new one: as {@link #authenticate}, and a Floe
   * token must have been issued with the principal's current credentials (a token kept valid by
   * the rotation grace cannot be renewed past it).
   */
  public Authenticated authenticateForExchange(String token, String clientAddress) {
    return caller(verified(token), clientAddress, true);
  }

  private Verified verified(String token) {
    Verified result = verified.getIfPresent(token);
    if (result == null || !Instant.now().isBefore(result.expiresAt().plus(clockSkew))) {
      if (result != null) {
        verified.invalidate(token);
      }
      result = verify(token);
      verified.put(token, result);
    }
    return result;
  }

  private Verified verify(String token) {
    JwtContext parsed;
    String issuer;
    try {
      parsed = firstPass.process(token);
      issuer = parsed.getJwtClaims().getIssuer();
    } catch (InvalidJwtException | MalformedClaimException e) {
      throw new NotAuthorizedException("Invalid bearer token: not a well-formed JWT");
    }
    if (issuer == null) {
      throw new NotAuthorizedException("Invalid bearer token: no issuer");
    }
    try {
      if (issuer.equals(floeTokens.issuer())) {
        JwtClaims claims = floeTokens.verify(parsed);
        return new Verified(
            true,
            claims.getSubject(),
            TokenIssuer.requestedRoles(claims.getClaimValueAsString("scope")),
            Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
            issuer,
            principalId(claims.getClaimValue(TokenIssuer.PRINCIPAL_ID_CLAIM)),
            generation(claims.getClaimValue(TokenIssuer.CREDENTIAL_GENERATION_CLAIM)),
            Instant.ofEpochSecond(claims.getIssuedAt().getValue()));
      }
      if (oidc.isPresent() && issuer.equals(oidcConfig.issuer().orElseThrow())) {
        oidc.get().processContext(parsed);
        JwtClaims claims = parsed.getJwtClaims();
        String name = claims.getClaimValueAsString(oidcConfig.principalClaim());
        if (name == null || name.isBlank()) {
          name = claims.getSubject();
        }
        return new Verified(
            false,
            name,
            groups(claims.getClaimValue(oidcConfig.groupsClaim())),
            Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
            issuer,
            Optional.empty(),
            0,
            Instant.EPOCH);
      }
    } catch (InvalidJwtException e) {
      throw new NotAuthorizedException("Invalid bearer token: %s", describe(e));
    } catch (MalformedClaimException e) {
      throw new NotAuthorizedException("Invalid bearer token: %s", e.getMessage());
    }
    throw new NotAuthorizedException("Invalid bearer token: issuer %s is not trusted", issuer);
  }

  private static Optional<UUID> principalId(Object claim) {
    if (claim instanceof String value) {
      try {
        return Optional.of(UUID.fromString(value));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static long generation(Object claim) {
    // a missing or malformed generation is 0, older than any real one: refused
    return claim instanceof Number number && number.longValue() == number.doubleValue() ? number.longValue() : 0;
  }

  /**
   * Why a verified Floe token no longer stands for {@code principal} (the principal of its name
   * now), or empty when it does: it names another principal instance (or none), or credentials
   * that were rotated, unless it was issued within {@code rotationGrace} before the last rotation.
   * With {@code currentOnly}, only the current credential generation is accepted.
   */
  static Optional<String> refusal(Verified token, PrincipalEntry principal, Duration rotationGrace, boolean currentOnly) {
    if (token.principalId().isEmpty()) {
      return Optional.of("Token carries no principal id (issued before this version of Floe): request a new token");
    }
    if (!token.principalId().get().equals(principal.id())) {
      return Optional.of("Principal " + principal.name() + " no longer exists: the token was issued to a dropped principal of the same name");
    }
    long current = principal.credentialGeneration();
    if (token.credentialGeneration() == current) {
      return Optional.empty();
    }
    String rotated = "Token was issued with credentials of principal " + principal.name() + " that have been rotated since";
    if (token.credentialGeneration() > current || currentOnly || rotationGrace.isZero() || principal.credentialsRotatedAt().isEmpty()) {
      return Optional.of(rotated);
    }
    Instant rotatedAt = principal.credentialsRotatedAt().get();
    // issued within the grace period before the (last) rotation; never after it with old credentials
    boolean withinGrace = !token.issuedAt().isBefore(rotatedAt.minus(rotationGrace)) && !token.issuedAt().isAfter(rotatedAt);
    return withinGrace ? Optional.empty() : Optional.of(rotated);
  }

  private Authenticated caller(Verified token, String clientAddress, boolean currentCredentialsOnly) {
    Optional<PrincipalEntry> entry = directory.principal(token.principal());
    if (entry.isPresent() && entry.get().disabled()) {
      throw new NotAuthorizedException("Principal %s is disabled", token.principal());
    }
    Set<String> roles = new LinkedHashSet<>();
    if (token.floeToken()) {
      // a Floe token stands for a principal Floe knows; its roles are the current assignments,
      // narrowed to those the token's scope asked for
      PrincipalEntry principal =
          entry.orElseThrow(() -> new NotAuthorizedException("Principal %s no longer exists", token.principal()));
      if (principal.clientId().isEmpty()) {
        throw new NotAuthorizedException("Principal %s is not a service principal", token.principal());
      }
      Optional<String> refusal = refusal(token, principal, rotationGrace, currentCredentialsOnly);
      if (refusal.isPresent()) {
        throw new NotAuthorizedException("%s", refusal.get());
      }
      if (token.roles().isEmpty()) {
        roles.addAll(principal.principalRoles());
      } else {
        for (String role : token.roles()) {
          if (principal.principalRoles().contains(role)) {
            roles.add(role);
          }
        }
      }
    } else {
      if (entry.isPresent() && entry.get().clientId().isPresent()) {
        // a person's token must not act as a service principal of the same name
        throw new NotAuthorizedException("Principal %s is a service principal: use its client credentials", token.principal());
      }
      String prefix = oidcConfig.groupRolePrefix().orElse("");
      token.roles().forEach(group -> roles.add(prefix + group));
      entry.ifPresent(known -> roles.addAll(known.principalRoles()));
    }
    Set<String> groups = token.floeToken() ? Set.of() : Set.copyOf(token.roles());
    Caller caller =
        new Caller(new PrincipalContext(new Principal(token.principal(), false), roles), token.issuer(), clientAddress, groups);
    return new Authenticated(caller, token.floeToken() ? entry : Optional.empty());
  }

  private static List<String> groups(Object claim) {
    List<String> groups = new ArrayList<>();
    if (claim instanceof Collection<?> values) {
      for (Object value : values) {
        if (value instanceof String group && !group.isBlank()) {
          // Keycloak writes group paths ("/analysts") unless told otherwise
          groups.add(group.startsWith("/") ? group.substring(1) : group);
        }
      }
    } else if (claim instanceof String group && !group.isBlank()) {
      groups.add(group.startsWith("/") ? group.substring(1) : group);
    }
    return groups;
  }

  private static String describe(InvalidJwtException e) {
    if (e.hasExpired()) {
      return "expired";
    }
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)
        || e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_MISSING)) {
      return "not issued for this server (audience)";
    }
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
      return "signature does not verify";
    }
    if (e.getCause() instanceof org.jose4j.lang.UnresolvableKeyException
        || (e.getMessage() != null && e.getMessage().contains("Unable to find a suitable verification key"))) {
      return "signed with an unknown key";
    }
    return "rejected";
  }
}
