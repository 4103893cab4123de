package dev.floe.catalog.governance;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.MaskPrecedence;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.CallerIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which row filters and column masks reach one caller on one table: the filters whose audience
 * applies to it, and for every column of the table the mask policy that wins the column's
 * precedence and masks it (an exemption that wins reaches nobody). What decides whether a caller
 * may read a table's files directly.
 */
final class PolicyReach {
  private PolicyReach() {}

  /**
   * Whether any policy of the state could reach a caller on the table: a filter on it, or any
   * column mask (masks on tags reach every table whose columns or containers carry the tag). A
   * cheap check before the schema is read; false means no policy reaches anyone there.
   */
  static boolean mayReach(GovernanceState state, Securable table) {
    return !state.rowFiltersOn(table).isEmpty() || !state.columnMasks().isEmpty();
  }

  /** The ids of the policies that filter or mask the table for the caller, ascending. */
  static List<Long> policies(GovernanceState state, CallerIdentity caller, Securable table, TableSchema schema) {
    Set<Long> ids = new TreeSet<>();
    for (RowFilterPolicy filter : state.rowFiltersOn(table)) {
      if (filter.audience().match(caller) == Audience.Match.APPLIES) {
        ids.add(filter.id());
      }
    }
    if (!state.columnMasks().isEmpty()) {
      Set<String> tableTags = state.effectiveTags(table);
      for (SchemaColumn column : schema.columns()) {
        Optional<MaskPrecedence.Candidate> winner =
            MaskPrecedence.resolve(state, caller, table, column.fieldId(), tableTags);
        if (winner.isPresent() && !winner.get().exempt()) {
          ColumnMaskPolicy policy = winner.get().policy();
          ids.add(policy.id());
        }
      }
    }
    return List.copyOf(ids);
  }
}
