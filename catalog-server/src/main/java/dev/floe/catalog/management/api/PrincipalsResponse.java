package dev.floe.catalog.management.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every principal, by name. */
@Schema(name = "Principals")
public record PrincipalsResponse(@Schema(required = true) List<PrincipalResponse> principals) {
  public PrincipalsResponse {
    principals = List.copyOf(principals);
  }
}
