package dev.floe.catalog.management.api;

import dev.floe.catalog.http.ControlCharacters;
import dev.floe.policy.Securable;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;

/** Securables of the governance requests: a catalog, then namespace levels, then a table or a view. */
final class Securables {
  private Securables() {}

  static Securable of(String catalog, List<String> namespace, String table, String view, String what) {
    List<String> levels = RequestFields.strings(namespace, "namespace", what);
    levels.forEach(level -> ControlCharacters.refuse(level, what + ": namespace level"));
    if (table != null && view != null) {
      throw new BadRequestException("Invalid %s: give a table or a view, not both", what);
    }
    if ((table != null || view != null) && levels.isEmpty()) {
      throw new BadRequestException("Invalid %s: a table or view needs its namespace", what);
    }
    try {
      if (table != null) {
        return Securable.table(catalog, levels, table);
      }
      if (view != null) {
        return Securable.view(catalog, levels, view);
      }
      return levels.isEmpty() ? Securable.catalog(catalog) : Securable.namespace(catalog, levels);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid %s: %s", what, e.getMessage());
    }
  }

  /** A table of a request; 400 when the table or its namespace is missing. */
  static Securable table(String catalog, List<String> namespace, String table, String what) {
    if (table == null) {
      throw new BadRequestException("Invalid %s: missing table", what);
    }
    return of(catalog, namespace, table, null, what);
  }
}
