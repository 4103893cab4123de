package dev.floe.cli;

import static java.util.Objects.requireNonNull;

/** A service principal's client id and secret; {@link #toString()} never shows the secret. */
public record ClientCredentials(String clientId, String clientSecret) {
  public ClientCredentials {
    requireNonNull(clientId, "clientId is null");
    requireNonNull(clientSecret, "clientSecret is null");
  }

  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", clientSecret=****]";
  }
}
