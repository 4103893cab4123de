package dev.floe.catalog.management.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The purges of a catalog's dropped tables, newest first. */
@Schema(name = "Purges")
public record PurgesResponse(@Schema(required = true) List<PurgeResponse> purges) {
  public PurgesResponse {
    purges = List.copyOf(purges);
  }
}
