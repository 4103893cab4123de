package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.access.Credentials;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A service principal's client credentials: shown once, when created or rotated. */
@Schema(name = "Credentials")
public record CredentialsResponse(
    @JsonProperty("client-id") @Schema(required = true) String clientId,
    @JsonProperty("client-secret") @Schema(required = true, description = "Shown only now; Floe keeps a PBKDF2 hash") String clientSecret) {
  public CredentialsResponse {
    requireNonNull(clientId, "clientId is null");
    requireNonNull(clientSecret, "clientSecret is null");
  }

  public static CredentialsResponse of(Credentials credentials) {
    return new CredentialsResponse(credentials.clientId(), credentials.secret());
  }
}
