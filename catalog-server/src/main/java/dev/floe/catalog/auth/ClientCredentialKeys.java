package dev.floe.catalog.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.catalog.access.PrincipalDirectory;
import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/**
 * A service principal's client credentials sent as a static API key, {@code Authorization: Bearer
 * <client-id>:<client-secret>}: what the OpenLineage HTTP transports can send (a fixed API key, no
 * token exchange), accepted on the lineage intake only. The slow secret check runs once per
 * minute per credential; in between, a principal that was disabled, removed or whose secret was
 * rotated is refused at once.
 */
@ApplicationScoped
public class ClientCredentialKeys {
  private record Checked(String principal, long credentialGeneration) {}

  private final PrincipalDirectory directory;
  private final TokenIssuer tokens;
  private final Cache<String, Checked> checked =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

  @Inject
  public ClientCredentialKeys(PrincipalDirectory directory, TokenIssuer tokens) {
    this.directory = directory;
    this.tokens = tokens;
  }

  /** Whether a bearer value has the shape of client credentials (a JWT never holds a colon). */
  public static boolean isClientCredential(String bearer) {
    return bearer.indexOf(':') > 0;
  }

  /** The caller the credentials {@code clientId:secret} stand for, with all its principal roles. */
  public Caller authenticate(String bearer, String clientAddress) {
    int colon = bearer.indexOf(':');
    String clientId = bearer.substring(0, colon);
    String secret = bearer.substring(colon + 1);
    String key = digest(bearer);
    Checked known = checked.getIfPresent(key);
    PrincipalEntry principal;
    if (known != null) {
      principal =
          directory.principal(known.principal())
              .filter(entry -> entry.credentialGeneration() == known.credentialGeneration() && entry.clientId().isPresent())
              .orElseThrow(() -> refused());
    } else {
      principal = directory.authenticateClient(clientId, secret).orElseThrow(ClientCredentialKeys::refused);
    }
    if (principal.disabled()) {
      checked.invalidate(key);
      throw new NotAuthorizedException("Principal %s is disabled", principal.name());
    }
    checked.put(key, new Checked(principal.name(), principal.credentialGeneration()));
    return new Caller(
        new PrincipalContext(new Principal(principal.name(), false), Set.copyOf(principal.principalRoles())),
        tokens.issuer(),
        clientAddress,
        Set.of());
  }

  private static NotAuthorizedException refused() {
    return new NotAuthorizedException("Invalid client credentials in the bearer value: unknown client id or wrong secret");
  }

  private static String digest(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
