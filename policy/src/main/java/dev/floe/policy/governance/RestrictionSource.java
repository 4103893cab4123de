package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.api.CallerIdentity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row filters and column masks from outside Floe's own policies, added to an evaluation by {@link
 * GovernanceEvaluator}: with {@code floe.authorization.type=opa}, the ones OPA's {@code
 * restrictions} rule answers ({@code dev.floe.policy.opa.OpaRestrictions}); with the built-in RBAC,
 * {@link #none()}.
 *
 * <p>The evaluator asks once per evaluation, for every table the caller may select from, and
 * combines the answer with Floe's own so that it can only tighten: filters are added with {@code
 * AND}; a mask applies only to a column Floe leaves unmasked (see {@link GovernanceEvaluator}).
 * The evaluator validates everything a source answers against the table's current schema (a
 * filter or SQL mask that does not parse or names an unknown column, a library mask that does not
 * serve the column's type) and denies the table when something is invalid: a source returns what
 * it was told, unchecked.
 */
@FunctionalInterface
public interface RestrictionSource {
  /**
   * The extra restrictions of the tables of one evaluation.
   *
   * @param caller who asks
   * @param catalog the catalog of the tables
   * @param tables the tables the caller may select from, with their schema, tags and the columns
   *     the query touches; never empty
   * @return one entry per table, in the same order
   * @throws RuntimeException when the source cannot answer; the evaluator then denies every table
   *     (fail closed)
   */
  List<Restrictions> restrictions(CallerIdentity caller, String catalog, List<Table> tables);

  /** No extra restrictions, without asking anything: the built-in evaluation. */
  static RestrictionSource none() {
    return (caller, catalog, tables) -> Collections.nCopies(tables.size(), Restrictions.NONE);
  }

  /**
   * A table of the evaluation, as a source sees it.
   *
   * @param table the table
   * @param schema its current schema (all top-level columns, not only the asked ones)
   * @param tags the tags that apply to the table: its own and its namespaces' and catalog's
   * @param columns the asked columns that are visible after Floe's own evaluation, each once, in
   *     the order asked
   */
  record Table(Securable table, TableSchema schema, Set<String> tags, List<Column> columns) {
    public Table {
      requireNonNull(table, "table is null");
      requireNonNull(schema, "schema is null");
      tags = Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(tags, "tags is null")));
      columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
  }

  /**
   * An asked column.
   *
   * @param column the column of the current schema
   * @param tags the tags that apply to it: its own and those of its table and containers
   */
  record Column(SchemaColumn column, Set<String> tags) {
    public Column {
      requireNonNull(column, "column is null");
      tags = Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(tags, "tags is null")));
    }
  }

  /**
   * What a source adds to one table.
   *
   * @param rowFilters boolean Trino SQL expressions over the table's column names (case-insensitive,
   *     as Trino resolves them), each applied with {@code AND}, in this order
   * @param masks at most one mask per column, by field id (of a column of {@link Table#columns()})
   */
  record Restrictions(List<String> rowFilters, Map<Integer, ExtraMask> masks) {
    /** Nothing added. */
    public static final Restrictions NONE = new Restrictions(List.of(), Map.of());

    public Restrictions {
      rowFilters = List.copyOf(requireNonNull(rowFilters, "rowFilters is null"));
      masks = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(masks, "masks is null")));
      masks.forEach(
          (fieldId, mask) -> {
            requireNonNull(fieldId, "mask field id is null");
            requireNonNull(mask, "mask is null");
          });
    }
  }

  /** A mask a source puts on a column. */
  sealed interface ExtraMask permits ExtraMask.Library, ExtraMask.Sql {
    /**
     * A mask of Floe's library, rendered for the column's type by {@code MaskRenderer} (a HASH uses
     * the catalog's salt); one that does not serve the column's type is invalid.
     *
     * @param mask any mask but {@link Mask.Custom} (a custom expression is an {@link Sql})
     */
    record Library(Mask mask) implements ExtraMask {
      public Library {
        requireNonNull(mask, "mask is null");
        if (mask instanceof Mask.Custom) {
          throw new IllegalArgumentException("A custom expression is an ExtraMask.Sql, not a library mask");
        }
      }
    }

    /**
     * A Trino SQL expression over the table's column names, used as given once it parses and its
     * column references resolve: its type must be the column's Trino type, which Floe does not
     * check (Trino fails the query otherwise). That is the author's responsibility.
     */
    record Sql(String expression) implements ExtraMask {
      public Sql {
        requireNonNull(expression, "expression is null");
      }
    }
  }
}
