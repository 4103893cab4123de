package dev.floe.catalog.management.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PATCH /principals/{principal}}: disable or enable. */
@Schema(name = "PrincipalUpdate")
public record PrincipalUpdate(
    @Schema(required = true, description = "A disabled principal is denied everything and gets no tokens") Boolean disabled) {
  public boolean requiredDisabled() {
    if (disabled == null) {
      throw new org.apache.iceberg.exceptions.BadRequestException("Invalid principal update: missing disabled");
    }
    return disabled;
  }
}
