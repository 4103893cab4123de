package dev.floe.catalog.management.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The catalogs the caller may see. */
@Schema(name = "Catalogs")
public record CatalogsResponse(@Schema(required = true) List<CatalogResponse> catalogs) {
  public CatalogsResponse {
    catalogs = List.copyOf(catalogs);
  }
}
