package dev.floe.catalog.auth;

import dev.floe.catalog.access.PrincipalEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Issues and verifies Floe's own access tokens: RS256 JWTs signed with the current {@link
 * SigningKeys key}, {@code iss} and {@code aud} the configured issuer, {@code sub} the principal's
 * name, {@value #PRINCIPAL_ID_CLAIM} the id of that principal instance, {@value
 * #CREDENTIAL_GENERATION_CLAIM} the generation of its credentials, {@code scope} the principal
 * roles asked for.
 */
@ApplicationScoped
public class TokenIssuer {
  /** The scope that activates all of a principal's roles. */
  public static final String ALL_ROLES = "PRINCIPAL_ROLE:ALL";

  /** The claim holding the id of the principal instance the token was issued to. */
  public static final String PRINCIPAL_ID_CLAIM = "floe_pid";

  /** The claim holding the generation of the credentials the token was issued with. */
  public static final String CREDENTIAL_GENERATION_CLAIM = "floe_gen";

  private final SigningKeys keys;
  private final String issuer;
  private final Duration lifetime;
  private final JwtConsumer consumer;

  public record Issued(String token, long expiresInSeconds) {}

  @Inject
  public TokenIssuer(SigningKeys keys, AuthConfig config) {
    this.keys = keys;
    this.issuer = config.tokens().issuer();
    this.lifetime = config.tokens().lifetime();
    VerificationKeyResolver resolver =
        (jws, nestingContext) -> {
          String kid = jws.getKeyIdHeaderValue();
          if (kid == null) {
            throw new UnresolvableKeyException("Token has no key id");
          }
          Key key = keys.publicKey(kid).orElse(null);
          if (key == null) {
            throw new UnresolvableKeyException("Unknown signing key " + kid);
          }
          return key;
        };
    this.consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setRequireIssuedAt()
            .setExpectedIssuer(true, issuer)
            .setExpectedAudience(true, issuer)
            .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
            .setVerificationKeyResolver(resolver)
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
            .build();
  }

  public String issuer() {
    return issuer;
  }

  /** A new token for the principal (as stored now: its id and credential generation) with the given scope. */
  public Issued issue(PrincipalEntry principal, String scope) {
    SigningKeys.SigningKey key = keys.current();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(issuer);
    claims.setSubject(principal.name());
    claims.setStringClaim(PRINCIPAL_ID_CLAIM, principal.id().toString());
    claims.setClaim(CREDENTIAL_GENERATION_CLAIM, principal.credentialGeneration());
    claims.setIssuedAtToNow();
    NumericDate expires = NumericDate.now();
    expires.addSeconds(lifetime.toSeconds());
    claims.setExpirationTime(expires);
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setStringClaim("scope", scope);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.privateKey());
    jws.setKeyIdHeaderValue(key.kid());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return new Issued(jws.getCompactSerialization(), lifetime.toSeconds());
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
  }

  /** Verifies a token Floe issued (signature, issuer, audience, expiry); throws when it is not valid. */
  public JwtClaims verify(JwtContext parsed) throws InvalidJwtException {
    consumer.processContext(parsed);
    return parsed.getJwtClaims();
  }

  /** The scope's principal roles: empty for {@link #ALL_ROLES} (meaning: all of them). */
  public static List<String> requestedRoles(String scope) {
    if (scope == null || scope.isBlank()) {
      return List.of();
    }
    List<String> roles = new java.util.ArrayList<>();
    for (String part : scope.trim().split("\\s+")) {
      if (part.equals(ALL_ROLES) || part.equals("catalog")) {
        return List.of();
      }
      if (part.startsWith("PRINCIPAL_ROLE:")) {
        roles.add(part.substring("PRINCIPAL_ROLE:".length()));
      }
    }
    return roles;
  }
}
