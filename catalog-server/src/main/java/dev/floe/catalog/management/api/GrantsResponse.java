package dev.floe.catalog.management.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A catalog role's grants, bound first, then pending. */
@Schema(name = "Grants")
public record GrantsResponse(@Schema(required = true) List<GrantResponse> grants) {
  public GrantsResponse {
    grants = List.copyOf(grants);
  }
}
