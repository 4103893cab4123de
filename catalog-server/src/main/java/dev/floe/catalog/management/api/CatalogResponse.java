package dev.floe.catalog.management.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.metastore.CatalogRecord;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A catalog; storage keys are never shown (only {@code env:} references). */
@Schema(name = "Catalog")
public record CatalogResponse(
    @Schema(required = true) String name,
    @JsonProperty("storage-root") @Schema(required = true) String storageRoot,
    @Schema(required = true) Map<String, String> properties) {
  public CatalogResponse {
    requireNonNull(name, "name is null");
    requireNonNull(storageRoot, "storageRoot is null");
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  public static CatalogResponse of(CatalogRecord catalog) {
    return new CatalogResponse(catalog.name(), catalog.storageRoot(), catalog.properties());
  }
}
