package dev.floe.catalog.management.api;

import dev.floe.policy.governance.Audience;
import java.util.List;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A column mask to create, or to replace (target, mask and audience). */
@Schema(name = "ColumnMaskRequest")
public record ColumnMaskRequest(
    @Schema(required = true) MaskTargetModel target,
    @Schema(required = true) MaskModel mask,
    @Schema(required = true, description = "Who the mask applies to, and who is exempt") List<AudienceRuleModel> audience) {

  public MaskTargetModel requiredTarget() {
    if (target == null) {
      throw new BadRequestException("Invalid column mask: missing target");
    }
    return target;
  }

  public MaskModel requiredMask() {
    if (mask == null) {
      throw new BadRequestException("Invalid column mask: missing mask");
    }
    return mask;
  }

  public Audience checkedAudience() {
    return AudienceRuleModel.audience(audience, "column mask");
  }
}
