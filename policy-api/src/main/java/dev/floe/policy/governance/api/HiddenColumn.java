package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

/**
 * An asked column the caller may not see, and why (for logs; the engine answers "access denied").
 *
 * @param column the name as asked
 * @param reason why it is hidden: table not readable, not in the current schema, stale field id or
 *     type, or a mask that applies but cannot be rendered for the column (fail closed)
 */
public record HiddenColumn(String column, String reason) {
  public HiddenColumn {
    requireNonNull(column, "column is null");
    requireNonNull(reason, "reason is null");
  }
}
