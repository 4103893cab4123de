package dev.floe.policy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.HiddenColumn;
import dev.floe.policy.governance.api.PolicyEffect;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API records travel as JSON with a plain ObjectMapper (no modules), both ways. */
class TestGovernanceApiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void roundTripsARequest() throws Exception {
    EvaluationRequest request =
        new EvaluationRequest(
            new CallerIdentity("ana", Set.of("g"), Set.of("analysts")),
            "lake",
            List.of(new TableRequest(List.of("crm"), "customers",
                List.of(ColumnRequest.named("email"), new ColumnRequest("id", 1, "long")))));
    String json = MAPPER.writeValueAsString(request);
    assertThat(json).contains("{\"name\":\"email\"}").contains("{\"name\":\"id\",\"fieldId\":1,\"type\":\"long\"}");
    assertThat(MAPPER.readValue(json, EvaluationRequest.class)).isEqualTo(request);
  }

  @Test
  void roundTripsAResponse() throws Exception {
    assertThatThrownBy(() -> new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, "email"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, null))
        .isInstanceOf(IllegalArgumentException.class);
    EvaluationResponse response =
        new EvaluationResponse(
            List.of(
                new TableEvaluation(List.of("crm"), "customers", true, null, List.of("email", "phone"),
                    List.of(new HiddenColumn("ssn", "not in the table's current schema")),
                    "(\"score\" >= 0) AND (\"region\" IN ('EU'))",
                    List.of(new ColumnMask("email", 2, "CAST(NULL AS varchar)", 10, 1),
                        new ColumnMask("phone", 3, "CAST('****' AS varchar)", 0, 0)),
                    List.of(new AppliedPolicy(90, 1, PolicyEffect.ROW_FILTER, null),
                        new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, null),
                        new AppliedPolicy(10, 1, PolicyEffect.COLUMN_MASK, "email"),
                        new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, "phone"))),
                TableEvaluation.denied(List.of("crm"), "secrets", List.of(ColumnRequest.named("x")), "access denied")),
            42,
            30);
    String json = MAPPER.writeValueAsString(response);
    assertThat(json)
        .contains("\"effect\":\"ROW_FILTER\"}", "\"effect\":\"OPA_ROW_FILTER\"}", "\"effect\":\"OPA_COLUMN_MASK\"").doesNotContain("\"column\":null").doesNotContain("\"reason\":null");
    assertThat(MAPPER.readValue(json, EvaluationResponse.class)).isEqualTo(response);
  }

  @Test
  void optionalFieldsMayBeLeftOutEvenWithStrictPrimitives() throws Exception {
    ObjectMapper strict =
        new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    dev.floe.policy.governance.api.EvaluationRequest request =
        strict.readValue(
            "{\"identity\": {\"user\": \"alice\"}, \"catalog\": \"lake\","
                + " \"tables\": [{\"namespace\": [\"s\"], \"name\": \"t\", \"columns\": [{\"name\": \"id\"}]}]}",
            dev.floe.policy.governance.api.EvaluationRequest.class);
    org.assertj.core.api.Assertions.assertThat(request.identity().groups()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(request.identity().principalRoles()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(request.tables().get(0).allColumns()).isFalse();
    org.assertj.core.api.Assertions.assertThat(request.checks()).isEmpty();
  }
}
