package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import dev.floe.catalog.metastore.EntityNames;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /catalogs}: a new catalog. */
@Schema(name = "CatalogRequest", description = "A new catalog")
public record CatalogRequest(
    @Schema(required = true, pattern = EntityNames.PATTERN, description = EntityNames.RULE)
        String name,
    @JsonProperty("storage-root")
        @Schema(required = true, description = "file:///... or s3://bucket/prefix")
        String storageRoot,
    @Schema(description = "Catalog properties: S3 settings (s3.endpoint, s3.region, s3.credentials=env:PREFIX, ...), allowed-locations, table-default.*, ...")
        Map<String, String> properties) {
  private static final String WHAT = "catalog request";

  public String requiredName() {
    return RequestFields.required(name, "name", WHAT);
  }

  public String requiredStorageRoot() {
    return RequestFields.required(storageRoot, "storage-root", WHAT);
  }

  /** The properties, checked; empty when absent. */
  public Map<String, String> checkedProperties() {
    return RequestFields.stringMap(properties, "properties", WHAT);
  }
}
