package dev.floe.policy.governance.api;

/** What an applied policy did to a table's answer. */
public enum PolicyEffect {
  /** A row filter that applies to the caller; it is part of the combined filter. */
  ROW_FILTER,
  /** A column mask that won for a column: its expression is the column's mask. */
  COLUMN_MASK,
  /**
   * A column mask policy that exempts the caller and won the column's precedence: the column is
   * not masked.
   */
  MASK_EXEMPTION,
  /**
   * A row filter that OPA added ({@code floe.authorization.type=opa}); it is part of the combined
   * filter, after Floe's own. OPA's contributions are no Floe policy: id and version are 0.
   */
  OPA_ROW_FILTER,
  /**
   * A mask that OPA put on a column Floe leaves unmasked (no mask policy applies, or the winning
   * one exempts the caller): its expression is the column's mask. Id and version are 0.
   */
  OPA_COLUMN_MASK;

  /** Whether this effect is about the table's rows (and so names no column). */
  public boolean isRowFilter() {
    return this == ROW_FILTER || this == OPA_ROW_FILTER;
  }
}
