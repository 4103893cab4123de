package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

/** A job as an OpenLineage producer names it. */
public record JobRef(String namespace, String name) {
  public JobRef {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
  }
}
