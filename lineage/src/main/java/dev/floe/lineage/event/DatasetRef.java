package dev.floe.lineage.event;

import static java.util.Objects.requireNonNull;

/** A dataset as an engine names it: an OpenLineage namespace (where it lives) and a name in it. */
public record DatasetRef(String namespace, String name) {
  public DatasetRef {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
  }

  @Override
  public String toString() {
    return namespace + " " + name;
  }
}
