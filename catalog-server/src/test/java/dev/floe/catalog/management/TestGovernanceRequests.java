package dev.floe.catalog.management;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.handler.GovernanceManagement;
import dev.floe.catalog.management.api.ColumnMaskRequest;
import dev.floe.catalog.management.api.RowFilterRequest;
import dev.floe.catalog.management.api.TagAssignmentRequest;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.PolicyValidationException;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

/** Decoding of the governance requests: what each body means, and the 400s for what it cannot. */
class TestGovernanceRequests {
  private static final TableSchema SCHEMA = TableSchema.of(new SchemaColumn(1, "id", "long"), new SchemaColumn(2, "email", "string"));

  private static <T> T read(String json, Class<T> type) {
    return ManagementJsonProvider.read(json.getBytes(UTF_8), type);
  }

  private static Mask mask(String json, Optional<TableSchema> schema) {
    return read("{\"target\": {\"tag\": \"pii\"}, \"mask\": " + json + ", \"audience\": [{\"kind\": \"everyone\"}]}", ColumnMaskRequest.class)
        .requiredMask()
        .toMask(schema);
  }

  @Test
  void assignmentsNameTheCatalogANamespaceATableOrAView() {
    assertThat(read("{\"tag\": \"pii\"}", TagAssignmentRequest.class).securable("lake")).isEqualTo(Securable.catalog("lake"));
    assertThat(read("{\"tag\": \"pii\", \"namespace\": [\"a\", \"b\"]}", TagAssignmentRequest.class).securable("lake"))
        .isEqualTo(Securable.namespace("lake", "a", "b"));
    assertThat(read("{\"tag\": \"pii\", \"namespace\": [\"a\"], \"view\": \"v\"}", TagAssignmentRequest.class).securable("lake"))
        .isEqualTo(Securable.view("lake", List.of("a"), "v"));
    assertThatThrownBy(() -> read("{\"tag\": \"pii\", \"table\": \"t\"}", TagAssignmentRequest.class).securable("lake"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("needs its namespace");
    assertThatThrownBy(() -> read("{\"tag\": \"pii\", \"namespace\": [\"a\"], \"column\": \"c\"}", TagAssignmentRequest.class).checkedColumn())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("a column needs its table or view");
    assertThatThrownBy(() -> read("{\"namespace\": [\"a\"]}", TagAssignmentRequest.class).requiredTag())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("missing tag");
  }

  @Test
  void audiencesTakeKindsInAnyCase() {
    RowFilterRequest request =
        read(
            "{\"namespace\": [\"s\"], \"table\": \"t\", \"expression\": \"id > 0\", \"audience\": ["
                + "{\"kind\": \"principal-role\", \"name\": \"analysts\"}, {\"kind\": \"GROUP\", \"name\": \"auditors\", \"exempt\": true}]}",
            RowFilterRequest.class);
    assertThat(request.checkedAudience())
        .isEqualTo(Audience.of(AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "analysts"), AudienceRule.exempts(AudienceKind.GROUP, "auditors")));
    assertThat(request.requiredTable("lake")).isEqualTo(Securable.table("lake", List.of("s"), "t"));
    assertThatThrownBy(() -> read("{\"expression\": \"x\", \"audience\": []}", RowFilterRequest.class).checkedAudience())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("missing audience");
    assertThatThrownBy(() -> read("{\"expression\": \"x\", \"audience\": [{\"kind\": \"robots\"}]}", RowFilterRequest.class).checkedAudience())
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("Unknown audience kind 'robots'");
    assertThatThrownBy(() -> read("{\"expression\": \"x\", \"audience\": [{\"kind\": \"group\"}]}", RowFilterRequest.class).checkedAudience())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("needs a name");
    assertThatThrownBy(() -> read("{\"expression\": \"x\", \"audience\": [], \"filter\": 1}", RowFilterRequest.class))
        .hasMessageContaining("filter");
  }

  @Test
  void masksTakeTheirParametersAndNoOthers() {
    assertThat(mask("{\"function\": \"SHOW_LAST\", \"characters\": 4}", Optional.empty())).isEqualTo(new Mask.ShowLast(4));
    assertThat(mask("{\"function\": \"redact\"}", Optional.empty())).isEqualTo(new Mask.Redact(Optional.empty()));
    assertThat(mask("{\"function\": \"bucket\", \"width\": 2.5}", Optional.empty())).isEqualTo(new Mask.Bucket(new BigDecimal("2.5")));
    assertThat(mask("{\"function\": \"email-domain\"}", Optional.empty())).isEqualTo(new Mask.EmailDomain());
    assertThat(mask("{\"function\": \"custom\", \"expression\": \"substr(email, 1, 1)\"}", Optional.of(SCHEMA))).isInstanceOf(Mask.Custom.class);
    assertThatThrownBy(() -> mask("{\"function\": \"hash\", \"characters\": 4}", Optional.empty()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("hash takes no parameter characters");
    assertThatThrownBy(() -> mask("{\"function\": \"round\"}", Optional.empty())).hasMessageContaining("round needs digits");
    assertThatThrownBy(() -> mask("{\"function\": \"custom\", \"expression\": \"1\"}", Optional.empty())).hasMessageContaining("not on a tag");
    assertThatThrownBy(() -> mask("{\"function\": \"custom\", \"expression\": \"substr(mail, 1\"}", Optional.of(SCHEMA)))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("line 1:");
    assertThatThrownBy(() -> mask("{\"function\": \"show_last\", \"characters\": 0}", Optional.empty()))
        .isInstanceOf(PolicyValidationException.class);
  }

  @Test
  void maskTargetsAreAColumnOrATag() {
    assertThat(read("{\"target\": {\"tag\": \"pii\"}}", ColumnMaskRequest.class).requiredTarget().toInput("lake"))
        .isEqualTo(new GovernanceManagement.TagInput("pii"));
    assertThat(read("{\"target\": {\"namespace\": [\"s\"], \"table\": \"t\", \"column\": \"c\"}}", ColumnMaskRequest.class).requiredTarget().toInput("lake"))
        .isEqualTo(new GovernanceManagement.ColumnInput(Securable.table("lake", List.of("s"), "t"), "c"));
    assertThatThrownBy(() -> read("{\"target\": {\"tag\": \"pii\", \"column\": \"c\"}}", ColumnMaskRequest.class).requiredTarget().toInput("lake"))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> read("{\"target\": {\"namespace\": [\"s\"], \"table\": \"t\"}}", ColumnMaskRequest.class).requiredTarget().toInput("lake"))
        .hasMessageContaining("needs a tag, or a namespace, table and column");
    assertThatThrownBy(() -> read("{\"mask\": {\"function\": \"hash\"}}", ColumnMaskRequest.class).requiredTarget()).hasMessageContaining("missing target");
  }

  @Test
  void tagPatternsMatchANameOrAPrefix() {
    assertThat(GovernanceManagement.matches("pii.*", "pii.email")).isTrue();
    assertThat(GovernanceManagement.matches("pii.*", "pii")).isFalse();
    assertThat(GovernanceManagement.matches("pii*", "pii")).isTrue();
    assertThat(GovernanceManagement.matches("pii", "pii.email")).isFalse();
  }
}
