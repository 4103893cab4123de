package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.policy.governance.RowFilterPolicy;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A row filter, its expression rendered with the current column names. */
@Schema(name = "RowFilter")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowFilterResponse(
    @Schema(required = true) long id,
    @Schema(required = true, description = "Raised by every change, from 1") long version,
    @Schema(required = true) List<String> namespace,
    @Schema(required = true) String table,
    @Schema(required = true, description = "The expression with the current column names") String expression,
    @Schema(description = "Why the filter cannot be applied now (a column it refers to is gone): it then hides every row") String problem,
    @Schema(required = true) List<AudienceRuleModel> audience,
    @JsonProperty("created-by") String createdBy,
    @JsonProperty("created-at") String createdAt,
    @JsonProperty("updated-by") String updatedBy,
    @JsonProperty("updated-at") String updatedAt,
    @JsonProperty("governance-version") @Schema(description = "The server's governance version (single items)") Long governanceVersion) {

  public static RowFilterResponse of(GovernanceViews.RowFilter view, Long governanceVersion) {
    RowFilterPolicy policy = view.record().policy();
    return new RowFilterResponse(
        policy.id(),
        policy.version(),
        policy.table().namespaceLevels(),
        policy.table().name(),
        view.expression(),
        view.problem().orElse(null),
        AudienceRuleModel.of(policy.audience()),
        view.record().createdBy(),
        view.record().createdAt().toString(),
        view.record().updatedBy(),
        view.record().updatedAt().toString(),
        governanceVersion);
  }
}
