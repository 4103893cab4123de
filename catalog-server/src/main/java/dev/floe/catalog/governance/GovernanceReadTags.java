package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.TableAccessReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * Read tags from the governance data this node holds: the table's effective tags, and the tags
 * assigned to each read column, found by name (ignoring case, as Trino does) in the table's current
 * schema. A column the schema does not have (or has twice, in different cases) has no tags; a
 * schema that cannot be read leaves every column without tags and says so in the log, rather than
 * losing the access report.
 */
@ApplicationScoped
public class GovernanceReadTags implements ReadTags {
  private static final Logger LOG = Logger.getLogger(GovernanceReadTags.class);

  /** A table's current schema; empty when there is no such table. */
  @FunctionalInterface
  interface Schemas {
    Optional<TableSchema> schema(String catalog, TableIdentifier table);
  }

  private final GovernanceSource governance;
  private final Schemas schemas;

  @Inject
  public GovernanceReadTags(GovernanceSource governance, GovernanceEvaluation evaluation) {
    this(governance, evaluation::currentSchema);
  }

  GovernanceReadTags(GovernanceSource governance, Schemas schemas) {
    this.governance = requireNonNull(governance, "governance is null");
    this.schemas = requireNonNull(schemas, "schemas is null");
  }

  @Override
  public TableTags of(TableAccessReport table) {
    GovernanceState state = governance.stateOf(table.catalog());
    Securable securable = Securable.table(table.catalog(), table.namespace(), table.table());
    Set<String> tableTags = state.effectiveTags(securable);
    Optional<TableSchema> schema = schema(table);
    Map<String, SortedSet<String>> columns = new HashMap<>();
    if (schema.isPresent()) {
      for (String column : table.columns()) {
        List<SchemaColumn> found = schema.get().byNameIgnoringCase(column);
        if (found.size() == 1) {
          Set<String> tags = state.columnTags(securable, found.getFirst().fieldId());
          if (!tags.isEmpty()) {
            columns.put(column, new TreeSet<>(tags));
          }
        }
      }
    }
    return new TableTags(new TreeSet<>(tableTags), columns);
  }

  private Optional<TableSchema> schema(TableAccessReport table) {
    TableIdentifier identifier = TableIdentifier.of(Namespace.of(table.namespace().toArray(String[]::new)), table.table());
    try {
      return schemas.schema(table.catalog(), identifier);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Cannot read the schema of %s.%s to record its column tags in the audit trail", table.catalog(), identifier);
      return Optional.empty();
    }
  }
}
