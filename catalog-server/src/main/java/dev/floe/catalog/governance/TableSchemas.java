package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.policy.governance.TableSchema;
import java.time.Duration;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The current schema of tables, as evaluations read them, kept for a short time: a warm
 * evaluation reads neither PostgreSQL (where the metadata location is) nor the metadata file. A
 * schema change reaches evaluations within the time-to-live; until then a column added since is
 * answered as not in the schema (hidden), never as visible.
 */
final class TableSchemas {
  private record Key(long catalogId, String catalog, TableIdentifier table, boolean view) {}

  private final Cache<Key, Optional<TableSchema>> schemas;

  TableSchemas(Duration timeToLive, long maximumSize) {
    requireNonNull(timeToLive, "timeToLive is null");
    this.schemas = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).build();
  }

  /**
   * The table's current schema; empty when there is no such table. Failures to read it (storage
   * outage, database) are thrown and not kept.
   */
  Optional<TableSchema> schema(FloeCatalog catalog, TableIdentifier table) {
    Key key = new Key(catalog.record().id(), catalog.name(), table, false);
    return schemas.get(key, ignored -> load(catalog, table));
  }

  /** The view's current schema; empty when there is no such view. */
  Optional<TableSchema> viewSchema(FloeCatalog catalog, TableIdentifier view) {
    Key key = new Key(catalog.record().id(), catalog.name(), view, true);
    return schemas.get(key, ignored -> loadView(catalog, view));
  }

  private static Optional<TableSchema> loadView(FloeCatalog catalog, TableIdentifier view) {
    try {
      return Optional.of(IcebergSchemas.toTableSchema(catalog.loadView(view).schema()));
    } catch (org.apache.iceberg.exceptions.NoSuchViewException e) {
      return Optional.empty();
    }
  }

  private static Optional<TableSchema> load(FloeCatalog catalog, TableIdentifier table) {
    try {
      return Optional.of(IcebergSchemas.toTableSchema(catalog.currentMetadata(table).schema()));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }
}
