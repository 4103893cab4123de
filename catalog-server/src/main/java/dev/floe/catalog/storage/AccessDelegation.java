package dev.floe.catalog.storage;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * How a client asks to reach a table's files, from the {@code X-Iceberg-Access-Delegation}
 * header (a comma-separated list, Iceberg REST spec).
 */
public enum AccessDelegation {
  /** Floe signs each S3 request of the client (the sign endpoint); the client holds no keys. */
  REMOTE_SIGNING("remote-signing"),
  /** The client gets short-lived keys scoped to the table (STS); not supported yet. */
  VENDED_CREDENTIALS("vended-credentials");

  public static final String HEADER = "X-Iceberg-Access-Delegation";

  private final String value;

  AccessDelegation(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** The mechanisms a header value asks for; empty when there is no header. */
  public static Set<AccessDelegation> parse(String header) {
    Set<AccessDelegation> requested = EnumSet.noneOf(AccessDelegation.class);
    if (header == null || header.isBlank()) {
      return requested;
    }
    for (String part : header.split(",")) {
      String mechanism = part.trim().toLowerCase(Locale.ROOT);
      if (mechanism.isEmpty()) {
        continue;
      }
      AccessDelegation match = null;
      for (AccessDelegation candidate : values()) {
        if (candidate.value.equals(mechanism)) {
          match = candidate;
        }
      }
      if (match == null) {
        throw new BadRequestException(
            "Invalid %s header: %s is not an access delegation mechanism (remote-signing or vended-credentials)",
            HEADER, part.trim());
      }
      requested.add(match);
    }
    return requested;
  }
}
