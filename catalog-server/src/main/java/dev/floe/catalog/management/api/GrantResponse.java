package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.policy.Grant;
import dev.floe.policy.Privilege;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A grant. In a catalog role's listing {@code pending} says whether it waits for its object
 * (granted with allow-missing) and grants nothing yet; an explanation's grants leave it out.
 */
@Schema(name = "Grant")
public record GrantResponse(
    @Schema(required = true) String catalog,
    @JsonProperty("catalog-role") @Schema(required = true) String catalogRole,
    @Schema(required = true, implementation = Privilege.class) String privilege,
    @Schema(required = true) SecurablePath securable,
    @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Whether the grant waits for its object and grants nothing yet (not in explanations)")
        Boolean pending) {
  public GrantResponse {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(catalogRole, "catalogRole is null");
    requireNonNull(privilege, "privilege is null");
    requireNonNull(securable, "securable is null");
  }

  /** A grant of a listing, pending or bound. */
  public static GrantResponse of(Grant grant, boolean pending) {
    return new GrantResponse(
        grant.securable().catalogName(), grant.catalogRole(), grant.privilege().name(), SecurablePath.of(grant.securable()), pending);
  }

  /** A grant of an explanation. */
  public static GrantResponse of(Grant grant) {
    return new GrantResponse(
        grant.securable().catalogName(), grant.catalogRole(), grant.privilege().name(), SecurablePath.of(grant.securable()), null);
  }
}
