package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One page of a listing; {@code nextPageToken} is null on the last page. */
public record Page<T>(List<T> items, String nextPageToken) {
  public Page {
    // not List.copyOf: Iceberg's builders call contains(null), which List.copyOf's lists reject
    items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(requireNonNull(items, "items is null")));
  }
}
