package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

/**
 * A column mask: how a column (or every column carrying a tag) looks to the callers in the
 * audience. An exempt caller sees the column unmasked, and the exemption takes part in precedence
 * (see {@link MaskPrecedence}).
 *
 * @param id the policy id (unique among all governance policies; lower ids win ties)
 * @param version its version, from 1, raised on every change
 * @param target a column by field id, or a tag
 * @param mask what the mask does
 * @param audience who it applies to and who is exempt
 */
public record ColumnMaskPolicy(long id, long version, MaskTarget target, Mask mask, Audience audience) {
  public ColumnMaskPolicy {
    requireNonNull(target, "target is null");
    requireNonNull(mask, "mask is null");
    requireNonNull(audience, "audience is null");
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1, got " + version);
    }
    if (target instanceof MaskTarget.Tag && mask instanceof Mask.Custom) {
      throw new PolicyValidationException(
          PolicyValidationException.Problem.INVALID_TARGET,
          "A custom mask expression names columns of one table: put it on a column, not on a tag");
    }
  }
}
