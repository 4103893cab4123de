package dev.floe.catalog.management.api;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A securable in a request: {@code {"type", "path"}} with the full path (catalog first), or {@code
 * {"type", "catalog", "namespace", "name"}}, where the catalog may be left out when the request is
 * about one catalog (the grants of a catalog role).
 */
@Schema(
    name = "SecurableReference",
    description = "A securable: {type, path} with the full path (catalog first), or {type, catalog, namespace, name}; not both forms")
public record SecurableReference(
    @Schema(required = true, implementation = SecurableType.class, description = "catalog, namespace, table or view (any case)")
        String type,
    @Schema(description = "The full path: catalog, namespace levels..., name") List<String> path,
    @Schema(description = "The catalog (defaults to the catalog of the request, where there is one)") String catalog,
    @Schema(description = "The namespace levels") List<String> namespace,
    @Schema(description = "The table or view name") String name) {

  /**
   * The securable; {@code catalog} is the catalog the request is about (the default, and the only
   * catalog allowed), empty when the request may name any.
   */
  public Securable toSecurable(Optional<String> catalog, String what) {
    SecurableType securableType = securableType(RequestFields.required(type, "type", what));
    boolean hasPath = path != null;
    boolean hasParts = namespace != null || name != null || this.catalog != null;
    if (hasPath && hasParts) {
      throw new BadRequestException("Invalid %s: give the securable as path or as catalog/namespace/name, not both", what);
    }
    List<String> full;
    if (hasPath) {
      full = RequestFields.strings(path, "path", what);
    } else {
      full = new ArrayList<>();
      full.add(Optional.ofNullable(this.catalog).or(() -> catalog).orElseThrow(() -> new BadRequestException("Invalid %s: missing catalog", what)));
      full.addAll(RequestFields.strings(namespace, "namespace", what));
      if (name != null) {
        full.add(name);
      }
    }
    Securable securable;
    try {
      securable = new Securable(securableType, full);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", what, e.getMessage());
    }
    if (catalog.isPresent() && !securable.catalogName().equals(catalog.get())) {
      throw new BadRequestException("Invalid %s: %s is not in catalog %s", what, securable, catalog.get());
    }
    return securable;
  }

  /** Refuses a missing securable. */
  static SecurableReference required(SecurableReference securable, String what) {
    if (securable == null) {
      throw new BadRequestException("Invalid %s: the securable must be an object with type and path", what);
    }
    return securable;
  }

  private static SecurableType securableType(String name) {
    try {
      return SecurableType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid securable type %s: expected one of %s", name, Arrays.toString(SecurableType.values()));
    }
  }
}
