package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Principal roles: every one, or those of a principal. */
@Schema(name = "PrincipalRoles")
public record PrincipalRolesResponse(@JsonProperty("principal-roles") @Schema(required = true) List<PrincipalRoleResponse> principalRoles) {
  public PrincipalRolesResponse {
    principalRoles = List.copyOf(principalRoles);
  }
}
