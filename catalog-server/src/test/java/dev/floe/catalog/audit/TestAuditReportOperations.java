package dev.floe.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.audit.report.GrantChangesReport;
import dev.floe.audit.report.PolicyChangesReport;
import dev.floe.policy.Operation;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The audit module names operations as text; each name must be one the server records. */
class TestAuditReportOperations {
  private static final Set<String> OPERATIONS = Arrays.stream(Operation.values()).map(Enum::name).collect(Collectors.toSet());

  @Test
  void grantChangesNameRealOperationsAndEveryGrantRoleAndPrincipalChange() {
    assertThat(OPERATIONS).containsAll(GrantChangesReport.OPERATIONS);
    Set<String> changes =
        OPERATIONS.stream()
            .filter(name -> name.equals("GRANT") || name.equals("REVOKE") || name.matches("(CREATE|DROP|UPDATE|ASSIGN|UNASSIGN)_(CATALOG_ROLE|PRINCIPAL|PRINCIPAL_ROLE)"))
            .collect(Collectors.toSet());
    assertThat(GrantChangesReport.OPERATIONS).containsExactlyInAnyOrderElementsOf(changes);
  }

  @Test
  void policyChangesNameRealOperationsAndEveryPolicyChange() {
    assertThat(OPERATIONS).containsAll(PolicyChangesReport.OPERATIONS);
    Set<String> changes =
        OPERATIONS.stream()
            .filter(name -> name.matches("(CREATE|UPDATE|DROP)_(TAG|ROW_FILTER|COLUMN_MASK|SCHEMA_CONTRACT)|(ASSIGN|UNASSIGN)_TAG"))
            .collect(Collectors.toSet());
    assertThat(PolicyChangesReport.OPERATIONS).containsExactlyInAnyOrderElementsOf(changes);
  }
}
