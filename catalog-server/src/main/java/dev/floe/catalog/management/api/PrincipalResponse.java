package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.access.PrincipalRecord;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A principal; never its secret or the secret's hash (except {@code credentials} when just created). */
@Schema(name = "Principal")
public record PrincipalResponse(
    @Schema(required = true) String name,
    @Schema(required = true, description = "Unique per principal instance: a recreated name gets a new id") String id,
    @JsonProperty("client-id") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Service principals only (absent for a person of the identity provider)")
        String clientId,
    @Schema(required = true) boolean disabled,
    @JsonProperty("principal-roles") @Schema(required = true) List<String> principalRoles,
    @Schema(required = true) Map<String, String> properties,
    @JsonProperty("created-at") @Schema(required = true, description = "ISO-8601 instant") String createdAt,
    @JsonProperty("updated-at") @Schema(required = true, description = "ISO-8601 instant") String updatedAt,
    @JsonProperty("credential-generation") @Schema(required = true, description = "Incremented by every rotation") long credentialGeneration,
    @JsonProperty("credentials-rotated-at") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "ISO-8601 instant of the last rotation, absent when never rotated")
        String credentialsRotatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only in the answer to creating a service principal: the only time the secret is shown")
        CredentialsResponse credentials) {
  public PrincipalResponse {
    requireNonNull(name, "name is null");
    requireNonNull(id, "id is null");
    principalRoles = List.copyOf(principalRoles);
    properties = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(properties));
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  public static PrincipalResponse of(PrincipalRecord principal) {
    return new PrincipalResponse(
        principal.name(),
        principal.id().toString(),
        principal.clientId().orElse(null),
        principal.disabled(),
        principal.principalRoles().stream().sorted().toList(),
        principal.properties(),
        principal.createdAt().toString(),
        principal.updatedAt().toString(),
        principal.credentialGeneration(),
        principal.credentialsRotatedAt().map(Object::toString).orElse(null),
        null);
  }

  /** This principal with the credentials it was just created with. */
  public PrincipalResponse withCredentials(CredentialsResponse created) {
    return new PrincipalResponse(
        name, id, clientId, disabled, principalRoles, properties, createdAt, updatedAt, credentialGeneration, credentialsRotatedAt,
        requireNonNull(created, "created is null"));
  }
}
