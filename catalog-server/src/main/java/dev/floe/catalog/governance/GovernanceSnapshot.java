package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.RowFilterPolicy;
import dev.floe.policy.governance.TagDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every governance row at one {@code governance_version}, immutable: the stored records (for the
 * management API) and one {@link GovernanceState} per catalog (for the evaluation and the tag
 * source), each carrying every tag definition.
 */
final class GovernanceSnapshot {
  static final GovernanceSnapshot EMPTY = new GovernanceSnapshot(0, List.of(), List.of(), List.of(), List.of(), Map.of());

  private final long version;
  private final Map<String, TagRecord> tags;
  private final Map<Long, AssignmentRecord> assignments;
  private final Map<Long, PolicyRecord<RowFilterPolicy>> rowFilters;
  private final Map<Long, PolicyRecord<ColumnMaskPolicy>> columnMasks;
  private final Map<String, String> salts;
  private final Map<String, GovernanceState> states;
  private final GovernanceState emptyState;

  GovernanceSnapshot(
      long version,
      Collection<TagRecord> tags,
      Collection<AssignmentRecord> assignments,
      Collection<PolicyRecord<RowFilterPolicy>> rowFilters,
      Collection<PolicyRecord<ColumnMaskPolicy>> columnMasks,
      Map<String, String> salts) {
    this.version = version;
    Map<String, TagRecord> tagsByName = new TreeMap<>();
    tags.forEach(tag -> tagsByName.put(tag.definition().name(), tag));
    this.tags = java.util.Collections.unmodifiableMap(tagsByName);
    Map<Long, AssignmentRecord> assignmentsById = new TreeMap<>();
    assignments.forEach(assignment -> assignmentsById.put(assignment.assignment().id(), assignment));
    this.assignments = java.util.Collections.unmodifiableMap(assignmentsById);
    Map<Long, PolicyRecord<RowFilterPolicy>> filtersById = new TreeMap<>();
    rowFilters.forEach(filter -> filtersById.put(filter.policy().id(), filter));
    this.rowFilters = java.util.Collections.unmodifiableMap(filtersById);
    Map<Long, PolicyRecord<ColumnMaskPolicy>> masksById = new TreeMap<>();
    columnMasks.forEach(mask -> masksById.put(mask.policy().id(), mask));
    this.columnMasks = java.util.Collections.unmodifiableMap(masksById);
    this.salts = Map.copyOf(requireNonNull(salts, "salts is null"));

    List<TagDefinition> definitions = tagsByName.values().stream().map(TagRecord::definition).toList();
    Set<String> catalogs = new HashSet<>(salts.keySet());
    assignments.forEach(assignment -> catalogs.add(assignment.catalog()));
    rowFilters.forEach(filter -> catalogs.add(filter.catalog()));
    columnMasks.forEach(mask -> catalogs.add(mask.catalog()));
    Map<String, GovernanceState> byCatalog = new HashMap<>();
    for (String catalog : catalogs) {
      byCatalog.put(
          catalog,
          new GovernanceState(
              version,
              definitions,
              assignmentsById.values().stream().filter(record -> record.catalog().equals(catalog)).map(AssignmentRecord::assignment).toList(),
              filtersById.values().stream().filter(record -> record.catalog().equals(catalog)).map(PolicyRecord::policy).toList(),
              masksById.values().stream().filter(record -> record.catalog().equals(catalog)).map(PolicyRecord::policy).toList()));
    }
    this.states = Map.copyOf(byCatalog);
    this.emptyState = new GovernanceState(version, definitions, List.of(), List.of(), List.of());
  }

  long version() {
    return version;
  }

  GovernanceState stateOf(String catalog) {
    return states.getOrDefault(catalog, emptyState);
  }

  Optional<String> hashSalt(String catalog) {
    return Optional.ofNullable(salts.get(catalog));
  }

  /** Every tag definition, by name. */
  Collection<TagRecord> tags() {
    return tags.values();
  }

  Optional<TagRecord> tag(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  /** The assignments of a catalog, by id. */
  List<AssignmentRecord> assignments(String catalog) {
    return new ArrayList<>(assignments.values().stream().filter(record -> record.catalog().equals(catalog)).toList());
  }

  /** Every assignment of every catalog, by id. */
  Collection<AssignmentRecord> allAssignments() {
    return assignments.values();
  }

  Optional<AssignmentRecord> assignment(long id) {
    return Optional.ofNullable(assignments.get(id));
  }

  List<PolicyRecord<RowFilterPolicy>> rowFilters(String catalog) {
    return rowFilters.values().stream().filter(record -> record.catalog().equals(catalog)).toList();
  }

  Optional<PolicyRecord<RowFilterPolicy>> rowFilter(long id) {
    return Optional.ofNullable(rowFilters.get(id));
  }

  List<PolicyRecord<ColumnMaskPolicy>> columnMasks(String catalog) {
    return columnMasks.values().stream().filter(record -> record.catalog().equals(catalog)).toList();
  }

  /** Every mask of every catalog, by id. */
  Collection<PolicyRecord<ColumnMaskPolicy>> allColumnMasks() {
    return columnMasks.values();
  }

  Optional<PolicyRecord<ColumnMaskPolicy>> columnMask(long id) {
    return Optional.ofNullable(columnMasks.get(id));
  }
}
