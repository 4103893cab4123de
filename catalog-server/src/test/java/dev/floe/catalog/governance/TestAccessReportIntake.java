package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.audit.AuditEvent;
import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.catalog.auth.Caller;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.governance.api.AccessReport;
import dev.floe.policy.governance.api.AccessReportBatch;
import dev.floe.policy.governance.api.TableAccessReport;
import dev.floe.policy.governance.api.TableAccessReport.ColumnMaskReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.junit.jupiter.api.Test;

class TestAccessReportIntake {
  private static final Caller TRINO =
      new Caller(new PrincipalContext(new Principal("trino", false), Set.of("engines")), "floe", "192.0.2.1", Set.of());
  private static final Caller ALICE =
      new Caller(new PrincipalContext(new Principal("alice", false), Set.of("readers")), "floe", "192.0.2.2", Set.of());

  private final List<AuditEvent> recorded = new ArrayList<>();
  private final AccessReportIntake intake =
      new AccessReportIntake(
          recorded::add,
          new EvaluationIdentities(
              new EvaluationIdentities.Directory() {
                @Override
                public Optional<PrincipalEntry> principal(String name) {
                  return Optional.empty();
                }

                @Override
                public boolean anyTrustedEngine(Collection<String> roles) {
                  return roles.contains("engines");
                }

                @Override
                public boolean anyServiceAdministrator(Collection<String> roles) {
                  return false;
                }
              },
              ""),
          table -> table.table().equals("orders")
              ? new ReadTags.TableTags(new java.util.TreeSet<>(Set.of("finance")), Map.of("email", new java.util.TreeSet<>(Set.of("pii.email", "gold"))))
              : ReadTags.TableTags.NONE);

  private static AccessReport report(String queryId, String column) {
    TableAccessReport table =
        new TableAccessReport(
            "lake", List.of("sales"), "orders", List.of("id", column), List.of("region = 'EU'"),
            List.of(new ColumnMaskReport(column, "'***'")), true);
    return new AccessReport(
        "trino 476", queryId, "alice", Set.of("analysts"), "2026-11-30T10:00:00Z", "2026-11-30T10:00:01Z", true, null, List.of(table));
  }

  @Test
  void eachTableReadIsOneDataAccessEventOfTheUser() {
    assertThat(intake.record(TRINO, new AccessReportBatch(List.of(report("q1", "email"))))).isEqualTo(1);
    AuditEvent event = recorded.getFirst();
    assertThat(event.kind()).isEqualTo(AuditEvent.Kind.DATA_ACCESS);
    assertThat(event.principal()).isEqualTo("alice");
    assertThat(event.resource()).isEqualTo("table:lake.sales.orders");
    assertThat(event.details())
        .containsEntry("raw-columns", "id")
        .containsEntry("masked-columns", "email")
        .containsEntry("query-id", "q1")
        .containsEntry("reported-by", "trino");
  }

  @Test
  void theTagsOfTheTableAndOfTheReadColumnsAreRecorded() {
    intake.record(TRINO, new AccessReportBatch(List.of(report("q1", "email"))));
    assertThat(recorded.getFirst().details())
        .containsEntry("column-tags", "{\"email\":[\"gold\",\"pii.email\"]}")
        .containsEntry("tags", "finance,gold,pii.email");
  }

  @Test
  void onlyTrustedEnginesReport() {
    assertThatThrownBy(() -> intake.record(ALICE, new AccessReportBatch(List.of(report("q1", "email")))))
        .isInstanceOf(ForbiddenException.class);
    assertThat(recorded).isEmpty();
  }

  @Test
  void whatTheAuditStoreCannotKeepIsRefusedBeforeAnythingIsRecorded() {
    AccessReportBatch batch = new AccessReportBatch(List.of(report("q1", "email"), report("q2", "e\u0000mail")));
    assertThatThrownBy(() -> intake.record(TRINO, batch))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("column");
    assertThat(recorded).isEmpty();
  }
}
