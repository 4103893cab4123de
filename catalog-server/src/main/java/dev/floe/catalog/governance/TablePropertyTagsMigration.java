package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.metastore.Jdbc;
import dev.floe.catalog.metastore.NamespacePaths;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.TagDefinition;
import dev.floe.policy.governance.TagNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * The one-time move of the interim table property {@value #PROPERTY} (comma-separated tags, read
 * by the authorizer before tags had a model) into tag assignments: every table's tags become
 * assignments on the table, by {@value #ACTOR}; a tag not yet defined is defined (with its
 * parents), a name that is not a valid tag is skipped and reported. It runs once for the whole
 * database (recorded in {@code governance_migrations} with a summary); from then on the property
 * means nothing to Floe.
 */
final class TablePropertyTagsMigration {
  static final String NAME = "floe.tags";
  static final String PROPERTY = "floe.tags";
  static final String ACTOR = "floe-migration";

  private static final Logger LOG = Logger.getLogger(TablePropertyTagsMigration.class);

  /** A table as the migration sees it. */
  record StoredTable(String catalog, Namespace namespace, String name) {
    Securable securable() {
      return Securable.table(catalog, List.of(namespace.levels()), name);
    }
  }

  private final PostgresGovernanceStore store;
  private final Jdbc jdbc;
  private final Function<StoredTable, Map<String, String>> properties;

  /**
   * @param properties the current properties of a table (empty when it cannot be read)
   */
  TablePropertyTagsMigration(PostgresGovernanceStore store, Jdbc jdbc, Function<StoredTable, Map<String, String>> properties) {
    this.store = requireNonNull(store, "store is null");
    this.jdbc = requireNonNull(jdbc, "jdbc is null");
    this.properties = requireNonNull(properties, "properties is null");
  }

  /** Properties read through the catalogs' current table metadata. */
  static Function<StoredTable, Map<String, String>> fromCatalogs(CatalogRegistry registry) {
    return table -> {
      try {
        return registry.catalog(table.catalog()).currentMetadata(TableIdentifier.of(table.namespace(), table.name())).properties();
      } catch (RuntimeException e) {
        LOG.warnf("Cannot read the metadata of table %s to move its %s property: %s", table.securable(), PROPERTY, e.getMessage());
        return Map.of();
      }
    };
  }

  /** Runs the move unless it ran before; returns whether it ran now. */
  boolean run() {
    return store.runOnce(NAME, this::move);
  }

  private String move(GovernanceWrites writes) {
    List<StoredTable> tables =
        jdbc.list(
            "SELECT c.name, o.namespace_path, o.name FROM catalog_objects o JOIN catalogs c ON c.id = o.catalog_id WHERE o.kind = 'TABLE'"
                + " ORDER BY c.name, o.namespace_path, o.name",
            Jdbc.Parameters.NONE,
            row -> new StoredTable(row.getString(1), NamespacePaths.namespace(row.getString(2)), row.getString(3)));
    int assigned = 0;
    Set<String> skipped = new TreeSet<>();
    for (StoredTable table : tables) {
      for (String tag : tags(properties.apply(table).get(PROPERTY))) {
        if (!TagNames.isValid(tag)) {
          skipped.add(tag);
          continue;
        }
        List<String> chain = new ArrayList<>(TagNames.selfAndAncestors(tag));
        java.util.Collections.reverse(chain);
        for (String name : chain) {
          if (!writes.tagDefined(name)) {
            writes.createTag(new TagDefinition(name, "Moved from the table property " + PROPERTY, Set.of(), 1), ACTOR);
          }
        }
        writes.assignIfAbsent(table.securable(), tag, ACTOR);
        assigned++;
      }
    }
    String summary = "%d tags on %d tables moved; invalid tag names skipped: %s".formatted(assigned, tables.size(), skipped);
    LOG.infof("Table property %s: %s", PROPERTY, summary);
    return summary;
  }

  /** The tags of a property value: comma-separated, blanks ignored. */
  static Set<String> tags(String value) {
    Set<String> tags = new TreeSet<>();
    if (value == null) {
      return tags;
    }
    for (String tag : value.split(",")) {
      if (!tag.isBlank()) {
        tags.add(tag.trim());
      }
    }
    return tags;
  }
}
