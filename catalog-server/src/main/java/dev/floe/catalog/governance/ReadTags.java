package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.TableAccessReport;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The classification tags of what a query read, as they are when the engine reports it: the
 * production lookup is {@link GovernanceReadTags}; tests pass their own.
 */
@FunctionalInterface
public interface ReadTags {
  /** The tags of the table read and of each read column that carries any. */
  TableTags of(TableAccessReport table);

  /**
   * @param table the tags that apply to the table (its own and its containers')
   * @param columns read column name → the tags assigned to that column; columns without tags absent
   */
  record TableTags(SortedSet<String> table, Map<String, SortedSet<String>> columns) {
    public static final TableTags NONE = new TableTags(new TreeSet<>(), Map.of());

    public TableTags {
      table = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(table, "table is null")));
      Map<String, SortedSet<String>> copy = new TreeMap<>();
      requireNonNull(columns, "columns is null").forEach((column, tags) -> copy.put(column, java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tags))));
      columns = java.util.Collections.unmodifiableMap(copy);
    }

    /** The table's tags and every read column's, sorted. */
    public SortedSet<String> all() {
      SortedSet<String> all = new TreeSet<>(table);
      columns.values().forEach(all::addAll);
      return all;
    }
  }
}
