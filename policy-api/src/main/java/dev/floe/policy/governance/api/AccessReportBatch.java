package dev.floe.policy.governance.api;

import java.util.List;

/**
 * Access reports sent together ({@code POST /api/governance/v1/access-reports}, trusted engines
 * only).
 *
 * @param reports the reports, in the order the queries ended
 */
public record AccessReportBatch(List<AccessReport> reports) {
  public AccessReportBatch {
    reports = reports == null ? List.of() : List.copyOf(reports);
  }
}
