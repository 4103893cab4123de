package dev.floe.policy.governance.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer for one table.
 *
 * <p>When {@code selectAllowed} is false, nothing else is told: no visible column, no filter, no
 * mask, no policy (the engine denies the query). Otherwise the engine applies {@code rowFilter}
 * (when present) and then {@code masks} (Trino applies row filters before masks).
 *
 * @param namespace the namespace levels, as asked
 * @param name the table name, as asked
 * @param selectAllowed whether the caller may select from the table
 * @param reason why select is denied, for logs; {@code null} when allowed
 * @param visibleColumns the asked columns the caller may see, named as asked, in the order asked
 * @param hiddenColumns the asked columns the caller may not see, with the reason
 * @param rowFilter every row filter that applies to the caller (Floe's, then those OPA adds),
 *     combined with {@code AND}, in Trino SQL over the current column names; {@code null} when none
 *     applies
 * @param masks at most one mask per visible column, in the order asked
 * @param appliedPolicies what decided this answer (filters, masks, exemptions, OPA's additions), in
 *     the order: row filters, then per column in the order asked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableEvaluation(
    List<String> namespace,
    String name,
    boolean selectAllowed,
    String reason,
    List<String> visibleColumns,
    List<HiddenColumn> hiddenColumns,
    String rowFilter,
    List<ColumnMask> masks,
    List<AppliedPolicy> appliedPolicies) {
  public TableEvaluation {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(visibleColumns, "visibleColumns is null");
    requireNonNull(hiddenColumns, "hiddenColumns is null");
    requireNonNull(masks, "masks is null");
    requireNonNull(appliedPolicies, "appliedPolicies is null");
    namespace = List.copyOf(namespace);
    visibleColumns = List.copyOf(visibleColumns);
    hiddenColumns = List.copyOf(hiddenColumns);
    masks = List.copyOf(masks);
    appliedPolicies = List.copyOf(appliedPolicies);
    if (selectAllowed == (reason != null)) {
      throw new IllegalArgumentException("A reason is given exactly when select is denied");
    }
    if (!selectAllowed
        && (!visibleColumns.isEmpty()
            || rowFilter != null
            || !masks.isEmpty()
            || !appliedPolicies.isEmpty())) {
      throw new IllegalArgumentException("A denied table tells nothing but the denial");
    }
    if (masks.stream().map(ColumnMask::column).distinct().count() != masks.size()) {
      throw new IllegalArgumentException("At most one mask per column");
    }
  }

  /** A denied table: every asked column hidden with the same reason. */
  public static TableEvaluation denied(
      List<String> namespace, String name, List<ColumnRequest> asked, String reason) {
    requireNonNull(reason, "reason is null");
    return new TableEvaluation(
        namespace,
        name,
        false,
        reason,
        List.of(),
        asked.stream().map(column -> new HiddenColumn(column.name(), reason)).toList(),
        null,
        List.of(),
        List.of());
  }
}
