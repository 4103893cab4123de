package dev.floe.audit.chain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key pair that signs checkpoints, kept outside the database: as PEM text holding a
 * {@code PRIVATE KEY} (PKCS#8) and a {@code PUBLIC KEY} (X.509) block. A verifier needs only the
 * public block.
 */
public final class CheckpointKeys {
  public static final String ALGORITHM = "Ed25519";
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

  private CheckpointKeys() {}

  /** A new key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** Both keys as PEM text. */
  public static String pem(KeyPair keys) {
    return block("PRIVATE", keys.getPrivate().getEncoded()) + publicPem(keys.getPublic());
  }

  /** The public key as PEM text. */
  public static String publicPem(PublicKey key) {
    return block("PUBLIC", key.getEncoded());
  }

  private static String block(String kind, byte[] der) {
    return "-----BEGIN " + kind + " KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + kind + " KEY-----\n";
  }

  /**
   * The key pair in {@code pem}.
   *
   * @throws IllegalArgumentException when a block is missing or is not an Ed25519 key
   */
  public static KeyPair readPair(String pem) {
    PrivateKey privateKey = null;
    PublicKey publicKey = null;
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      Matcher matcher = PEM.matcher(requireNonNull(pem, "pem is null"));
      while (matcher.find()) {
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        if (matcher.group(1).equals("PRIVATE")) {
          privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        } else {
          publicKey = factory.generatePublic(new X509EncodedKeySpec(der));
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 key in PEM: " + e.getMessage(), e);
    }
    if (privateKey == null || publicKey == null) {
      throw new IllegalArgumentException(
          "expected a PRIVATE KEY and a PUBLIC KEY block (Ed25519), found "
              + (privateKey == null ? "no private key" : "no public key"));
    }
    KeyPair pair = new KeyPair(publicKey, privateKey);
    // the two blocks must belong together: a checkpoint signed with one must verify with the other
    Checkpoint probe = sign(pair, ChainHead.GENESIS, Instant.EPOCH);
    if (!verifies(publicKey, probe)) {
      throw new IllegalArgumentException("the PUBLIC KEY block is not the public key of the PRIVATE KEY block");
    }
    return pair;
  }

  /** The public key in {@code pem} (a {@code PUBLIC KEY} block; a private block is ignored). */
  public static PublicKey readPublic(String pem) {
    Matcher matcher = PEM.matcher(requireNonNull(pem, "pem is null"));
    while (matcher.find()) {
      if (matcher.group(1).equals("PUBLIC")) {
        try {
          return KeyFactory.getInstance(ALGORITHM)
              .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(2))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
          throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException("no PUBLIC KEY block found");
  }

  /** The first 16 hex digits of the SHA-256 of the public key's encoding. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A checkpoint of {@code head}, signed at {@code now}. */
  public static Checkpoint sign(KeyPair keys, ChainHead head, Instant now) {
    Instant signedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(keys.getPrivate());
      signer.update(Checkpoint.signedText(head.sequence(), head.hash(), signedAt).getBytes(StandardCharsets.UTF_8));
      return new Checkpoint(head.sequence(), head.hash(), signedAt, keyId(keys.getPublic()), signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign an audit checkpoint", e);
    }
  }

  /** Whether {@code checkpoint} carries a valid signature by {@code key}. */
  public static boolean verifies(PublicKey key, Checkpoint checkpoint) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(checkpoint.signedBytes());
      return verifier.verify(checkpoint.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
