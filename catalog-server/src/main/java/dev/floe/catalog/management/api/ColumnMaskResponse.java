package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.catalog.handler.GovernanceViews;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.MaskTarget;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A column mask, with the current name of its column. */
@Schema(name = "ColumnMask")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnMaskResponse(
    @Schema(required = true) long id,
    @Schema(required = true, description = "Raised by every change, from 1") long version,
    @Schema(required = true) MaskTargetModel target,
    @Schema(required = true) MaskModel mask,
    @Schema(required = true) List<AudienceRuleModel> audience,
    @Schema(description = "Why the mask cannot be applied now (its column is gone)") String problem,
    @JsonProperty("created-by") String createdBy,
    @JsonProperty("created-at") String createdAt,
    @JsonProperty("updated-by") String updatedBy,
    @JsonProperty("updated-at") String updatedAt,
    @JsonProperty("governance-version") @Schema(description = "The server's governance version (single items)") Long governanceVersion) {

  public static ColumnMaskResponse of(GovernanceViews.ColumnMask view, Long governanceVersion) {
    ColumnMaskPolicy policy = view.record().policy();
    MaskTargetModel target =
        switch (policy.target()) {
          case MaskTarget.Column column ->
              new MaskTargetModel(column.table().namespaceLevels(), column.table().name(), view.column().orElse(null), column.fieldId(), null);
          case MaskTarget.Tag tag -> new MaskTargetModel(null, null, null, null, tag.tag());
        };
    return new ColumnMaskResponse(
        policy.id(),
        policy.version(),
        target,
        MaskModel.of(policy.mask(), view.customExpression()),
        AudienceRuleModel.of(policy.audience()),
        view.problem().orElse(null),
        view.record().createdBy(),
        view.record().createdAt().toString(),
        view.record().updatedBy(),
        view.record().updatedAt().toString(),
        governanceVersion);
  }
}
