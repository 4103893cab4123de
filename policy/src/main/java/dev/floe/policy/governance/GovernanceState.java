package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every tag definition, tag assignment, row filter and column mask of a Floe server at one
 * version: what the evaluator reads. Immutable and indexed for the lookups of an evaluation; the
 * server builds a new one when the governance data changes (its own writes, or another node's
 * change notice) and swaps it in.
 *
 * <p>The state trusts its input: the checks of {@link GovernanceValidator} are made when each item
 * is saved. A tag assigned or masked but not defined still takes effect (masks fail closed).
 */
public final class GovernanceState {
  private static final Comparator<RowFilterPolicy> FILTER_ORDER =
      Comparator.comparingLong(RowFilterPolicy::id);
  private static final Comparator<ColumnMaskPolicy> MASK_ORDER =
      Comparator.comparingLong(ColumnMaskPolicy::id);

  private final long version;
  private final Map<String, TagDefinition> tags;
  private final List<TagAssignment> assignments;
  private final List<RowFilterPolicy> rowFilters;
  private final List<ColumnMaskPolicy> columnMasks;

  private final Map<Securable, Set<String>> tagsOnSecurable = new HashMap<>();
  private final Map<Securable, Map<Integer, Set<String>>> tagsOnColumn = new HashMap<>();
  private final Map<Securable, List<RowFilterPolicy>> filtersByTable = new HashMap<>();
  private final Map<Securable, Map<Integer, List<ColumnMaskPolicy>>> masksByColumn = new HashMap<>();
  private final Map<String, List<ColumnMaskPolicy>> masksByTag = new HashMap<>();

  /**
   * @param version the version of this data; it changes after every change
   * @throws IllegalArgumentException when two tags share a name, two assignments an id, or two
   *     policies (filters and masks together) an id
   */
  public GovernanceState(
      long version,
      Collection<TagDefinition> tags,
      Collection<TagAssignment> assignments,
      Collection<RowFilterPolicy> rowFilters,
      Collection<ColumnMaskPolicy> columnMasks) {
    this.version = version;
    Map<String, TagDefinition> tagsByName = new HashMap<>();
    for (TagDefinition tag : requireNonNull(tags, "tags is null")) {
      if (tagsByName.put(tag.name(), tag) != null) {
        throw new IllegalArgumentException("Duplicate tag " + tag.name());
      }
    }
    this.tags = Map.copyOf(tagsByName);
    this.assignments = List.copyOf(requireNonNull(assignments, "assignments is null"));
    this.rowFilters = rowFilters.stream().sorted(FILTER_ORDER).toList();
    this.columnMasks = columnMasks.stream().sorted(MASK_ORDER).toList();

    Set<Long> assignmentIds = new HashSet<>();
    for (TagAssignment assignment : this.assignments) {
      if (!assignmentIds.add(assignment.id())) {
        throw new IllegalArgumentException("Duplicate tag assignment id " + assignment.id());
      }
      if (assignment.fieldId().isPresent()) {
        tagsOnColumn
            .computeIfAbsent(assignment.securable(), table -> new HashMap<>())
            .computeIfAbsent(assignment.fieldId().getAsInt(), fieldId -> new LinkedHashSet<>())
            .add(assignment.tag());
      } else {
        tagsOnSecurable
            .computeIfAbsent(assignment.securable(), securable -> new LinkedHashSet<>())
            .add(assignment.tag());
      }
    }
    Set<Long> policyIds = new HashSet<>();
    for (RowFilterPolicy filter : this.rowFilters) {
      if (!policyIds.add(filter.id())) {
        throw new IllegalArgumentException("Duplicate policy id " + filter.id());
      }
      filtersByTable.computeIfAbsent(filter.table(), table -> new ArrayList<>()).add(filter);
    }
    for (ColumnMaskPolicy mask : this.columnMasks) {
      if (!policyIds.add(mask.id())) {
        throw new IllegalArgumentException("Duplicate policy id " + mask.id());
      }
      switch (mask.target()) {
        case MaskTarget.Column column ->
            masksByColumn
                .computeIfAbsent(column.table(), table -> new HashMap<>())
                .computeIfAbsent(column.fieldId(), fieldId -> new ArrayList<>())
                .add(mask);
        case MaskTarget.Tag tag ->
            masksByTag.computeIfAbsent(tag.tag(), name -> new ArrayList<>()).add(mask);
      }
    }
  }

  /** An empty state at version 0. */
  public static GovernanceState empty() {
    return new GovernanceState(0, List.of(), List.of(), List.of(), List.of());
  }

  public long version() {
    return version;
  }

  public Optional<TagDefinition> tag(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  public Collection<TagDefinition> tags() {
    return tags.values();
  }

  public List<TagAssignment> assignments() {
    return assignments;
  }

  /** The row filters, by id. */
  public List<RowFilterPolicy> rowFilters() {
    return rowFilters;
  }

  /** The column masks, by id. */
  public List<ColumnMaskPolicy> columnMasks() {
    return columnMasks;
  }

  /**
   * The tags assigned to a securable or to any container above it: the tags that apply to it (the
   * tags an {@code Authorizer} target carries).
   */
  public Set<String> effectiveTags(Securable securable) {
    Set<String> effective = new LinkedHashSet<>();
    for (Securable level : securable.selfAndAncestors()) {
      effective.addAll(tagsOnSecurable.getOrDefault(level, Set.of()));
    }
    return effective;
  }

  /** The tags assigned to one column itself (not those inherited from its table and above). */
  public Set<String> columnTags(Securable table, int fieldId) {
    return tagsOnColumn.getOrDefault(table, Map.of()).getOrDefault(fieldId, Set.of());
  }

  /** The row filters on a table, by id. */
  public List<RowFilterPolicy> rowFiltersOn(Securable table) {
    return filtersByTable.getOrDefault(table, List.of());
  }

  /** The mask policies on one column of a table, by id. */
  public List<ColumnMaskPolicy> masksOnColumn(Securable table, int fieldId) {
    return masksByColumn.getOrDefault(table, Map.of()).getOrDefault(fieldId, List.of());
  }

  /** The mask policies on exactly this tag (not on its ancestors), by id. */
  public List<ColumnMaskPolicy> masksOnTag(String tag) {
    return masksByTag.getOrDefault(tag, List.of());
  }
}
