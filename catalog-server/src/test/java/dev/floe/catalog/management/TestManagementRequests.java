package dev.floe.catalog.management;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.access.AccessBootstrap;
import dev.floe.policy.Operation;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestManagementRequests {
  private static CatalogsResource.GrantRequest grant(String json) {
    return CatalogsResource.grantRequest("lake", json.getBytes(UTF_8), "grant request");
  }

  @Test
  void grantOnATableByNamespaceAndName() {
    CatalogsResource.GrantRequest request =
        grant("{\"privilege\": \"table_read_data\", \"securable\": {\"type\": \"TABLE\", \"namespace\": [\"sales\", \"eu\"], \"name\": \"orders\"}}");
    assertThat(request.privilege()).isEqualTo(Privilege.TABLE_READ_DATA);
    assertThat(request.securable()).isEqualTo(Securable.table("lake", List.of("sales", "eu"), "orders"));
  }

  @Test
  void grantByFullPath() {
    CatalogsResource.GrantRequest request =
        grant("{\"privilege\": \"NAMESPACE_LIST\", \"securable\": {\"type\": \"namespace\", \"path\": [\"lake\", \"a.b\"]}}");
    assertThat(request.securable()).isEqualTo(Securable.namespace("lake", "a.b"));
    assertThat(grant("{\"privilege\": \"CATALOG_MANAGE_ACCESS\", \"securable\": {\"type\": \"catalog\"}}").securable())
        .isEqualTo(Securable.catalog("lake"));
  }

  @Test
  void privilegeNotGrantableOnTheTypeIsRefusedByName() {
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_CREATE\", \"securable\": {\"type\": \"table\", \"namespace\": [\"s\"], \"name\": \"t\"}}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("TABLE_CREATE cannot be granted on a table");
    assertThatThrownBy(() -> grant("{\"privilege\": \"CATALOG_MANAGE_ACCESS\", \"securable\": {\"type\": \"namespace\", \"namespace\": [\"s\"]}}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("CATALOG_MANAGE_ACCESS cannot be granted on a namespace");
  }

  @Test
  void malformedGrantsNameWhatIsWrong() {
    assertThatThrownBy(() -> grant("{\"privilege\": \"READ_EVERYTHING\", \"securable\": {\"type\": \"catalog\"}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid privilege READ_EVERYTHING");
    assertThatThrownBy(() -> grant("{\"securable\": {\"type\": \"catalog\"}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("missing privilege");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\"}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("securable");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"schema\"}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid securable type schema");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_READ_DATA\", \"securable\": {\"type\": \"table\", \"namespace\": [\"s\"]}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("A table path is");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"namespace\", \"path\": [\"other\", \"s\"]}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("not in catalog lake");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"namespace\", \"path\": [\"lake\", \"s\"], \"name\": \"x\"}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"namespace\", \"path\": [\"lake\", \"\"]}}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("empty name");
    assertThatThrownBy(() -> grant("[1, 2]")).isInstanceOf(BadRequestException.class).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> grant("{not json")).isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid grant request");
  }

  @Test
  void explainRequests() {
    ExplainResource.ExplainRequest request =
        ExplainResource.parse(
            "{\"principal\": \"alice\", \"operation\": \"load_table\", \"targets\": [{\"type\": \"table\", \"path\": [\"lake\", \"s\", \"t\"]}]}"
                .getBytes(UTF_8));
    assertThat(request.operation()).isEqualTo(Operation.LOAD_TABLE);
    assertThat(request.targets()).singleElement().satisfies(target ->
        assertThat(target.securable()).isEqualTo(Securable.table("lake", List.of("s"), "t")));
    assertThat(request.principalRoles()).isEmpty();

    assertThatThrownBy(() -> ExplainResource.parse("{\"principal\": \"a\", \"operation\": \"FLY\"}".getBytes(UTF_8)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown operation FLY");
    assertThatThrownBy(() -> ExplainResource.parse("{\"principal\": \"a\", \"operation\": \"LOAD_TABLE\", \"targets\": []}".getBytes(UTF_8)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("LOAD_TABLE");
    assertThatThrownBy(() -> ExplainResource.parse(
            "{\"principal\": \"a\", \"operation\": \"LOAD_TABLE\", \"targets\": [{\"type\": \"view\", \"path\": [\"l\", \"s\", \"v\"]}]}".getBytes(UTF_8)))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> ExplainResource.parse("{\"operation\": \"LIST_PRINCIPALS\"}".getBytes(UTF_8)))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("missing principal");
  }

  @Test
  void bootstrapCredentials() {
    AccessBootstrap.ClientCredentials parsed = AccessBootstrap.parse("root:floe-it-root-secret:with:colons");
    assertThat(parsed.clientId()).isEqualTo("root");
    assertThat(parsed.secret()).isEqualTo("floe-it-root-secret:with:colons");
    assertThat(parsed.toString()).doesNotContain("floe-it-root-secret");

    assertThatThrownBy(() -> AccessBootstrap.parse("no-colon-here-at-all"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("found no ':'");
    assertThatThrownBy(() -> AccessBootstrap.parse(":a-long-enough-secret"))
        .hasMessageContaining("client id before ':'");
    assertThatThrownBy(() -> AccessBootstrap.parse("ro ot:a-long-enough-secret"))
        .hasMessageContaining("client id before ':'");
    assertThatThrownBy(() -> AccessBootstrap.parse("root:short"))
        .hasMessageContaining("16 to 1024 characters").hasMessageNotContaining("short");
    assertThatThrownBy(() -> AccessBootstrap.parse("root:a long enough secret with spaces"))
        .hasMessageContaining("spaces").hasMessageNotContaining("long enough");
  }
}
