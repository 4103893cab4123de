package dev.floe.catalog.handler;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.metastore.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The {@code next-page-token}s of the Iceberg listings: the position after the last item a page
 * returned, encrypted and authenticated with AES-256-GCM under one key every Floe node shares
 * (table {@code page_token_keys}, created by the first node that needs it). The listing it belongs
 * to (principal, catalog, parent, kind) is the associated data: a token reveals no name, and one
 * replayed by another principal or on another listing, changed or made up fails to decrypt and is
 * a 400 naming {@code pageToken}.
 *
 * <p>Token: base64url of version (1 byte), nonce (12 bytes), ciphertext and tag of the position.
 */
@ApplicationScoped
public class PageTokens {
  private static final byte VERSION = 1;
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The listing a token belongs to; {@code kind} is namespaces, tables or views. */
  public record Scope(String principal, long catalogId, String catalog, String kind, String parent) {
    public Scope {
      requireNonNull(principal, "principal is null");
      requireNonNull(catalog, "catalog is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(parent, "parent is null");
    }

    /** Unambiguous encoding: every part with its length. */
    byte[] associatedData() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("floe-page-token".getBytes(StandardCharsets.US_ASCII));
      for (String part : new String[] {principal, Long.toString(catalogId), catalog, kind, parent}) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
      }
      return out.toByteArray();
    }
  }

  private final Jdbc jdbc;
  private volatile SecretKey key;

  @Inject
  public PageTokens(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** With a fixed key (tests). */
  PageTokens(byte[] key) {
    this.jdbc = null;
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** The token for the position after {@code position} in the listing {@code scope}. */
  public String encode(Scope scope, String position) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(scope.associatedData());
      sealed = cipher.doFinal(position.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encrypt a page token", e);
    }
    ByteBuffer token = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
    token.put(VERSION).put(nonce).put(sealed);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
  }

  /**
   * The position a token of the listing {@code scope} stands for; empty for no token (the first
   * page); a 400 naming {@code pageToken} for any other token.
   */
  public Optional<String> decode(Scope scope, String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
      throw invalid();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(scope.associatedData());
      byte[] position = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
      return Optional.of(new String(position, StandardCharsets.UTF_8));
    } catch (javax.crypto.AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot decrypt a page token", e);
    }
  }

  private static BadRequestException invalid() {
    return new BadRequestException(
        "Invalid pageToken: not a next-page-token this listing returned to this caller (list again from the first page)");
  }

  private SecretKey key() {
    SecretKey current = key;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (key == null) {
        key = new SecretKeySpec(loadOrCreateKey(), "AES");
      }
      return key;
    }
  }

  /** The shared key; the first node to need it stores a random one (a racing node's insert is a no-op). */
  private byte[] loadOrCreateKey() {
    byte[] candidate = new byte[KEY_BYTES];
    RANDOM.nextBytes(candidate);
    jdbc.update(
        "INSERT INTO page_token_keys (id, key_bytes) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
        statement -> statement.setBytes(1, candidate));
    return jdbc.single("SELECT key_bytes FROM page_token_keys WHERE id = 1", Jdbc.Parameters.NONE, row -> row.getBytes(1));
  }
}
