package dev.floe.catalog.management.api;

import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One rule of a policy's audience. */
@Schema(name = "AudienceRule")
public record AudienceRuleModel(
    @Schema(required = true, description = "principal-role, group, principal or everyone") String kind,
    @Schema(description = "The role, group or principal name; none for everyone") String name,
    @Schema(description = "true: the rule exempts (an exemption beats 'applies to'); default false") Boolean exempt) {

  /** The audience of a request; at least one "applies to" rule. */
  public static Audience audience(List<AudienceRuleModel> rules, String what) {
    if (rules == null || rules.isEmpty()) {
      throw new BadRequestException("Invalid %s: missing audience (for example [{\"kind\": \"everyone\"}])", what);
    }
    List<AudienceRule> parsed = new ArrayList<>();
    for (AudienceRuleModel rule : rules) {
      if (rule == null || rule.kind() == null) {
        throw new BadRequestException("Invalid %s: every audience rule needs a kind", what);
      }
      AudienceKind kind = AudienceKind.parse(rule.kind());
      String name = rule.name() == null ? "" : rule.name();
      try {
        parsed.add(new AudienceRule(kind, name, Boolean.TRUE.equals(rule.exempt())));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Invalid %s: %s", what, e.getMessage());
      }
    }
    return new Audience(parsed);
  }

  public static List<AudienceRuleModel> of(Audience audience) {
    return audience.rules().stream()
        .map(rule -> new AudienceRuleModel(rule.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), rule.name().isEmpty() ? null : rule.name(), rule.exempt()))
        .toList();
  }
}
