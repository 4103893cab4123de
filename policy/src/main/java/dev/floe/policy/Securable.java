package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An object privileges are granted on, addressed by its path from the catalog down.
 *
 * <p>The path holds the catalog name first, then every namespace level, then (for tables and
 * views) the object name: {@code [lake, sales, eu, orders]} is table {@code orders} in namespace
 * {@code sales.eu} of catalog {@code lake}. A catalog has a path of one element, a namespace at
 * least two, a table or view at least three (tables and views always live in a namespace). Names
 * are kept as given; a dot inside a name is part of that name, not a separator.
 *
 * <p>A securable's ancestors are the catalog and the namespaces above it. Two securables with the
 * same path but different types (a table and a view, or a namespace and a table) are unrelated.
 *
 * @param type what kind of object this is
 * @param path the catalog name, the namespace levels and the object name, in that order
 */
public record Securable(SecurableType type, List<String> path) {
  public Securable {
    requireNonNull(type, "type is null");
    requireNonNull(path, "path is null");
    path = List.copyOf(path);
    for (String level : path) {
      if (level.isEmpty()) {
        throw new IllegalArgumentException("Securable path has an empty name: " + path);
      }
    }
    boolean wellFormed =
        switch (type) {
          case CATALOG -> path.size() == 1;
          case NAMESPACE -> path.size() >= 2;
          case TABLE, VIEW -> path.size() >= 3;
        };
    if (!wellFormed) {
      throw new IllegalArgumentException(
          switch (type) {
                case CATALOG -> "A catalog path is exactly the catalog name";
                case NAMESPACE -> "A namespace path is the catalog and at least one namespace level";
                case TABLE -> "A table path is the catalog, at least one namespace level and the name";
                case VIEW -> "A view path is the catalog, at least one namespace level and the name";
              }
              + ", got "
              + path);
    }
  }

  public static Securable catalog(String name) {
    return new Securable(SecurableType.CATALOG, List.of(requireNonNull(name, "name is null")));
  }

  public static Securable namespace(String catalog, List<String> levels) {
    return new Securable(SecurableType.NAMESPACE, concatenate(catalog, levels, null));
  }

  public static Securable namespace(String catalog, String... levels) {
    return namespace(catalog, List.of(levels));
  }

  public static Securable table(String catalog, List<String> namespace, String name) {
    return new Securable(
        SecurableType.TABLE, concatenate(catalog, namespace, requireNonNull(name, "name is null")));
  }

  public static Securable view(String catalog, List<String> namespace, String name) {
    return new Securable(
        SecurableType.VIEW, concatenate(catalog, namespace, requireNonNull(name, "name is null")));
  }

  private static List<String> concatenate(String catalog, List<String> levels, String name) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(levels, "levels is null");
    List<String> path = new ArrayList<>(levels.size() + 2);
    path.add(catalog);
    path.addAll(levels);
    if (name != null) {
      path.add(name);
    }
    return path;
  }

  /** The name of the catalog this securable is in (or is). */
  public String catalogName() {
    return path.get(0);
  }

  /** The catalog this securable is in (itself for a catalog). */
  public Securable catalogSecurable() {
    return type == SecurableType.CATALOG ? this : catalog(path.get(0));
  }

  /** The namespace levels: of this namespace, or of the namespace a table or view is in. */
  public List<String> namespaceLevels() {
    return switch (type) {
      case CATALOG -> List.of();
      case NAMESPACE -> path.subList(1, path.size());
      case TABLE, VIEW -> path.subList(1, path.size() - 1);
    };
  }

  /** The last element of the path: the catalog, namespace level, table or view name. */
  public String name() {
    return path.get(path.size() - 1);
  }

  /** The container directly above: the catalog of a top-level namespace, else a namespace. */
  public Optional<Securable> parent() {
    return switch (type) {
      case CATALOG -> Optional.empty();
      case NAMESPACE, TABLE, VIEW ->
          Optional.of(
              path.size() == 2
                  ? catalog(path.get(0))
                  : new Securable(SecurableType.NAMESPACE, path.subList(0, path.size() - 1)));
    };
  }

  /** This securable and every container above it, starting with this one and ending with the catalog. */
  public List<Securable> selfAndAncestors() {
    List<Securable> chain = new ArrayList<>(path.size());
    Optional<Securable> current = Optional.of(this);
    while (current.isPresent()) {
      chain.add(current.get());
      current = current.get().parent();
    }
    return Collections.unmodifiableList(chain);
  }

  /** Whether this is a catalog or namespace that (directly or indirectly) contains {@code other}. */
  public boolean isStrictAncestorOf(Securable other) {
    requireNonNull(other, "other is null");
    return type.isContainer()
        && other.path.size() > path.size()
        && other.path.subList(0, path.size()).equals(path);
  }

  /** Whether {@code other} is this securable or lies inside it. */
  public boolean isSelfOrAncestorOf(Securable other) {
    return equals(other) || isStrictAncestorOf(other);
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(Locale.ROOT) + " " + String.join(".", path);
  }
}
