package dev.floe.catalog.management.api;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.Audience;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A row filter to create, or the new expression and audience of one (its table stays). */
@Schema(name = "RowFilterRequest")
public record RowFilterRequest(
    @Schema(description = "The table's namespace levels (required to create)") List<String> namespace,
    @Schema(description = "The table (required to create)") String table,
    @Schema(required = true, description = "A boolean Trino SQL expression over the table's columns, e.g. region = 'EU'") String expression,
    @Schema(required = true, description = "Who the filter applies to, and who is exempt") List<AudienceRuleModel> audience) {

  public Securable requiredTable(String catalog) {
    return Securables.table(catalog, namespace, table, "row filter");
  }

  /** The table, when the request names one. */
  public Optional<Securable> optionalTable(String catalog) {
    return namespace == null && table == null ? Optional.empty() : Optional.of(requiredTable(catalog));
  }

  public String requiredExpression() {
    return RequestFields.required(expression, "expression", "row filter");
  }

  public Audience checkedAudience() {
    return AudienceRuleModel.audience(audience, "row filter");
  }
}
