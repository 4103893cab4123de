package dev.floe.catalog.auth;

import dev.floe.catalog.metastore.DatabaseException;
import dev.floe.catalog.metastore.Jdbc;
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
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /** A key as stored: encoded. */
  private record StoredKey(String kid, byte[] privateKey, byte[] publicKey, Instant retireAfter) {}

  private final Jdbc jdbc;
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
    this.jdbc = new Jdbc(dataSource);
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
    try {
      // keys no token can still be signed with or verified by
      int deleted =
          jdbc.update(
              "DELETE FROM token_signing_keys WHERE retire_after < ?",
              statement -> statement.setTimestamp(1, Timestamp.from(now.minus(keep))));
      if (deleted > 0) {
        LOG.infof("Deleted %d expired token signing key(s)", deleted);
      }
      java.util.Optional<StoredKey> newest =
          jdbc.optional(
              "SELECT kid, private_key, public_key, retire_after FROM token_signing_keys "
                  + "WHERE retire_after > ? ORDER BY created_at DESC LIMIT 1",
              statement -> statement.setTimestamp(1, Timestamp.from(now)),
              row -> new StoredKey(row.getString(1), row.getBytes(2), row.getBytes(3), row.getTimestamp(4).toInstant()));
      if (newest.isPresent()) {
        StoredKey key = newest.get();
        publicKeys.put(key.kid(), publicKey(key.publicKey()));
        return new SigningKey(key.kid(), privateKey(key.privateKey()), key.retireAfter());
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      String kid = UUID.randomUUID().toString();
      Instant retireAfter = now.plus(rotation);
      jdbc.update(
          "INSERT INTO token_signing_keys (kid, private_key, public_key, retire_after) VALUES (?, ?, ?, ?)",
          statement -> {
            statement.setString(1, kid);
            statement.setBytes(2, pair.getPrivate().getEncoded());
            statement.setBytes(3, pair.getPublic().getEncoded());
            statement.setTimestamp(4, Timestamp.from(retireAfter));
          });
      LOG.infof("Created token signing key %s (used until %s)", kid, retireAfter);
      publicKeys.put(kid, pair.getPublic());
      return new SigningKey(kid, pair.getPrivate(), retireAfter);
    } catch (DatabaseException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load or create a token signing key", e);
    }
  }

  private void reloadPublicKeys() {
    try {
      List<StoredKey> stored =
          jdbc.list(
              "SELECT kid, public_key FROM token_signing_keys WHERE retire_after >= ?",
              statement -> statement.setTimestamp(1, Timestamp.from(clock.instant().minus(keep))),
              row -> new StoredKey(row.getString(1), null, row.getBytes(2), null));
      Map<String, PublicKey> loaded = new ConcurrentHashMap<>();
      for (StoredKey key : stored) {
        loaded.put(key.kid(), publicKey(key.publicKey()));
      }
      publicKeys.keySet().retainAll(loaded.keySet());
      publicKeys.putAll(loaded);
    } catch (DatabaseException | GeneralSecurityException e) {
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
