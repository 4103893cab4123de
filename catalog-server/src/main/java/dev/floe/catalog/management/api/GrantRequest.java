package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A grant or revoke of a privilege on a securable of the catalog role's catalog. */
@Schema(name = "GrantRequest")
public record GrantRequest(
    @Schema(required = true, implementation = Privilege.class, description = "The privilege (any case)") String privilege,
    @Schema(required = true) SecurableReference securable,
    @JsonProperty("allow-missing")
        @Schema(
            description =
                "Grant only: store the grant pending when the namespace, table or view does not exist yet (default false);"
                    + " it grants nothing until an object of that kind is created under that name")
        Boolean allowMissing) {

  /** A grant request checked against the catalog it is about. */
  public record Checked(Privilege privilege, Securable securable, boolean allowMissing) {
    public Checked {
      requireNonNull(privilege, "privilege is null");
      requireNonNull(securable, "securable is null");
    }
  }

  /**
   * The privilege and securable (in {@code catalog}), checked: the privilege must be grantable on
   * the securable's type; {@code what} names the request in messages ("grant request").
   */
  public Checked check(String catalog, String what) {
    Privilege checkedPrivilege = privilege(RequestFields.required(privilege, "privilege", what));
    Securable checkedSecurable = SecurableReference.required(securable, what).toSecurable(Optional.of(catalog), what);
    if (!checkedPrivilege.isGrantableOn(checkedSecurable.type())) {
      throw new BadRequestException(
          "Invalid %s: privilege %s cannot be granted on a %s",
          what, checkedPrivilege, checkedSecurable.type().name().toLowerCase(Locale.ROOT));
    }
    return new Checked(checkedPrivilege, checkedSecurable, Boolean.TRUE.equals(allowMissing));
  }

  private static Privilege privilege(String name) {
    try {
      return Privilege.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid privilege %s: expected one of %s", name, Arrays.toString(Privilege.values()));
    }
  }
}
