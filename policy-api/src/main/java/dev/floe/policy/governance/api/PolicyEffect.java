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
  MASK_EXEMPTION
}
