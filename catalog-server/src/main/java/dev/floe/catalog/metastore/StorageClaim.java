package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

/**
 * A prefix a table, view or namespace claims, with what it is ({@code "table location"}, {@code
 * "table property write.data.path"}, ...) and the location as the client wrote it, for messages.
 */
public record StorageClaim(String prefix, String what, String location) {
  public StorageClaim {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(what, "what is null");
    requireNonNull(location, "location is null");
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("Not a storage prefix: " + prefix);
    }
  }
}
