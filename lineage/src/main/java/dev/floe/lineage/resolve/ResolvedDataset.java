package dev.floe.lineage.resolve;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What an engine's dataset name stands for: a table of a Floe catalog, or something outside. */
public sealed interface ResolvedDataset {
  /** A table (or view) of a Floe catalog: catalog, namespace levels, name. */
  record CatalogTable(String catalog, List<String> namespace, String name)
      implements ResolvedDataset {
    public CatalogTable {
      requireNonNull(catalog, "catalog is null");
      namespace = List.copyOf(requireNonNull(namespace, "namespace is null"));
      requireNonNull(name, "name is null");
      if (namespace.isEmpty()) {
        throw new IllegalArgumentException("namespace of " + catalog + "." + name + " is empty");
      }
    }

    @Override
    public String toString() {
      return catalog + "." + String.join(".", namespace) + "." + name;
    }
  }

  /** A dataset Floe does not manage, kept under the engine's own naming. */
  record External(String namespace, String name) implements ResolvedDataset {
    public External {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
      return namespace + " " + name;
    }
  }
}
