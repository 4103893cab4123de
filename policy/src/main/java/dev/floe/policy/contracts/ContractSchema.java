package dev.floe.policy.contracts;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The columns of one schema of a table, by field id, in the schema's order. */
public record ContractSchema(Map<Integer, ContractColumn> columnsByFieldId) {
  public ContractSchema {
    // in the schema's order, so violations are reported in it
    columnsByFieldId = Collections.unmodifiableMap(new LinkedHashMap<>(columnsByFieldId));
  }

  public static ContractSchema of(List<ContractColumn> columns) {
    Map<Integer, ContractColumn> byId = new LinkedHashMap<>();
    for (ContractColumn column : columns) {
      if (byId.put(column.fieldId(), column) != null) {
        throw new IllegalArgumentException("Duplicate field id " + column.fieldId());
      }
    }
    return new ContractSchema(byId);
  }

  public Optional<ContractColumn> byFieldId(int fieldId) {
    return Optional.ofNullable(columnsByFieldId.get(fieldId));
  }

  public Optional<ContractColumn> byName(String name) {
    return columnsByFieldId.values().stream().filter(column -> column.name().equals(name)).findFirst();
  }

  public Collection<ContractColumn> columns() {
    return columnsByFieldId.values();
  }
}
