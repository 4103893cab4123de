package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Client ids, secrets and the slow hash secrets are stored as: PBKDF2-HMAC-SHA256 with a random
 * 16-byte salt, encoded {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. Only the
 * JDK's providers.
 */
public final class Secrets {
  /** At least OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int ITERATIONS = 210_000;

  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  /** Fewer would make a stored hash cheap to attack; more than this is a corrupt value. */
  private static final int MIN_ITERATIONS = 100_000;
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {}

  /** A new client id: 16 random bytes as 32 hex digits. */
  public static String newClientId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A new secret: 32 random bytes (256 bits) as 43 base64url characters. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64_URL.encodeToString(bytes);
  }

  /** The stored form of {@code secret}, with a new random salt. */
  public static String hash(String secret) {
    requireNonNull(secret, "secret is null");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return PREFIX
        + "$" + ITERATIONS
        + "$" + BASE64.encodeToString(salt)
        + "$" + BASE64.encodeToString(pbkdf2(secret, salt, ITERATIONS, HASH_BYTES));
  }

  /**
   * Whether {@code secret} matches {@code storedHash}, compared in constant time. A malformed
   * stored hash matches nothing (fails closed).
   */
  public static boolean verify(String secret, String storedHash) {
    requireNonNull(secret, "secret is null");
    requireNonNull(storedHash, "storedHash is null");
    String[] parts = storedHash.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < 8 || expected.length < 16) {
      return false;
    }
    return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations, expected.length));
  }

  /**
   * Spends the time of one verification without a stored hash: for an unknown client id, so that
   * a caller cannot tell unknown ids from wrong secrets by timing.
   */
  public static void verifyNothing(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    pbkdf2(secret == null ? "" : secret, salt, ITERATIONS, HASH_BYTES);
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations, int bytes) {
    char[] characters = secret.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(characters, salt, iterations, bytes * 8);
    try {
      // PBKDF2WithHmacSHA256 encodes the characters as UTF-8, so any secret is hashed exactly
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
      java.util.Arrays.fill(characters, '\0');
    }
  }
}
