package dev.floe.catalog.management;

import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.Securable;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;

/** The query and path parameters the governance resources share. */
final class QueryFilters {
  private QueryFilters() {}

  /** An id of the path; a 404 for one that cannot be an id. */
  static long id(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new NotFoundException("No such id: %s", id);
    }
  }

  /** The object a listing is about: namespace (levels separated by %1F) and table or view; empty for none. */
  static Optional<Securable> securable(String catalog, String namespace, String table, String view) {
    if (namespace == null) {
      if (table != null || view != null) {
        throw new BadRequestException("Invalid filter: table and view need their namespace");
      }
      return Optional.empty();
    }
    if (table != null && view != null) {
      throw new BadRequestException("Invalid filter: give a table or a view, not both");
    }
    List<String> levels = List.of(NamespacePaths.namespace(namespace).levels());
    try {
      if (table != null) {
        return Optional.of(Securable.table(catalog, levels, table));
      }
      if (view != null) {
        return Optional.of(Securable.view(catalog, levels, view));
      }
      return Optional.of(Securable.namespace(catalog, levels));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid filter: %s", e.getMessage());
    }
  }

}
