package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.TableIdentifier;

/** The scan and commit reports engines send to the metrics endpoint, in PostgreSQL (table {@code metrics_reports}). */
@ApplicationScoped
public class MetricsReportStore {
  /** A stored report: its JSON as the engine sent it. */
  public record MetricsReport(long id, String reportType, String report, Instant receivedAt) {
    public MetricsReport {
      requireNonNull(reportType, "reportType is null");
      requireNonNull(report, "report is null");
      requireNonNull(receivedAt, "receivedAt is null");
    }
  }

  private final Jdbc jdbc;

  @Inject
  public MetricsReportStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  public void save(long catalogId, TableIdentifier table, String reportType, String report) {
    jdbc.update(
        "INSERT INTO metrics_reports (catalog_id, namespace_path, table_name, report_type, report) VALUES (?, ?, ?, ?, ?)",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(table.namespace()));
          statement.setString(3, table.name());
          statement.setString(4, reportType);
          statement.setString(5, report);
        });
  }

  /** The table's newest reports first, at most {@code limit}. */
  public List<MetricsReport> list(long catalogId, TableIdentifier table, int limit) {
    return jdbc.list(
        "SELECT id, report_type, report, received_at FROM metrics_reports"
            + " WHERE catalog_id = ? AND namespace_path = ? AND table_name = ?"
            + " ORDER BY id DESC LIMIT ?",
        statement -> {
          statement.setLong(1, catalogId);
          statement.setString(2, NamespacePaths.path(table.namespace()));
          statement.setString(3, table.name());
          statement.setInt(4, limit);
        },
        row -> new MetricsReport(row.getLong(1), row.getString(2), row.getString(3), row.getObject(4, OffsetDateTime.class).toInstant()));
  }
}
