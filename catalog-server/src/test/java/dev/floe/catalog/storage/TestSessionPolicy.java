package dev.floe.catalog.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestSessionPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void allowsOnlyTheTablePrefixes() throws Exception {
    JsonNode policy =
        JSON.readTree(SessionPolicy.forLocations(List.of("s3://lake/wh/ns/t1", "s3://other-bucket/data/t1"), true));
    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(resources(policy, "ReadTableObjects"))
        .containsExactly("arn:aws:s3:::lake/wh/ns/t1/*", "arn:aws:s3:::other-bucket/data/t1/*");
    assertThat(resources(policy, "WriteTableObjects"))
        .containsExactly("arn:aws:s3:::lake/wh/ns/t1/*", "arn:aws:s3:::other-bucket/data/t1/*");
    assertThat(actions(policy, "WriteTableObjects")).contains("s3:PutObject", "s3:DeleteObject");
    JsonNode list = statement(policy, "ListTablePrefixes1");
    assertThat(list.get("Resource").get(0).asText()).isEqualTo("arn:aws:s3:::lake");
    assertThat(list.at("/Condition/StringLike/s3:prefix").get(0).asText()).isEqualTo("wh/ns/t1/*");
    assertThat(statement(policy, "ListTablePrefixes2").get("Resource").get(0).asText())
        .isEqualTo("arn:aws:s3:::other-bucket");
    // every statement allows, no statement has a resource outside the prefixes
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      for (JsonNode resource : statement.get("Resource")) {
        assertThat(resource.asText())
            .isIn(
                "arn:aws:s3:::lake/wh/ns/t1/*", "arn:aws:s3:::other-bucket/data/t1/*",
                "arn:aws:s3:::lake", "arn:aws:s3:::other-bucket");
      }
    }
  }

  @Test
  void readOnlyCredentialsCannotWrite() throws Exception {
    JsonNode policy = JSON.readTree(SessionPolicy.forLocations(List.of("s3://lake/wh/ns/t1"), false));
    List<String> allActions = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      statement.get("Action").forEach(action -> allActions.add(action.asText()));
    }
    assertThat(allActions).containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket");
  }

  @Test
  void aPrefixIsNotAPrefixOfItsNeighbour() throws Exception {
    // t1 must not reach t10: every resource ends with "/*" after the table's own segment
    JsonNode policy = JSON.readTree(SessionPolicy.forLocations(List.of("s3://lake/wh/t1"), true));
    assertThat(resources(policy, "ReadTableObjects")).containsExactly("arn:aws:s3:::lake/wh/t1/*");
    assertThat(statement(policy, "ListTablePrefixes1").at("/Condition/StringLike/s3:prefix").get(0).asText())
        .isEqualTo("wh/t1/*");
  }

  @Test
  void wildcardAndVariableCharactersNeverWidenThePolicy() {
    for (String location :
        List.of(
            "s3://lake/wh/*", "s3://lake/wh/t*", "s3://lake/wh/${aws:username}", "s3://lake/wh/t$1",
            "s3://lake/wh/a}b", "s3://lake/wh/a{b", "s3://lake/*/t1")) {
      assertThatThrownBy(() -> SessionPolicy.forLocations(List.of(location), false))
          .as(location)
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("wildcard or variable");
    }
    // '?' is refused before (a location has no query)
    assertThatThrownBy(() -> SessionPolicy.forLocations(List.of("s3://lake/wh/t?"), false))
        .isInstanceOf(BadRequestException.class);
    // a table at the bucket root would get the whole bucket
    assertThatThrownBy(() -> SessionPolicy.forLocations(List.of("s3://lake"), false))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("whole bucket");
    assertThatThrownBy(() -> SessionPolicy.forLocations(List.of("file:///tmp/t"), false))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> SessionPolicy.forLocations(List.of("s3://lake/wh/../other"), false))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void quotesStayInsideTheirString() throws Exception {
    String location = "s3://lake/wh/a\"],\"Resource\":[\"arn:aws:s3:::lake/'x";
    String text = SessionPolicy.forLocations(List.of(location), true);
    JsonNode policy = JSON.readTree(text);
    // the quote is data: exactly one resource, the literal prefix
    assertThat(resources(policy, "ReadTableObjects"))
        .containsExactly("arn:aws:s3:::lake/wh/a\"],\"Resource\":[\"arn:aws:s3:::lake/'x/*");
    assertThat(policy.get("Statement")).hasSize(3);
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.get("Statement")) {
      if (statement.get("Sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  private static List<String> resources(JsonNode policy, String sid) {
    List<String> values = new ArrayList<>();
    statement(policy, sid).get("Resource").forEach(node -> values.add(node.asText()));
    return values;
  }

  private static List<String> actions(JsonNode policy, String sid) {
    List<String> values = new ArrayList<>();
    statement(policy, sid).get("Action").forEach(node -> values.add(node.asText()));
    return values;
  }
}
