package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A top-level field of a dataset's {@code schema} facet; the type is the producer's own spelling. */
public record SchemaField(String name, Optional<String> type) {
  public SchemaField {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
