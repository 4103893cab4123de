package dev.floe.catalog.governance;

import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.metastore.Jdbc;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/**
 * At start-up (after Flyway's migration and the access bootstrap): loads the governance data,
 * starts following its changes, and moves the interim {@code floe.tags} table properties into tag
 * assignments once ({@link TablePropertyTagsMigration}).
 */
@ApplicationScoped
public class GovernanceStartup {
  private final PostgresGovernanceStore store;
  private final CatalogRegistry registry;
  private final DataSource dataSource;

  @Inject
  public GovernanceStartup(PostgresGovernanceStore store, CatalogRegistry registry, DataSource dataSource) {
    this.store = store;
    this.registry = registry;
    this.dataSource = dataSource;
  }

  void onStart(@Observes @Priority(20) StartupEvent event) {
    store.start();
    new TablePropertyTagsMigration(store, new Jdbc(dataSource), TablePropertyTagsMigration.fromCatalogs(registry)).run();
  }
}
