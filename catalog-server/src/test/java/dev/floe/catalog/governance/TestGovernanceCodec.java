package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestGovernanceCodec {
  private static final TableSchema SCHEMA =
      TableSchema.of(new SchemaColumn(1, "id", "long"), new SchemaColumn(2, "email", "string"));

  @Test
  void audiencesRoundTrip() {
    Audience audience =
        Audience.of(
            AudienceRule.appliesToEveryone(),
            AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, "stewards"),
            AudienceRule.appliesTo(AudienceKind.GROUP, "eu \"analysts\""),
            AudienceRule.appliesTo(AudienceKind.PRINCIPAL, "ada"));
    assertThat(GovernanceCodec.audience(GovernanceCodec.audienceJson(audience))).isEqualTo(audience);
  }

  @Test
  void everyMaskRoundTrips() {
    List<Mask> masks =
        List.of(
            new Mask.Nullify(),
            new Mask.Redact(Optional.empty()),
            new Mask.Redact(Optional.of("****")),
            new Mask.Hash(),
            new Mask.ShowLast(4),
            new Mask.EmailDomain(),
            new Mask.YearOnly(),
            new Mask.Round(-2),
            new Mask.Bucket(new BigDecimal("0.25")),
            new Mask.Custom(ExpressionCompiler.compile("concat('x', email, '$field:1')", SCHEMA)));
    for (Mask mask : masks) {
      assertThat(GovernanceCodec.mask(GovernanceCodec.maskJson(mask))).as(mask.function()).isEqualTo(mask);
    }
  }

  @Test
  void aCustomMaskIsStoredByFieldId() {
    Mask.Custom custom = new Mask.Custom(ExpressionCompiler.compile("substr(email, 1, 2)", SCHEMA));
    assertThat(GovernanceCodec.maskJson(custom)).contains("\\\"$field:2\\\"").doesNotContain("email,");
  }
}
