package dev.floe.catalog.management;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.access.AccessBootstrap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.management.api.CatalogRequest;
import dev.floe.catalog.management.api.CatalogRoleRequest;
import dev.floe.catalog.management.api.CatalogRoleResponse;
import dev.floe.catalog.management.api.CatalogUpdate;
import dev.floe.catalog.management.api.CredentialsResponse;
import dev.floe.catalog.management.api.ExplainRequest;
import dev.floe.catalog.management.api.GrantResponse;
import dev.floe.catalog.management.api.PrincipalRequest;
import dev.floe.catalog.management.api.PrincipalRoleRequest;
import dev.floe.catalog.management.api.PrincipalUpdate;
import dev.floe.policy.CatalogRole;
import dev.floe.policy.Grant;
import dev.floe.catalog.management.api.GrantRequest;
import dev.floe.policy.Operation;
import dev.floe.policy.Privilege;
import dev.floe.policy.Securable;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestManagementRequests {
  private static GrantRequest.Checked grant(String json) {
    return ManagementJsonProvider.read(json.getBytes(UTF_8), GrantRequest.class).check("lake", "grant request");
  }

  private static ExplainRequest.Checked explain(String json) {
    return ManagementJsonProvider.read(json.getBytes(UTF_8), ExplainRequest.class).check();
  }

  @Test
  void grantOnATableByNamespaceAndName() {
    GrantRequest.Checked request =
        grant("{\"privilege\": \"table_read_data\", \"securable\": {\"type\": \"TABLE\", \"namespace\": [\"sales\", \"eu\"], \"name\": \"orders\"}}");
    assertThat(request.privilege()).isEqualTo(Privilege.TABLE_READ_DATA);
    assertThat(request.securable()).isEqualTo(Securable.table("lake", List.of("sales", "eu"), "orders"));
  }

  @Test
  void grantByFullPath() {
    GrantRequest.Checked request =
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
    ExplainRequest.Checked request =
        explain("{\"principal\": \"alice\", \"operation\": \"load_table\", \"targets\": [{\"type\": \"table\", \"path\": [\"lake\", \"s\", \"t\"]}]}");
    assertThat(request.operation()).isEqualTo(Operation.LOAD_TABLE);
    assertThat(request.targets()).singleElement().satisfies(target ->
        assertThat(target.securable()).isEqualTo(Securable.table("lake", List.of("s"), "t")));
    assertThat(request.principalRoles()).isEmpty();

    assertThatThrownBy(() -> explain("{\"principal\": \"a\", \"operation\": \"FLY\"}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown operation FLY");
    assertThatThrownBy(() -> explain("{\"principal\": \"a\", \"operation\": \"LOAD_TABLE\", \"targets\": []}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("LOAD_TABLE");
    assertThatThrownBy(() -> explain("{\"principal\": \"a\", \"operation\": \"LOAD_TABLE\", \"targets\": [{\"type\": \"view\", \"path\": [\"l\", \"s\", \"v\"]}]}"))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> explain("{\"operation\": \"LIST_PRINCIPALS\"}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("missing principal");
  }

  @Test
  void unknownFieldsAreRefusedByName() {
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"updates\": {}, \"storage-root\": \"file:///x\", \"owner\": \"me\"}".getBytes(UTF_8), CatalogUpdate.class))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Invalid catalog update")
        .hasMessageContaining("unknown fields storage-root, owner")
        .hasMessageContaining("expected removals, updates");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"name\": \"p\", \"secret\": \"s\"}".getBytes(UTF_8), PrincipalRequest.class))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Invalid principal request: unknown field secret");
    // in a nested object too, with where it is
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"catalog\", \"kind\": \"x\"}}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("securable: unknown field kind");
    assertThatThrownBy(() -> grant("{\"privilege\": \"TABLE_LIST\", \"securable\": {\"type\": \"catalog\"}, \"allow_missing\": true}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("unknown field allow_missing");
  }

  @Test
  void valuesOfTheWrongTypeAreRefusedByName() {
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"name\": 5, \"storage-root\": \"file:///x\"}".getBytes(UTF_8), CatalogRequest.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid catalog request: name must be a string");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"disabled\": \"yes\"}".getBytes(UTF_8), PrincipalUpdate.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid principal update: disabled must be true or false");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"name\": \"r\", \"service-administrator\": 1}".getBytes(UTF_8), PrincipalRoleRequest.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("service-administrator must be true or false");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"updates\": {\"k\": 1}}".getBytes(UTF_8), CatalogUpdate.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("updates.k must be a string");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"updates\": []}".getBytes(UTF_8), CatalogUpdate.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("updates must be an object of strings");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"removals\": \"owner\"}".getBytes(UTF_8), CatalogUpdate.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("removals must be an array");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{\"updates\": {\"k\": null}}".getBytes(UTF_8), CatalogUpdate.class).checkedUpdates())
        .isInstanceOf(BadRequestException.class).hasMessageContaining("updates.k must be a string");
    assertThatThrownBy(() -> ManagementJsonProvider.read(new byte[0], CatalogRoleRequest.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid catalog role request: expected a JSON object");
    assertThatThrownBy(() -> ManagementJsonProvider.read("{} {}".getBytes(UTF_8), CatalogRoleRequest.class))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid catalog role request");
  }

  @Test
  void answersKeepTheirWireShape() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode grant =
        json.readTree(ManagementJsonProvider.write(GrantResponse.of(new Grant("readers", Privilege.TABLE_LIST, Securable.namespace("lake", "s")), true)));
    assertThat(grant.toString())
        .isEqualTo("{\"catalog\":\"lake\",\"catalog-role\":\"readers\",\"privilege\":\"TABLE_LIST\","
            + "\"securable\":{\"type\":\"NAMESPACE\",\"path\":[\"lake\",\"s\"]},\"pending\":true}");
    // an explanation's grants carry no pending
    assertThat(json.readTree(ManagementJsonProvider.write(GrantResponse.of(new Grant("readers", Privilege.TABLE_LIST, Securable.namespace("lake", "s"))))).has("pending"))
        .isFalse();
    assertThat(json.readTree(ManagementJsonProvider.write(CatalogRoleResponse.of(new CatalogRole("lake", "readers")))).toString())
        .isEqualTo("{\"catalog\":\"lake\",\"name\":\"readers\"}");
    assertThat(json.readTree(ManagementJsonProvider.write(new CredentialsResponse("id", "secret"))).toString())
        .isEqualTo("{\"client-id\":\"id\",\"client-secret\":\"secret\"}");
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
