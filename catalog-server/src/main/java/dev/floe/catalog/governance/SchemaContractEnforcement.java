package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.iceberg.SchemaChangeCheck;
import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.contracts.ContractChecker;
import dev.floe.policy.contracts.ContractColumn;
import dev.floe.policy.contracts.ContractSchema;
import dev.floe.policy.contracts.ContractViolation;
import dev.floe.policy.contracts.SchemaContractViolationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The schema contracts on every commit to an existing table (single-table commits, multi-table
 * transactions, replace-table transactions: all reach {@code FloeTableOperations.doCommit}): when
 * the commit changes the current schema, the contracts of the table, its namespace and the
 * namespace's ancestors are read and checked, old schema against new; a violation refuses the
 * commit with {@link SchemaContractViolationException} (409) before anything is written.
 */
@ApplicationScoped
public class SchemaContractEnforcement implements SchemaChangeCheck {
  private final SchemaContractStore contracts;
  private final PostgresGovernanceStore governance;

  @Inject
  public SchemaContractEnforcement(SchemaContractStore contracts, PostgresGovernanceStore governance) {
    this.contracts = requireNonNull(contracts, "contracts is null");
    this.governance = requireNonNull(governance, "governance is null");
  }

  @Override
  public void check(CatalogRecord catalog, TableIdentifier table, TableMetadata base, TableMetadata updated) {
    Schema before = base.schema();
    Schema after = updated.schema();
    if (before.schemaId() == after.schemaId() && before.asStruct().equals(after.asStruct())) {
      return; // a data or property commit: nothing to check, nothing read
    }
    List<SchemaContractRecord> governing = contracts.governing(catalog.id(), table);
    if (governing.isEmpty()) {
      return;
    }
    Securable securable = Securable.table(catalog.name(), Arrays.asList(table.namespace().levels()), table.name());
    ContractSchema oldSchema = contractSchema(before);
    ContractSchema newSchema = contractSchema(after);
    Map<Integer, Set<String>> tags = tagsByFieldId(securable, newSchema);
    List<ContractViolation> violations = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (SchemaContractRecord contract : governing) {
      for (ContractViolation violation : ContractChecker.check(oldSchema, newSchema, List.of(contract.rules()), tags)) {
        violations.add(violation);
        lines.add(violation.message() + " (contract " + contract.id() + " on " + contract.securable() + ")");
      }
    }
    if (!violations.isEmpty()) {
      throw new SchemaContractViolationException(
          "Schema change of " + securable + " refused by its schema contracts: " + String.join("; ", lines), violations);
    }
  }

  /** Every field of a schema, nested ones with their full names and their parents' field ids. */
  public static ContractSchema contractSchema(Schema schema) {
    Map<Integer, Integer> parents = TypeUtil.indexParents(schema.asStruct());
    List<ContractColumn> columns = new ArrayList<>();
    for (Types.NestedField field : TypeUtil.indexById(schema.asStruct()).values()) {
      String name = schema.findColumnName(field.fieldId());
      columns.add(
          new ContractColumn(
              field.fieldId(),
              name == null ? field.name() : name,
              field.type().toString(),
              field.isRequired(),
              Optional.ofNullable(field.doc()),
              Optional.ofNullable(parents.get(field.fieldId()))));
    }
    columns.sort((left, right) -> Integer.compare(left.fieldId(), right.fieldId()));
    return ContractSchema.of(columns);
  }

  /**
   * The tags of each column of the table: those on the column itself and those it inherits from
   * the table, its namespaces and the catalog.
   */
  private Map<Integer, Set<String>> tagsByFieldId(Securable table, ContractSchema schema) {
    Set<String> inherited = new HashSet<>();
    Map<Integer, Set<String>> own = new HashMap<>();
    for (AssignmentRecord record : governance.assignments(table.catalogName())) {
      Securable on = record.assignment().securable();
      if (record.assignment().fieldId().isPresent()) {
        if (on.equals(table)) {
          own.computeIfAbsent(record.assignment().fieldId().getAsInt(), id -> new HashSet<>()).add(record.assignment().tag());
        }
      } else if (on.type() != SecurableType.VIEW && on.isSelfOrAncestorOf(table)) {
        inherited.add(record.assignment().tag());
      }
    }
    return schema.columns().stream()
        .collect(Collectors.toMap(ContractColumn::fieldId, column -> {
          Set<String> tags = new HashSet<>(inherited);
          tags.addAll(own.getOrDefault(column.fieldId(), Set.of()));
          return tags;
        }));
  }
}
