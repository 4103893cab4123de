package dev.floe.catalog.access;

import static java.util.Objects.requireNonNull;

/**
 * A service principal's client id and secret, as handed out once at creation or rotation; only a
 * hash of the secret is stored.
 */
public record Credentials(String principal, String clientId, String secret) {
  public Credentials {
    requireNonNull(principal, "principal is null");
    requireNonNull(clientId, "clientId is null");
    requireNonNull(secret, "secret is null");
  }

  @Override
  public String toString() {
    return "Credentials[principal=" + principal + ", clientId=" + clientId + ", secret=****]";
  }
}
