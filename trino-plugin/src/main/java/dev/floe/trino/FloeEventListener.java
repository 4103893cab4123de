package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.AccessReport;
import dev.floe.policy.governance.api.TableAccessReport;
import dev.floe.policy.governance.api.TableAccessReport.ColumnMaskReport;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trino's event listener named {@code floe}: every finished query that read a governed table is
 * reported to Floe's audit trail (who, which tables and columns, which filters and masks Trino
 * applied, whether it succeeded), asynchronously and in batches ({@link AccessReports}).
 */
public final class FloeEventListener implements EventListener {
  private final FloePluginConfig config;
  private final AccessReports reports;

  FloeEventListener(FloePluginConfig config, AccessReports reports) {
    this.config = requireNonNull(config, "config is null");
    this.reports = requireNonNull(reports, "reports is null");
  }

  @Override
  public void queryCompleted(QueryCompletedEvent event) {
    report(event).ifPresent(reports::submit);
  }

  /** The access report of a finished query; empty when it read no governed table. */
  Optional<AccessReport> report(QueryCompletedEvent event) {
    List<TableAccessReport> tables = new ArrayList<>();
    for (TableInfo table : event.getMetadata().getTables()) {
      Optional<String> floeCatalog = config.floeCatalog(table.getCatalog());
      if (floeCatalog.isEmpty() || "information_schema".equals(table.getSchema())) {
        continue;
      }
      List<String> columns = new ArrayList<>();
      List<ColumnMaskReport> masks = new ArrayList<>();
      for (ColumnInfo column : table.getColumns()) {
        columns.add(column.getColumn());
        column.getMask().ifPresent(mask -> masks.add(new ColumnMaskReport(column.getColumn(), mask)));
      }
      tables.add(
          new TableAccessReport(
              floeCatalog.get(), List.of(table.getSchema()), table.getTable(), columns, table.getFilters(), masks, table.isDirectlyReferenced()));
    }
    if (tables.isEmpty()) {
      return Optional.empty();
    }
    QueryContext context = event.getContext();
    return Optional.of(
        new AccessReport(
            "trino " + context.getServerVersion() + " at " + context.getServerAddress(),
            event.getMetadata().getQueryId(),
            context.getUser(),
            context.getGroups(),
            event.getCreateTime().toString(),
            event.getEndTime().toString(),
            event.getFailureInfo().isEmpty(),
            event.getFailureInfo().flatMap(QueryFailureInfo::getFailureMessage).orElse(event.getFailureInfo().isPresent() ? "failed" : null),
            tables));
  }

  /** Reports Floe has taken, and dropped. */
  public long reportsSent() {
    return reports.sent();
  }

  public long reportsDropped() {
    return reports.dropped();
  }

  @Override
  public void shutdown() {
    reports.close();
  }
}
