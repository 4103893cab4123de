package dev.floe.catalog.handler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.auth.AccessGuard;
import dev.floe.catalog.governance.SchemaContractRecord;
import dev.floe.catalog.governance.SchemaContractStore;
import dev.floe.catalog.iceberg.CatalogRegistry;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.json.FloeJson;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.Target;
import dev.floe.policy.contracts.ContractRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Schema contracts in the management API: authorizes each call (CATALOG_MANAGE_POLICIES through
 * the {@code *_SCHEMA_CONTRACT} operations), writes through the store and records every change in
 * the audit trail with the contract before and after it, as the other governance items.
 */
@ApplicationScoped
public class SchemaContractManagement {
  private final SchemaContractStore store;
  private final CatalogRegistry registry;
  private final AccessGuard guard;
  private final AuditedChanges changes;

  @Inject
  public SchemaContractManagement(SchemaContractStore store, CatalogRegistry registry, AccessGuard guard, AuditedChanges changes) {
    this.store = requireNonNull(store, "store is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.guard = requireNonNull(guard, "guard is null");
    this.changes = requireNonNull(changes, "changes is null");
  }

  public List<SchemaContractRecord> list(String catalog) {
    authorizeInCatalog(Operation.LIST_SCHEMA_CONTRACTS, Target.of(Securable.catalog(catalog)), catalog);
    return store.contracts(catalog);
  }

  public SchemaContractRecord contract(String catalog, long id) {
    authorizeInCatalog(Operation.LIST_SCHEMA_CONTRACTS, Target.of(Securable.catalog(catalog)), catalog);
    return existing(catalog, id);
  }

  /** A contract on a namespace or a table. */
  public SchemaContractRecord create(Securable on, ContractRules rules) {
    if (on.type() != SecurableType.NAMESPACE && on.type() != SecurableType.TABLE) {
      throw new BadRequestException("Invalid schema contract: it goes on a namespace or a table, got %s", on);
    }
    Target target = Target.of(on);
    authorizeInCatalog(Operation.CREATE_SCHEMA_CONTRACT, target, on.catalogName());
    Map<String, String> details = new TreeMap<>();
    return changes.run(Operation.CREATE_SCHEMA_CONTRACT, List.of(target), details, () -> after(details, store.create(on, rules, actor())));
  }

  /** Replaces a contract's rules; it stays on its namespace or table ({@code on}, when given, must be it). */
  public SchemaContractRecord update(String catalog, long id, Optional<Securable> on, ContractRules rules) {
    authorizeInCatalog(Operation.UPDATE_SCHEMA_CONTRACT, Target.of(Securable.catalog(catalog)), catalog);
    SchemaContractRecord before = existing(catalog, id);
    if (on.isPresent() && !on.get().equals(before.securable())) {
      throw new BadRequestException(
          "Invalid schema contract: contract %d stays on %s; to govern %s, create a contract there", id, before.securable(), on.get());
    }
    Map<String, String> details = new TreeMap<>();
    details.put("before", json(describe(before)));
    return changes.run(
        Operation.UPDATE_SCHEMA_CONTRACT, List.of(Target.of(before.securable())), details, () -> after(details, store.update(catalog, id, rules, actor())));
  }

  public void drop(String catalog, long id) {
    authorizeInCatalog(Operation.DROP_SCHEMA_CONTRACT, Target.of(Securable.catalog(catalog)), catalog);
    SchemaContractRecord before = existing(catalog, id);
    Map<String, String> details = new TreeMap<>();
    details.put("before", json(describe(before)));
    changes.run(Operation.DROP_SCHEMA_CONTRACT, List.of(Target.of(before.securable())), details, () -> store.drop(catalog, id));
  }

  private SchemaContractRecord existing(String catalog, long id) {
    return store.contract(catalog, id).orElseThrow(() -> new NotFoundException("Schema contract does not exist: %d", id));
  }

  private void authorizeInCatalog(Operation operation, Target target, String catalog) {
    guard.authorizeExisting(
        operation,
        target,
        () -> registry.find(catalog).isPresent(),
        () -> new NoSuchWarehouseException("Warehouse does not exist: %s", catalog));
  }

  private String actor() {
    return guard.caller().name();
  }

  private static SchemaContractRecord after(Map<String, String> details, SchemaContractRecord record) {
    details.put("after", json(describe(record)));
    return record;
  }

  private static Map<String, Object> describe(SchemaContractRecord record) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", record.id());
    description.put("version", record.version());
    description.put("securable", record.securable().toString());
    description.put("rules", record.rules().toJson());
    return description;
  }

  private static String json(Map<String, Object> value) {
    try {
      return FloeJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
