package dev.floe.catalog.management.api;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code PATCH /catalogs/{catalog}}: properties to set and to remove. The storage root and storage
 * settings are fixed at creation; any other key of the body is refused.
 */
@Schema(name = "CatalogUpdate", description = "Properties to set and to remove")
public record CatalogUpdate(
    @Schema(description = "Properties to set") Map<String, String> updates,
    @Schema(description = "Properties to remove") java.util.List<String> removals) {
  private static final String WHAT = "catalog update";

  public Map<String, String> checkedUpdates() {
    return RequestFields.stringMap(updates, "updates", WHAT);
  }

  public Set<String> checkedRemovals() {
    return new LinkedHashSet<>(RequestFields.strings(removals, "removals", WHAT));
  }
}
