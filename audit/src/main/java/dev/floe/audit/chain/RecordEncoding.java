package dev.floe.audit.chain;

import dev.floe.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding of a chained audit record, version 1, and its SHA-256: the record's hash.
 * Stable across Floe versions (a change would be version 2, with its own tag); documented in
 * {@code docs/audit.md} so that anyone can verify the chain without Floe.
 *
 * <p>The encoding is a sequence of fields, each as a 4-byte big-endian length followed by that many
 * bytes, or the length {@code -1} and nothing for an absent value. Text is UTF-8. In order:
 *
 * <ol>
 *   <li>the tag {@code floe-audit-record/1}
 *   <li>the sequence number in decimal
 *   <li>the previous record's hash (32 bytes; 32 zero bytes before the first record)
 *   <li>the event id, lower-case {@code 8-4-4-4-12} hex
 *   <li>the time, UTC, {@code yyyy-MM-ddTHH:mm:ss.ffffffZ} (always six fraction digits)
 *   <li>kind, principal, operation, resource, decision, reason, request id, client address
 *   <li>the number of details in decimal, then each detail's key and value, sorted by key
 *       (compared as UTF-16 code units, Java's {@code String.compareTo})
 * </ol>
 */
public final class RecordEncoding {
  public static final String TAG = "floe-audit-record/1";
  public static final int HASH_LENGTH = 32;
  private static final byte[] TAG_BYTES = TAG.getBytes(StandardCharsets.UTF_8);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

  private RecordEncoding() {}

  /** The canonical bytes of the record. */
  public static byte[] encode(long sequence, byte[] previousHash, AuditEvent event) {
    Encoder encoder = new Encoder();
    encoder.write(sequence, previousHash, event);
    return encoder.buffer.toByteArray();
  }

  /** SHA-256 of {@link #encode}: the record's hash. */
  public static byte[] hash(long sequence, byte[] previousHash, AuditEvent event) {
    Encoder encoder = ENCODERS.get();
    encoder.buffer.reset();
    encoder.write(sequence, previousHash, event);
    encoder.digest.update(encoder.buffer.array(), 0, encoder.buffer.size());
    return encoder.digest.digest();
  }

  /** {@code time} as the encoding writes it. */
  public static String time(java.time.Instant time) {
    return TIME.format(time);
  }

  private static final class Encoder {
    private final Buffer buffer = new Buffer();
    private final MessageDigest digest;

    Encoder() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    void write(long sequence, byte[] previousHash, AuditEvent event) {
      if (previousHash.length != HASH_LENGTH) {
        throw new IllegalArgumentException("previous hash must be " + HASH_LENGTH + " bytes, got " + previousHash.length);
      }
      field(TAG_BYTES);
      text(Long.toString(sequence));
      field(previousHash);
      text(event.id().toString());
      text(TIME.format(event.time()));
      text(event.kind().name());
      text(event.principal());
      text(event.operation());
      text(event.resource());
      text(event.decision());
      text(event.reason());
      text(event.requestId());
      text(event.clientAddress());
      Map<String, String> details = event.details();
      text(Integer.toString(details.size()));
      List<String> keys = new ArrayList<>(details.keySet());
      keys.sort(null);
      for (String key : keys) {
        text(key);
        text(details.get(key));
      }
    }

    private void text(String value) {
      if (value == null) {
        length(-1);
      } else {
        field(value.getBytes(StandardCharsets.UTF_8));
      }
    }

    private void field(byte[] bytes) {
      length(bytes.length);
      buffer.write(bytes, 0, bytes.length);
    }

    private void length(int length) {
      buffer.write(length >>> 24);
      buffer.write(length >>> 16);
      buffer.write(length >>> 8);
      buffer.write(length);
    }
  }

  /** A byte buffer whose array can be digested without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }

    byte[] array() {
      return buf;
    }
  }
}
