package dev.floe.audit.report;

import java.util.List;
import java.util.Optional;

/** The reports there are, by name. */
public final class AuditReports {
  private static final List<AuditReport> REPORTS =
      List.of(new PiiAccessReport(), new GrantChangesReport(), new DeniedReport(), new PolicyChangesReport());

  private AuditReports() {}

  /** The report named {@code name}; empty when there is none. */
  public static Optional<AuditReport> named(String name) {
    return REPORTS.stream().filter(report -> report.name().equals(name)).findFirst();
  }

  /** Every report's name, in the order of the API documentation. */
  public static List<String> names() {
    return REPORTS.stream().map(AuditReport::name).toList();
  }
}
