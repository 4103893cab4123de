package dev.floe.catalog.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The RSA keys Floe signs its access tokens with, shared by all nodes through PostgreSQL
 * ({@code token_signing_keys}). Signing uses the newest key that is not retired; a retired or
 * missing key is replaced on demand. Verification looks keys up by {@code kid}; an unknown kid is
 * looked up in the database at most once a second (another node may just have rotated).
 */
@ApplicationScoped
public class SigningKeys {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class);
  private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(1);

  public record SigningKey(String kid, PrivateKey privateKey, Instant retireAfter) {}

  private final DataSource dataSource;
  private final Duration rotation;
  private final Duration keep;
  private final Clock clock;
  private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();
  private volatile SigningKey current;
  private volatile Instant lastReload = Instant.EPOCH;

  @Inject
  public SigningKeys(DataSource dataSource, AuthConfig config) {
    this(dataSource, config.tokens().keyRotation(), config.tokens().lifetime().plus(config.clockSkew()), Clock.systemUTC());
  }

  SigningKeys(DataSource dataSource, Duration rotation, Duration keep, Clock clock) {
    this.dataSource = dataSource;
    this.rotation = rotation;
    this.keep = keep;
    this.clock = clock;
  }

  /** The key to sign with now. */
  public SigningKey current() {
    SigningKey key = current;
    if (key != null && clock.instant().isBefore(key.retireAfter())) {
      return key;
    }
    synchronized (this) {
      key = current;
      if (key != null && clock.instant().isBefore(key.retireAfter())) {
        return key;
      }
      current = newestOrCreate();
      return current;
    }
  }

  /** The public key with this id, if it is (still) one of Floe's keys. */
  public Optional<PublicKey> publicKey(String kid) {
    PublicKey key = publicKeys.get(kid);
    if (key != null) {
      return Optional.of(key);
    }
    Instant now = clock.instant();
    synchronized (this) {
      if (Duration.between(lastReload, now).compareTo(UNKNOWN_KID_RELOAD) >= 0) {
        lastReload = now;
        reloadPublicKeys();
      }
    }
    return Optional.ofNullable(publicKeys.get(kid));
  }

  private SigningKey newestOrCreate() {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection()) {
      // keys no token can still be signed with or verified by
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM token_signing_keys WHERE retire_after < ?")) {
        delete.setTimestamp(1, Timestamp.from(now.minus(keep)));
        int deleted = delete.executeUpdate();
        if (deleted > 0) {
          LOG.infof("Deleted %d expired token signing key(s)", deleted);
        }
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT kid, private_key, public_key, retire_after FROM token_signing_keys "
                  + "WHERE retire_after > ? ORDER BY created_at DESC LIMIT 1")) {
        select.setTimestamp(1, Timestamp.from(now));
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            String kid = rows.getString(1);
            publicKeys.put(kid, publicKey(rows.getBytes(3)));
            return new SigningKey(kid, privateKey(rows.getBytes(2)), rows.getTimestamp(4).toInstant());
          }
        }
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      String kid = UUID.randomUUID().toString();
      Instant retireAfter = now.plus(rotation);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO token_signing_keys (kid, private_key, public_key, retire_after) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, kid);
        insert.setBytes(2, pair.getPrivate().getEncoded());
        insert.setBytes(3, pair.getPublic().getEncoded());
        insert.setTimestamp(4, Timestamp.from(retireAfter));
        insert.executeUpdate();
      }
      LOG.infof("Created token signing key %s (used until %s)", kid, retireAfter);
      publicKeys.put(kid, pair.getPublic());
      return new SigningKey(kid, pair.getPrivate(), retireAfter);
    } catch (SQLException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load or create a token signing key", e);
    }
  }

  private void reloadPublicKeys() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT kid, public_key FROM token_signing_keys WHERE retire_after >= ?")) {
      select.setTimestamp(1, Timestamp.from(clock.instant().minus(keep)));
      Map<String, PublicKey> loaded = new ConcurrentHashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          loaded.put(rows.getString(1), publicKey(rows.getBytes(2)));
        }
      }
      publicKeys.keySet().retainAll(loaded.keySet());
      publicKeys.putAll(loaded);
    } catch (SQLException | GeneralSecurityException e) {
      // fail closed: a key that cannot be loaded verifies nothing
      LOG.warnf(e, "Cannot reload token signing keys");
    }
  }

  private static PrivateKey privateKey(byte[] encoded) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
  }

  private static PublicKey publicKey(byte[] encoded) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
  }
}
